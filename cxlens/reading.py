"""What was read, in one sentence per sheet a manager understands, and how an answer changes the recipe.

``describe(ds)`` says for each file or sheet what one row is, what it measures (with scales),
whether it has touchpoints, and why a sheet was set aside. ``answer(recipe, key, id, value)``
writes the user's answer to one of the load's open questions (``Dataset.questions``) into the
recipe, so the next load applies it and next month's file loads the same way.

Pure: no Streamlit.
"""

from __future__ import annotations

import pandas as pd

from . import extra_columns
from .dataset import Dataset, Recipe

_METRIC_WORDS = {"csat": "satisfaction score", "ces": "effort score", "rating": "rating", "nps": "0-10 recommendation score"}


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"1 {word}"
    return f"{n:,} {word[:-1] + 'ies' if word.endswith('y') and word[-2] not in 'aeiou' else word + 's'}"


def _row_word(settings: dict) -> str:
    layout = settings.get("layout")
    columns = settings.get("columns") or {}
    roles = set(columns.values())
    if layout == "wide":
        return "respondent"
    if layout == "complaints":
        return "complaint"
    if "touchpoint" not in roles and "response_id" in roles:
        header = next(h for h, c in columns.items() if c == "response_id")
        if any(w in header.lower() for w in ("customer", "client", "account", "user", "member")):
            return "customer"
    if "comment" in roles and "rating" in roles:
        return "review"
    return "response"


def describe(ds: Dataset) -> list[tuple[str, str]]:
    """(table key, sentence) for every file or sheet read, in the order they were read.

    "5,630 customers with a 1-5 satisfaction score, a complaint flag and 9 other columns; no touchpoints."
    """
    out = []
    sources = ds.sources if not ds.sources.empty else pd.DataFrame(columns=["key"])
    for _, row in sources.iterrows():
        key = row.get("key") or row.get("file")
        settings = ds.recipe.tables.get(key, {})
        if row.get("status") != "used" or not settings.get("use"):
            out.append((key, f"Not used: {row.get('detail') or settings.get('reason') or 'no data rows'}."))
            continue
        table = settings.get("table")
        if table == "aggregates":
            out.append((key, _published_sentence(ds, key, settings)))
            continue
        if table != "feedback":
            names = {"touchpoints": "touchpoint", "opportunities": "opportunity", "maturity": "maturity answer",
                     "strategy": "strategy goal"}
            out.append((key, f"{_plural(int(row.get('rows_used') or 0), names.get(table, 'row'))}."))
            continue
        columns = settings.get("columns") or {}
        roles = {c for c in columns.values() if c}
        word = _row_word(settings)
        rows = int(row.get("rows_read") if settings.get("layout") == "wide" else row.get("rows_used") or 0)
        measures = []
        metrics = [m for m in ("csat", "nps", "ces", "rating") if m in roles]
        if settings.get("layout") == "wide":
            metrics = [settings.get("wide_metric", "csat")] + [m for m in metrics if m != settings.get("wide_metric")]
        for m in metrics:
            scale = ds.recipe.scales.get(m) or {}
            span = f"{scale['min']:g}-{scale['max']:g} " if m != "nps" and "min" in scale else ""
            what = _METRIC_WORDS[m]
            if settings.get("layout") == "wide" and m == settings.get("wide_metric", "csat"):
                n = len(settings.get("value_columns") or [])
                measures.append(f"a {span}{what} for each of {_plural(n, 'touchpoint')}")
            else:
                measures.append(f"a {span}{what}")
        if "complaint" in roles and settings.get("layout") != "complaints":
            measures.append("a complaint flag")
        outcomes = [h for h in settings.get("outcome_columns") or [] if extra_columns.is_named_outcome(str(h))][:2]
        measures += [f"a '{h}' outcome" for h in outcomes]
        if "sentiment" in roles:
            measures.append("a sentiment label")
        if "comment" in roles:
            # a mapped comment column with no text in it (an export whose narratives were withheld) is not comments
            measures.append("comments" if _has_comments(ds, row) else "an empty comment column")
        if "date" in roles:
            measures.append("dates")
        used = set(columns) - {h for h, c in columns.items() if not c}
        other = len([h for h in columns if h not in used and h not in (settings.get("value_columns") or [])
                     and h not in outcomes])
        if other:
            measures.append(f"{_plural(other, 'other column')}")
        if rows == 0:  # nothing usable yet: say what was read, and that the questions decide the rest
            rows, word = int(row.get("rows_read") or 0), "row"
        sentence = f"{_plural(rows, word)}"
        if measures:
            sentence += " with " + (", ".join(measures[:-1]) + " and " + measures[-1] if len(measures) > 1
                                    else measures[0])
        if settings.get("layout") == "wide" or "touchpoint" in roles or settings.get("layout") == "complaints":
            n_tp = ds.feedback["touchpoint"].nunique() if "touchpoint" in ds.feedback else 0
            if settings.get("layout") != "wide":
                sentence += f"; {_plural(int(n_tp), 'touchpoint')}"
        else:
            sentence += "; no touchpoints"
        if settings.get("questions"):
            sentence += f" ({_plural(len(settings['questions']), 'open question')})"
        sentence += "."
        if row.get("no_header") is True:
            sentence += " The file has no header row: its first line is data, and columns are named by position."
        out.append((key, sentence))
    return out


