"""Guess what a raw table is and what its columns mean.

Everything guessed here ends up in the import recipe, where the user can see it
and correct it; nothing here is final.
"""

from __future__ import annotations

import re

import pandas as pd

from . import aggregates, labels, profiling
from .layouts import is_overall
from .schema import TABLES
from .table_kinds import (aggregated_reason, is_customer_table, label_list, lookup_reason,  # noqa: F401
                          not_data_reason)

# Header synonyms per table and canonical column. Headers are normalised first
# (lower case, punctuation and scale hints such as "(1-5)" removed), then matched
# against these regular expressions in order; the first match wins.
_SYNONYMS: dict[str, list[tuple[str, str]]] = {
    "feedback": [
        ("response_id", r"^(response|resp|respondent|survey|submission|record|complaint|ticket|case|feedback|interview|review|"
                        r"reservation|booking|order|visit|call|contact|interaction|transaction|stay)s? ?(id|number|no|nr|ref|reference|key)$|^(id|uid|response|respondent|respondent id)$"
                        r"|^(id|numero|n|nr|no) (de )?(reponse|repondant|respuesta|encuestado|resposta|risposta|antwoord|avis|resena|opinion)$"
                        r"|^(antwort|befragten|bewertungs|rezensions)( ?id| ?nummer)$"),
        ("date", r"^(date|day|timestamp|datetime|time stamp|created|created at|created on|submitted|submitted at|submitted on|completed|completed at|end date|response date|survey date|feedback date|interview date|date received|received|received date|visit date|date of (visit|response|survey)|"
                 # survey tools: Qualtrics, Microsoft Forms, Typeform ('Submit Date (UTC)')
                 r"(start|end|submit|submission|completion|recorded) (date|time)( utc)?|"
                 # fr, es, de, pt, it, nl
                 r"date( de (la )?(reponse|visite|l avis|publication|creation|soumission))?|fecha( de (respuesta|visita|publicacion|creacion))?|"
                 r"datum|erstellt am|eingangsdatum|data( da (resposta|visita|avaliacao|publicacao))?|data( di (risposta|visita|pubblicazione))?|"
                 r"datum (van )?(beoordeling|bezoek|antwoord))$"),
        ("stage", r"^(journey )?(stage|phase)( name)?$|^(customer )?(lifecycle|journey) (stage|phase|step)$|^journey$|"
                  r"^(etape|etapa|fase|phase|stufe|fase del percorso|fase van de reis)( du parcours| del viaje| da jornada)?$"),
        ("touchpoint", r"^(touch ?points?|touch point name|touchpoint name|interaction( point| type)?|moment( of truth)?|service moment|journey step|step|"
                       r"point de contact|punto de contacto|kontaktpunkt|ponto de contato|punto di contatto|contactmoment)$"),
        ("channel", r"^(channel|contact channel|channel used|submitted via|received via|medium|via|source channel|contact method|touchpoint channel|"
                    r"canal|canal de contact|canal de contacto|kanal|kontaktkanal|canale|kanaal)$"),
        ("persona", r"^(persona|personas|segment|customer segment|segment name|persona name|customer persona|profile|"
                    r"which (segment|persona)( best)? describes? you.*)$"),
        ("ces", r"^(.*\bces\b.*|(customer )?effort( score| rating)?|ease|ease score|ease of use|"
                r"how easy .*|how (difficult|hard) .*|how much effort .*|effort client|esfuerzo( del cliente)?|kundenaufwand|esforco( do cliente)?|sforzo( del cliente)?|klantinspanning)$"),
        ("nps", r"^(nps|.*\bnps\b.*|ltr|likelihood to recommend|likely to recommend|recommend( score)?|recommendation|how likely .*recommend.*|net promoter( score)?|nps score|promoter score|"
                r"recommandation|probabilite de recommand.*|recomendacion|probabilidad de recomendar.*|weiterempfehlung.*|"
                r"recomendacao|probabilidade de recomendar.*|raccomandazione|probabilita di raccomandare.*|aanbeveling|"
                r"kans (dat|op) .*aanbevel.*)$"),
        ("csat", r"^(csat|.*\bcsat\b.*|sat|satisfaction( score)?|overall satisfaction|customer satisfaction|satisfaction rating|how satisfied.*|"
                 r"(customer |client |guest |overall |general )?satisfaction (rating|score|level|index)|(sat|satisfaction) overall|"
                 r"overall (sat|satisfaction)( rating| score)?|"
                 r"satisfaction (globale|client)|satisfaccion( general| del cliente)?|zufriedenheit|gesamtzufriedenheit|kundenzufriedenheit|"
                 r"satisfacao( geral| do cliente)?|soddisfazione( generale| del cliente)?|tevredenheid|klanttevredenheid)$"),
        ("rating", r"^(rating|score|stars?|star rating|review rating|review score|overall rating|grade|"
                   r"note|note globale|etoiles|nombre d etoiles|puntuacion|calificacion|valoracion|estrellas|bewertung|sterne|"
                   r"nota|avaliacao|estrelas|voto|valutazione|stelle|cijfer|beoordeling|sterren|score sur 5)$"),
        ("sentiment", r"^(sentiment|sentiment score|polarity|tone)$"),
        ("complaint", r"^(complaint|complain|is complaint|complaint flag|complained|complaints flag|reclamation|reclamacion|"
                      r"beschwerde|reclamacao|reclamo|klacht)$"),
        ("abandoned", r"^(abandoned|abandon|abandonment|dropped|drop off|dropout|abandoned flag)$"),
        ("comment", r"^(commentaires?|avis|texte de l avis|verbatim client|comentarios?|opinion|resena|texto|kommentare?|"
                    r"bemerkung(en)?|rezension|bewertungstext|freitext|comentarios?|avaliacao texto|texto da avaliacao|"
                    r"commenti|commento|recensione|testo|opmerking(en)?|toelichting|recensie)$|^(comments?|verbatims?|feedback( text)?|free ?text|open text|open comment|review( text)?|text|remarks?|notes?|consumer complaint narrative|narrative|complaint( text)?|why|reason for score|what could we improve|customer comment|description)$"
                    # open questions as survey tools export them
                    r"|^((is there )?anything else|any (other|further|additional) (comments?|feedback|thoughts|suggestions)|"
                    r"additional (comments?|feedback)|other comments?|(please )?tell us (more|why)|"
                    r"why did you (give|rate|score)|what (could|can|should) we (do|improve|change)|"
                    r"how (could|can) we improve|reason for (your |the )?(score|rating))\b.*$"),
    ],
    "touchpoints": [
        ("touchpoint", r"^(touch ?points?|touch point name|touchpoint name|interaction|moment|step|name)$"),
        ("stage", r"^(journey )?(stage|phase)( name)?$"),
        ("stage_order", r"^(stage|phase)? ?(order|number|no|nr|position|sequence|seq|index)$"),
        ("channel", r"^(channel|medium)$"),
        ("owner", r"^(owner|owning team|team|responsible( team)?|department|accountable|touchpoint owner)$"),
        ("volume", r"^((monthly )?volume|customers( per month| month)?|monthly customers|traffic|visits( per month)?|monthly volume|volume per month|customers per month|reach)$"),
        ("csat", r"^(csat|satisfaction|avg csat|mean csat)$"),
        ("ces", r"^(ces|effort|avg ces|mean ces)$"),
        ("nps", r"^(nps|net promoter score)$"),
    ],
    "opportunities": [
        ("opportunity", r"^(opportunity|opportunities|idea|initiative|improvement|project|opportunity name|title|name)$"),
        ("touchpoint", r"^(touch ?points?|linked touchpoint|touchpoint name)$"),
        ("stage", r"^(journey )?(stage|phase)$"),
        ("customer_value", r"^(customer value|customer impact|value to customers?|cx impact|impact)$"),
        ("business_value", r"^(business value|value to business|business impact|value)$"),
        ("effort", r"^(effort|job size|size|complexity|effort estimate)$"),
        ("confidence", r"^(confidence|certainty)$"),
        ("reach", r"^(reach\b.*|customers (reached|affected)( month| per month)?)$"),
        ("cost", r"^(cost|cost estimate|budget)( eur| usd| gbp)?$"),
        ("time_criticality", r"^(time criticality|time critical|urgency|time sensitivity|cost of delay)$"),
        ("risk_reduction", r"^(risk reduction|risk reduction( and)? opportunity enablement|rr ?oe|opportunity enablement)$"),
        ("owner", r"^(owner|team|owning team|responsible)$"),
        ("goal", r"^(strategic goal|goal|objective|strategic objective|strategy)$"),
        ("status", r"^(status|state)$"),
    ],
    "maturity": [
        ("rater", r"^(rater|respondent|assessor|name|rater name|participant)$"),
        ("department", r"^(department|function|team|business unit)$"),
        ("date", r"^(date|assessment date|round date)$"),
        ("dimension", r"^(dimension|pillar|area|capability|competency)$"),
        ("question", r"^(statement|question|item|criterion|criteria)$"),
        ("score", r"^(score|answer|rating|agreement)$"),
    ],
}