def _published_sentence(ds: Dataset, key: str, settings: dict) -> str:
    """'Published results, not individual responses: 72 measures for each of 56 'State' (percent 0-100); no
    respondent counts, so no intervals.'"""
    roles = settings.get("aggregate") or {}
    agg = ds.aggregates
    if "source_file" in agg:
        file, _, sheet = key.partition("::")
        mine = agg["source_file"].astype("object") == file
        if sheet and "source_sheet" in agg:
            mine &= agg["source_sheet"].astype("object") == sheet
        agg = agg[mine]
    entity = roles.get("entity_label") or roles.get("entity") or "entity"
    scales = agg.drop_duplicates("measure")[["unit", "scale_min", "scale_max"]].drop_duplicates()
    units = ", ".join("percent 0-100" if u == "percent" else f"average on {lo:g}-{hi:g}"
                      for u, lo, hi in scales.itertuples(index=False) if u == "percent" or lo == lo)
    listed, valued = int(agg["entity"].nunique()), int(agg.loc[agg["value"].notna(), "entity"].nunique())
    whom = f"each of {listed:,}" if valued == listed else f"{valued:,} of {listed:,}"
    sentence = (f"Published results, not individual responses: {_plural(int(agg['measure'].nunique()), 'measure')}"
                f" for {whom} '{entity}'" + (f" ({units})" if units else ""))
    sentence += (f"; respondents per value in '{roles['n']}'." if roles.get("n")
                 else "; no respondent counts, so no intervals.")
    return sentence


def headline(ds: Dataset) -> str:
    """One line on what the loaded feedback is, for the top of every page ('' when there is none).

    The sentences of the feedback tables read (see :func:`describe`), at most two; with more, their count.
    """
    feedback = [sentence for key, sentence in describe(ds)
                if ds.recipe.tables.get(key, {}).get("use")
                and ds.recipe.tables.get(key, {}).get("table") in ("feedback", "aggregates")]
    if len(feedback) > 2:
        return f"{len(feedback)} feedback tables; the first: {feedback[0]}"
    return " ".join(feedback)


def answer(recipe: Recipe, key: str, question_id: str, value) -> Recipe:
    """A copy of ``recipe`` with the answer to one open question written into table ``key``'s settings.

    - "ratings" (several columns): the chosen columns are one rating per touchpoint (a wide survey);
      an empty choice keeps one row per response.
    - "touchpoint" (one column or ""): the chosen column names the touchpoint; "" means none does.
    - "nps" ("nps" or the column's current role): a 0-10 score is read as NPS, or stays a score.
    Either way the question counts as answered and is not asked again.
    """
    out = Recipe.from_json(recipe.to_json())
    settings = out.tables[key]
    if question_id == "ratings":
        chosen = [str(c) for c in (value or [])]
        if chosen:
            settings["layout"] = "wide"
            settings["value_columns"] = chosen
            settings.setdefault("wide_metric", "csat")
        else:
            settings["layout"] = settings.get("layout") or "long"
    elif question_id == "touchpoint":
        if value:
            columns = settings.setdefault("columns", {})
            for header, role in list(columns.items()):
                if role == "touchpoint":
                    columns[header] = ""
            columns[str(value)] = "touchpoint"
    elif question_id == "nps":
        question = next((q for q in settings.get("questions", []) if q["id"] == "nps"), None)
        if question and value == "nps":
            columns = settings.setdefault("columns", {})
            for header, role in list(columns.items()):
                if role == "nps":
                    columns[header] = ""
            columns[question["column"]] = "nps"
    else:
        raise ValueError(f"unknown question {question_id!r}")
    settings["answered"] = sorted(set(settings.get("answered", [])) | {question_id})
    settings["questions"] = [q for q in settings.get("questions", []) if q["id"] != question_id]
    return out


def _has_comments(ds, source: pd.Series) -> bool:
    """True when the feedback rows read from ``source`` (a row of ``ds.sources``) hold any comment text."""
    fb = ds.feedback
    if "source_file" in fb and source.get("file") is not None:
        fb = fb[fb["source_file"].astype("object") == source.get("file")]
    if "source_sheet" in fb and source.get("sheet"):
        fb = fb[fb["source_sheet"].astype("object") == source.get("sheet")]
    return bool(fb["comment"].notna().any())