_COMPILED = {t: [(c, re.compile(p)) for c, p in pats] for t, pats in _SYNONYMS.items()}

_SCALE_HINT = profiling.SCALE_HINT
normalise_header = profiling.normalise_header


def scale_hint(header: str) -> tuple[int, int] | None:
    """(low, high) when the header states a scale, e.g. 'Effort (CES 1-7)' -> (1, 7)."""
    m = _SCALE_HINT.search(str(header))
    if not m:
        return None
    low, high = int(m.group(1)), int(m.group(2))
    return (low, high) if low < high <= 100 else None


def match_column(table: str, header: str) -> str | None:
    found = match_columns(table, header)
    return found[0] if found else None


def match_columns(table: str, header: str) -> list[str]:
    """Every canonical column the header may name, in order of preference ('Note': rating, then comment)."""
    norm = normalise_header(header)
    return [canonical for canonical, pattern in _COMPILED[table] if pattern.match(norm)]


_METRICS = ("csat", "ces", "nps", "rating")


def fits(canonical: str, profile: profiling.ColumnProfile | None) -> bool:
    """Whether a column's values can hold ``canonical``: a score is no free text, a comment no number.

    Without a profile (a header list only) every match fits, as before profiles existed.
    """
    if profile is None:
        return True
    kind = profile.kind
    if canonical in _METRICS:
        if kind == "empty":
            return True  # an empty column named as a score says nothing against it: kept as named
        if kind in ("free_text", "identifier", "date", "importance", "geography", "sentiment"):
            return False
        # numbers, or answers written as scale words ('Very satisfied'); not other labels
        return profile.numeric >= 0.5 or labels.score_share(pd.Series(profile.values, dtype="object"), canonical) >= 0.8
    if canonical == "comment":
        return profile.numeric < 0.5 and kind not in ("date", "sentiment")
    if canonical in ("touchpoint", "stage", "channel", "persona"):
        return kind not in ("free_text", "date") and profile.numeric < 0.9
    if canonical == "sentiment":
        return kind != "free_text"
    return True


#: A matrix question's columns as survey tools export them: "How satisfied were you with ... - Website".
_MATRIX_ITEM = re.compile(r"^(?P<question>.*\S)\s+[-–]\s+(?P<item>\S.*)$"  # the last ' - ' splits
                          r"|^(?P<gquestion>.*\S)\s*\[(?P<gitem>[^\[\]]*\S[^\[\]]*)\]$")  # Google Forms: 'Question [Item]'
#: Items of one matrix question make a group when there are at least this many.
MATRIX_MIN_ITEMS = 3


def matrix_items(headers: list[str]) -> dict[str, str]:
    """Header -> item label, for headers that are items of one matrix question ('<question> - <item>').

    Survey tools (Qualtrics, SurveyMonkey, Microsoft Forms) export a grid question as one
    column per rated item, each header repeating the question. Such columns are the items a
    wide survey rates (touchpoints), not several copies of one metric.
    """
    groups: dict[str, list[tuple[str, str]]] = {}
    for h in headers:
        m = _MATRIX_ITEM.match(str(h).strip())
        if m:
            question, item = (m.group("question"), m.group("item")) if m.group("question") else (
                m.group("gquestion"), m.group("gitem"))
            groups.setdefault(question, []).append((h, item.strip()))
    return {h: item for members in groups.values() if len(members) >= MATRIX_MIN_ITEMS for h, item in members}


def guess_mapping(table: str, headers: list[str],
                  profiles: dict[str, profiling.ColumnProfile] | None = None) -> dict[str, str]:
    """Header -> canonical column, first matching header wins for each canonical column.

    Items of a matrix question ('How satisfied ... - Website') are never mapped to a metric:
    they are one rating per touchpoint (a wide survey), not one score column. With ``profiles``
    a header takes the first canonical column its values can hold (a French 'Note' of stars is
    a rating, an English 'Note' of prose a comment), and an importance question is no score.
    """
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    matrix = matrix_items(headers) if table == "feedback" else {}
    profiles = profiles if table == "feedback" else None
    # A response is dated when it was submitted: a survey's start date only when it has no end date.
    ordered = sorted(headers, key=lambda h: normalise_header(h).startswith("start "))
    for h in ordered:
        for canonical in match_columns(table, h):
            if canonical in ("csat", "ces", "rating") and h in matrix:
                break
            if canonical in taken or not fits(canonical, (profiles or {}).get(str(h))):
                continue
            mapping[h] = canonical
            taken.add(canonical)
            break
    if profiles and table == "feedback":
        _prefer_clean_date(mapping, headers, profiles)
        _by_values(mapping, headers, profiles)
    return {h: mapping[h] for h in headers if h in mapping}  # in the file's column order


_TITLE = re.compile(r"\b(title|titre|titulo|titel|titolo|subject|summary|headline|heading|objet|asunto|betreff|"
                    r"assunto|oggetto|onderwerp|kop)\b")


#: Header words of the date an interaction happened (beside dates of birth, purchase or closing).
_EVENT_DATE = re.compile(r"\b(created|creation|timestamp|opened|submitted|submission|received|response|posted|"
                         r"reservation|booking|stay|order|appointment|"
                         r"published|call|contact|review|visit|tweet|transaction|interaction|survey|feedback|"
                         r"ticket|reported|logged|cree|creation|fecha|datum|data|"
                         # fr es pt it nl de: created, opened, received, submitted, reported
                         r"recu|soumis|ouvert|creado|recibido|abierto|criado|recebido|aberto|creato|creata|"
                         r"apertura|aperto|ricevuto|ricevuta|inserito|segnalazione|aangemaakt|ingediend|"
                         r"ontvangen|gemeld|erstellt|eingegangen|eingereicht|gemeldet)\b")
_NOT_EVENT_DATE = re.compile(r"\b(birth|born|dob|purchase|expiry|expiration|closed|resolved|resolution|due|"
                             r"updated|modified|join|joined|signup|start|end|"
                             r"ferme|cloture|naissance|cerrado|resuelto|nacimiento|fechado|resolvido|nascimento|"
                             r"chiuso|chiusa|chiusura|risolto|nascita|gesloten|afgehandeld|opgelost|geboren|"
                             r"geschlossen|erledigt|geburt)\b")
#: Header words of a column of written feedback.
_COMMENT_WORDS = re.compile(r"\b(comments?|complaint|message|review|reviews|text|feedback|verbatim|description|narrative|"
                            r"opinion|remarks?|tweet|sentence|body|content|answer|response text|translated|"
                            r"commentaire|comentario|kommentar|mensagem|messaggio|bericht|testo|texto|texte)\b")


def _texty(profile: profiling.ColumnProfile, header: str) -> bool:
    """Written feedback: free text by its values, or text under a comment word (short reviews)."""
    if profile.kind == "free_text":
        return True
    return (profile.kind == "category" and profile.numeric < 0.5 and profile.mean_length >= 15
            and profile.distinct >= 20 and bool(_COMMENT_WORDS.search(normalise_header(header))))


_CUSTOMER_ID = re.compile(r"\b(customer|client|account|user|member|subscriber|household|patient|guest|passenger|"
                          r"cliente|kunde|kunden|klant)s? ?(id|number|no|nr|key|ref|code)\b|^(id|uid|uuid)$")


def _by_values(mapping: dict[str, str], headers: list[str], profiles: dict[str, profiling.ColumnProfile]) -> None:
    """Roles the values decide when no header named them: a sentiment label column, the comment.

    The comment is the free-text column with the longest answers, titles aside; taken only when
    no header is a comment synonym.
    """
    taken = set(mapping.values())
    free = [h for h in headers if h not in mapping and profiles.get(str(h))
            and _texty(profiles[str(h)], h) and not _TITLE.search(normalise_header(h))]
    current = next((h for h, c in mapping.items() if c == "comment"), None)
    if current is not None and profiles.get(str(current)) and profiles[str(current)].kind != "free_text" and free:
        # 'Opinion' (a short title) matched a comment word, but the prose is in another column
        longer = max(free, key=lambda h: profiles[str(h)].mean_length)
        if profiles[str(longer)].mean_length > 1.5 * profiles[str(current)].mean_length:
            del mapping[current]
            taken.discard("comment")
    if "comment" not in taken and free:
        mapping[max(free, key=lambda h: (profiles[str(h)].mean_length, -headers.index(h)))] = "comment"
    if "date" not in taken:
        dates = [h for h in headers if h not in mapping and profiles.get(str(h)) and profiles[str(h)].kind == "date"
                 and not _NOT_EVENT_DATE.search(normalise_header(h))]
        named = [h for h in dates if _EVENT_DATE.search(normalise_header(h))]
        if named or len(dates) == 1:
            mapping[(named or dates)[0]] = "date"
    overall = [h for h in headers if h not in mapping and profiles.get(str(h)) and profiles[str(h)].small_scale
               and profiles[str(h)].kind == "rating" and is_overall(h)]
    for h in overall:
        words = " ".join(profiling.header_words(h))
        role = "csat" if re.search(r"\b(sat|satisf\w*|zufrieden\w*|satisfa\w*|soddisf\w*|tevreden\w*)\b", words) \
            else "rating"
        if role not in taken and "rating" not in taken and "csat" not in taken:
            mapping[h] = role
            taken.add(role)
    if "response_id" not in taken:
        # One row per customer (a customer table): the customer's id identifies the row's answers.
        ids = [h for h in headers if h not in mapping and profiles.get(str(h)) and profiles[str(h)].unique
               and profiles[str(h)].kind == "identifier" and _CUSTOMER_ID.search(normalise_header(h))]
        if ids:
            mapping[ids[0]] = "response_id"
    if "sentiment" not in taken:
        labelled = [h for h in headers if h not in mapping and profiles.get(str(h))
                    and profiles[str(h)].kind == "sentiment" and profiles[str(h)].numeric < 0.5]
        if labelled:
            mapping[labelled[0]] = "sentiment"


def _prefer_clean_date(mapping: dict[str, str], headers: list[str],
                       profiles: dict[str, profiling.ColumnProfile]) -> None:
    """Of several date columns, date the responses by the one whose values read cleanly.

    A column mixing formats (dd-mm-yy beside yyyy-dd-mm) misplaces dates by months; a clean
    date column beside it is the better choice. "Clean" is the share of sampled values that
    one date format reads (``profile.date_consistency``), ties kept in header preference.
    """
    current = next((h for h, c in mapping.items() if c == "date"), None)
    dated = [h for h in headers if profiles.get(str(h)) and profiles[str(h)].kind == "date"
             and match_column("feedback", h) == "date"]
    if current is None or len(dated) < 2:
        return
    best = max(dated, key=lambda h: (round(profiles[str(h)].date_consistency, 2), h == current))
    if best != current and profiles[str(best)].date_consistency > profiles[str(current)].date_consistency + 0.02:
        del mapping[current]
        mapping[best] = "date"


#: Sheet names that are documentation whatever their width (a data dictionary often has 4-6 columns).
_DOC_SHEET = re.compile(r"^(data |field |column |variable |survey )?(dictionary|codebook|code book|instructions?|read ?me|"
                        r"how to( use| fill in)?|legend|definitions?|glossary|field (list|definitions?)|"
                        r"column (list|descriptions?|definitions?))$", re.I)
#: A dictionary's own header row: a column of field names beside a column describing them.
_DICT_NAME_HEADERS = {"field", "field name", "column", "column name", "variable", "variable name"}
_DICT_TEXT_HEADERS = {"description", "definition", "meaning", "explanation", "what it means"}

_SKIP_SHEET = re.compile(r"(instruction|read ?me|dictionary|codebook|code book|notes?|about|legend|definitions?|help|info|glossary|lookup|lists?)$", re.I)
#: Sheet names that say documentation anywhere in them ('about_this _data', 'Notes and sources').
_NOTES_SHEET = re.compile(r"\b(about|read ?me|notes?|disclaimer|sources?|methodology|instructions?|licen[cs]e)\b", re.I)


def classify(frame: pd.DataFrame, sheet: str = "",
             profiles: dict[str, profiling.ColumnProfile] | None = None) -> tuple[str | None, dict[str, str], str]:
    """Decide which canonical table a raw frame is.

    Returns (table or None, mapping, reason). ``None`` means "not data we use",
    with the reason saying why (shown on the Import page, where the user can override).
    """
    if frame.empty or frame.shape[1] == 0:
        return None, {}, "empty"
    headers = [str(c) for c in frame.columns]
    if sheet and _SKIP_SHEET.search(sheet.strip()) and frame.shape[1] <= 3:
        return None, {}, "looks like instructions or a data dictionary"
    if profiles is not None and frame.shape[1] <= 3 and (
            (all(p.kind in ("free_text", "empty") for p in profiles.values())
             and any(p.kind == "free_text" for p in profiles.values()))
            or (sheet and _NOTES_SHEET.search(profiling.split_camel(sheet).replace("_", " "))
                and not any(p.numeric >= 0.9 for p in profiles.values()))):
        return None, {}, "looks like notes about the data (prose only), not data"
    normalised = {normalise_header(h) for h in headers}
    numeric = any(pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
                  for c in frame.columns)
    # Documentation is all text: a sheet with numbers in it is data, whatever it is called.
    if not numeric and ((normalise_header(headers[0]) in _DICT_NAME_HEADERS and normalised & _DICT_TEXT_HEADERS)
                        or (sheet and _DOC_SHEET.match(sheet.strip()))):
        return None, {}, "looks like instructions or a data dictionary"
    if profiles is not None:
        summary = not_data_reason(frame)
        if summary:
            return None, {}, summary
        aggregated = aggregates.read_roles(frame, profiles)
        if aggregated:  # published results CX Lens reads as entity x measure
            return "aggregates", aggregates.role_columns(aggregated, headers), aggregated["reason"]
        unreadable = aggregated_reason(frame, profiles)
        if unreadable:
            return None, {}, unreadable
        if label_list(frame, profiles):
            return None, {}, "looks like a data dictionary (each label with its description), not data"
    maps = {t: guess_mapping(t, headers, profiles) for t in TABLES}
    m = {t: set(v.values()) for t, v in maps.items()}
    sheet_l = sheet.lower()
    if {"dimension", "score"} <= m["maturity"] and ("question" in m["maturity"] or "rater" in m["maturity"]):
        return "maturity", maps["maturity"], "has dimension, statement and score columns"
    if "opportunity" in m["opportunities"] and m["opportunities"] & {"effort", "customer_value", "business_value"}:
        if "opportunit" in sheet_l or len(m["opportunities"] & {"effort", "customer_value", "business_value", "confidence", "reach"}) >= 2:
            return "opportunities", maps["opportunities"], "has opportunity, value and effort columns"
    response_level = m["feedback"] & {"response_id", "date", "comment", "rating"}
    if "touchpoint" in m["touchpoints"] and m["touchpoints"] & {"volume", "stage_order", "owner"} and not response_level:
        if frame.iloc[:, headers.index(_key(maps["touchpoints"], "touchpoint"))].is_unique or "touchpoint" in sheet_l:
            return "touchpoints", maps["touchpoints"], "one row per touchpoint with volume/owner/order"
    if re.search(r"strateg|goals?$", sheet_l) and frame.shape[1] <= 6:
        return None, {}, "strategy goals (used by the Opportunities page)"
    if len(frame.columns) < 2:
        return None, {}, "only one column"
    return "feedback", maps["feedback"], "response-level data"


def _key(mapping: dict[str, str], canonical: str) -> str:
    return next(h for h, c in mapping.items() if c == canonical)


def nps_question(mapping: dict[str, str], profiles: dict[str, profiling.ColumnProfile]) -> dict | None:
    """A question when a generic score column ('Score', 'Rating') holds whole numbers 0-10 and no NPS is mapped.

    A 0-10 score is often the likelihood-to-recommend question exported without its wording (survey
    tools, NPS platforms); read as NPS it counts promoters and detractors, read as a rating it is a mean.
    The rating reading stays until the user says which.
    """
    if "nps" in mapping.values():
        return None
    for header, role in mapping.items():
        p = profiles.get(str(header))
        if role not in ("rating", "csat") or p is None or not p.integer or p.low is None:
            continue
        if p.low <= 1 and p.high == 10 and p.distinct >= 6 and not re.search(
                r"satisf|csat|zufrieden|tevreden|soddisf", normalise_header(header)):
            return {"id": "nps", "kind": "choice", "column": str(header), "options": ["nps", role],
                    "labels": {"nps": "Likelihood to recommend (NPS)", role: "A 0-10 score (mean)"},
                    "suggested": role,
                    "text": f"'{header}' holds whole numbers {p.low:g} to 10. Is it the question 'How likely are you "
                            "to recommend us?' (read as NPS: 9-10 promoters, 0-6 detractors) or a 0-10 score "
                            "(read as a mean)? It is read as a score until you say."}
    return None
