"""Aggregated results: one published value per entity × measure, not individual responses.

Regulators, benchmark panels and review sites publish results already summarised: one row per
hospital with its star rating, one row per product with its average stars and review count, one
row per state × survey question with "72%". Reading their cells as responses would average
averages and call hospitals touchpoints; this module reads them as what they are.

Two shapes (see :func:`read_roles`):

- **long**: an entity column, a measure column and a value column ('State', 'HCAHPS Question',
  'HCAHPS Answer Percent'), optionally a count of respondents behind each value;
- **wide**: one row per entity (its id or name differs on every row), one column per measure
  ('Hospital overall rating'), optionally a count column ('totalReviews').

The canonical frame (:func:`to_frame`) has one row per entity × measure:

========== ======== ==========================================================================
column     type     meaning
========== ======== ==========================================================================
entity     category what the value describes (a hospital, a state, a product)
measure    category what was measured (a question, an aspect, an answer category)
value      float    the published value, in ``unit``
unit       category "percent" (0-100, share of respondents) or "mean" (an average score)
scale_min  float    lowest possible value (0 for percent; the scale's low end for means)
scale_max  float    highest possible value (100 for percent)
n          float    respondents behind the value, where the file gives them (else missing)
========== ======== ==========================================================================

plus the table's segment columns (one value per entity, e.g. a hospital's type) and ``source_row``.

Intervals: a percent with its count has a Wilson 95% interval (a share of n respondents); a mean
without its spread has none, and views say so. Pure: no Streamlit.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from . import metrics, profiling
from .profiling import normalise_header

#: A column naming the measure of a long table ('Measure ID', 'HCAHPS Question', 'Indicator').
MEASURE_HEADER = re.compile(r"^(.+ )?(measure|measure (id|name|code|description|title)|indicator|indicator name|metric|"
                            r"kpi|question|question text|survey question|item|attribute)$")
#: A column holding the value of a long table.
VALUE_HEADER = re.compile(r"^(value|score|result|percent|percentage|pct|rate|answer percent|mean|average|"
                          r"top box( percent)?|linear mean value|star rating|.*\bpercent(age)?\b.*|.*\brate\b.*)$")
#: An organisation or place named in a column: one row per such entity is a published result.
ENTITY_HEADER = re.compile(r"^(hospital|facility|provider|store|branch|office|shop|site|clinic|practice|school|"
                           r"agency|department name|council|authority|company|organisation|organization|"
                           r"entity|unit|trust|location|state|region|country|district|county|city|"
                           r"hotel|restaurant|property|airline|bank|merchant)"
                           r"( name| id| code| number| title)?$")
#: A product named in a column: one row per product is a published result only with averaged scores.
PRODUCT_HEADER = re.compile(r"^(product|asin|sku|item|app|brand|model)( name| id| code| number| title)?$")
#: The respondents behind a value ('Number of Completed Surveys', 'totalReviews', 'Sample size').
COUNT_HEADER = re.compile(r"^(reviews?|ratings? count|votes?|responses|respondents|surveys)$|"
                          r"\b(number of (completed )?(surveys|responses|respondents|reviews|ratings|votes)|"
                          r"(total|num|count of|no of|n) ?(reviews|ratings|votes|responses|respondents|surveys)|"
                          r"(reviews|ratings|votes|responses|respondents) ?(count|total|number)|sample size|base|"
                          r"denominator|^n$)\b")
#: Numeric columns that are never a measure of experience: notes, codes, places, money.
NOT_MEASURE_HEADER = re.compile(r"\b(footnote|note|notes|code|id|zip|postal|postcode|phone|telephone|fax|year|"
                                r"latitude|longitude|lat|lon|lng|price|cost|amount|revenue|fee|count|number of)\b")
#: Profile kinds a wide measure column may have.
_MEASURE_KINDS = {"rating", "number", "code"}
#: Share of a measure's values that are not whole or half numbers for it to count as averaged.
AVERAGED_SHARE = 0.3


def _averaged(values: pd.Series) -> bool:
    """True when most values are averages (3.7, 4.12), not answers (4) or half stars (4.5)."""
    v = pd.to_numeric(values, errors="coerce").dropna()
    if len(v) < 5:
        return False
    return bool(((v * 2) != (v * 2).round()).mean() >= AVERAGED_SHARE)


def _percent_written(series: pd.Series) -> bool:
    text = series.dropna().astype("str").str.strip().head(500)
    return bool(len(text)) and bool(text.str.endswith("%").mean() >= 0.8)


def measure_scale(values: pd.Series, header: str = "", percent: bool = False) -> tuple[str, float, float]:
    """(unit, low, high) of a measure: percent 0-100, or a mean on the narrowest usual scale that holds it.

    Usual scales: 1-5, 1-7, 0-10, 0-100. A header naming a percent or rate, or values written '72%',
    make a percent; so do values above 10 (up to 100).
    """
    v = values.dropna()
    words = " ".join(profiling.header_words(header))
    if percent or re.search(r"\b(percent|percentage|pct|rate|share|proportion)\b", words):
        return "percent", 0.0, 100.0
    if v.empty:
        return "mean", float("nan"), float("nan")
    low, high = float(v.min()), float(v.max())
    if high <= 5 and low >= 1:
        return "mean", 1.0, 5.0
    if high <= 7 and low >= 1:
        return "mean", 1.0, 7.0
    if high <= 10 and low >= 0:
        return "mean", 0.0, 10.0
    if high <= 100 and low >= 0:
        return "percent", 0.0, 100.0
    return "mean", low, high


def read_roles(frame: pd.DataFrame, profiles: dict[str, profiling.ColumnProfile]) -> dict | None:
    """How an aggregated table is laid out, or None when it is not one (or its roles are unclear).

    Returns {"shape", "entity", "entity_label", "measure", "measure_label", "value", "measures",
    "n", "segments", "reason"}; headers as in ``frame``. ``entity_label`` is a readable name beside
    an id ('Facility Name' beside 'Facility ID'); ``measure_label`` a question text beside a
    measure id, used when both name the same measures one to one.
    """
    headers = [str(c) for c in frame.columns]
    norm = {h: normalise_header(h) for h in headers}
    rows = len(frame)
    if rows < 3 or any(p.kind == "free_text" for p in profiles.values()):
        return None  # customers' own words make a table of responses or reviews
    long = _long_roles(frame, headers, norm, profiles)
    if long:
        return long
    # Wide: one row per entity.
    entity = next((h for h in headers if ENTITY_HEADER.match(norm[h]) and _unique(frame[h])), None)
    averaged = [h for h in headers if _is_measure(h, norm[h], profiles) and _averaged(frame[h].head(2000))]
    count = next((h for h in headers if COUNT_HEADER.search(norm[h]) and profiles.get(h) is not None
                  and profiles[h].numeric >= 0.9), None)
    if entity is None and averaged:
        # One row per product with averaged stars (3.7, 4.12): a product's published score, most
        # credibly with the number of reviews behind it.
        entity = next((h for h in headers if (PRODUCT_HEADER.match(norm[h]) or count and profiles.get(h) is not None
                                              and profiles[h].kind == "identifier") and _unique(frame[h])), None)
    if entity is None:
        return None
    measures = [h for h in headers if h not in (entity, count) and _is_measure(h, norm[h], profiles)]
    if not measures:
        return None
    label = _entity_label(frame, headers, norm, entity, profiles)
    segments = [h for h in headers if h not in (entity, label, count) and h not in measures
                and profiles.get(h) is not None and profiles[h].kind in ("category", "outcome")
                and 2 <= profiles[h].distinct <= 60]
    reason = (f"aggregated results: one row per {label or entity}, {len(measures)} measure"
              f"{'s' if len(measures) > 1 else ''} ({', '.join(measures[:3])}{', …' if len(measures) > 3 else ''})"
              + (f", respondents in '{count}'" if count else "") + ", not individual responses")
    return {"shape": "wide", "entity": entity, "entity_label": label, "measure": None, "measure_label": None,
            "value": None, "measures": measures, "n": count, "segments": segments, "reason": reason}


def _unique(series: pd.Series) -> bool:
    present = series.dropna()
    return len(present) >= 0.95 * len(series) and present.nunique() == len(present)


def _is_measure(header: str, norm: str, profiles: dict[str, profiling.ColumnProfile]) -> bool:
    p = profiles.get(header)
    if p is None or p.numeric < 0.9 or NOT_MEASURE_HEADER.search(norm) or COUNT_HEADER.search(norm):
        return False
    if p.kind == "identifier" or p.kind in profiling.NOT_JOURNEY:
        return False
    return p.kind in _MEASURE_KINDS


def _entity_label(frame: pd.DataFrame, headers: list[str], norm: dict[str, str], entity: str,
                  profiles: dict[str, profiling.ColumnProfile]) -> str | None:
    """A text column naming the entity beside its id ('Facility Name' beside 'Facility ID')."""
    stem = re.sub(r" (id|code|number)$", "", norm[entity])
    for h in headers:
        if h == entity or profiles.get(h) is None or profiles[h].numeric >= 0.5:
            continue
        if re.fullmatch(rf"{re.escape(stem)} (name|title)|(\w+ )?(name|title)", norm[h]) and frame[h].nunique() >= 0.5 * \
                frame[entity].nunique():
            return h
    return None


def _long_roles(frame: pd.DataFrame, headers: list[str], norm: dict[str, str],
                profiles: dict[str, profiling.ColumnProfile]) -> dict | None:
    entity = next((h for h in headers if ENTITY_HEADER.match(norm[h])), None)
    measures = [h for h in headers if MEASURE_HEADER.match(norm[h]) and h != entity]
    value = next((h for h in headers if VALUE_HEADER.match(norm[h]) and h not in measures
                  and profiles.get(h) is not None and profiles[h].numeric >= 0.5), None)
    if not (entity and measures and value):
        return None
    # Published results give each entity × measure once (or once per period); responses repeat them.
    periods = max([1] + [int(p.distinct) for p in profiles.values() if p.kind == "date"])
    if len(frame) > periods * frame[[entity, measures[0]]].drop_duplicates().shape[0]:
        return None
    # Of several measure columns, the id names measures; a text naming the same ones 1:1 labels them.
    ids = [h for h in measures if re.search(r"\b(id|code)$", norm[h])]
    measure = ids[0] if ids else measures[0]
    label = next((h for h in measures if h != measure
                  and frame[[measure, h]].drop_duplicates().shape[0] == frame[measure].nunique()
                  == frame[h].nunique()), None)
    count = next((h for h in headers if h not in (entity, value, measure) and COUNT_HEADER.search(norm[h])
                  and profiles.get(h) is not None and profiles[h].numeric >= 0.5), None)
    reason = (f"aggregated results: one row per {entity} × {label or measure}, value in '{value}'"
              + (f", respondents in '{count}'" if count else "") + ", not individual responses")
    return {"shape": "long", "entity": entity, "entity_label": None, "measure": measure, "measure_label": label,
            "value": value, "measures": [], "n": count, "segments": [], "reason": reason}


def role_columns(roles: dict, headers: list[str]) -> dict[str, str]:
    """Header -> role for the Import page and the recipe: entity, entity_label, measure, measure_label,
    value, n, segment, or '' (not used)."""
    out = {h: "" for h in headers}
    for role in ("entity", "entity_label", "measure", "measure_label", "value", "n"):
        if roles.get(role):
            out[roles[role]] = role
    for h in roles.get("measures") or []:
        out[h] = "value"
    for h in roles.get("segments") or []:
        out[h] = "segment"
    return out


def to_frame(frame: pd.DataFrame, roles: dict, to_number, first_row: int = 2) -> pd.DataFrame:
    """The canonical aggregated frame (module docstring) of a table read with ``roles``.

    ``to_number(series, column)`` turns a column into floats and reports what it could not read
    (the loader passes its cleaning function, so 'Not Available' is reported as a no-answer code).
    ``first_row`` is the spreadsheet row number of the frame's first row.
    """
    source_row = pd.Series(np.arange(len(frame)) + first_row, index=frame.index)
    ids = frame[roles["entity"]].astype("str").str.strip().where(frame[roles["entity"]].notna())
    entity = ids
    if roles.get("entity_label"):
        # The name reads better than the id; a name two entities share keeps its id ('Mercy (260011)').
        name = frame[roles["entity_label"]].astype("str").str.strip().where(frame[roles["entity_label"]].notna())
        shared = name.duplicated(keep=False) & name.notna()
        entity = name.where(~shared, name + " (" + ids + ")").fillna(ids)
    n = to_number(frame[roles["n"]], roles["n"]) if roles.get("n") else pd.Series(np.nan, index=frame.index)
    segments = {h: frame[h] for h in roles.get("segments") or []}
    parts = []
    if roles["shape"] == "long":
        label = frame[roles["measure_label"]] if roles.get("measure_label") else frame[roles["measure"]]
        value_header = roles["value"]
        values = to_number(frame[value_header], value_header)
        percent = _percent_written(frame[value_header])
        unit_by_measure = {}
        for measure, group in values.groupby(label.astype("str").str.strip(), sort=False):
            unit_by_measure[measure] = measure_scale(group, value_header, percent)
        measure = label.astype("str").str.strip()
        scale = measure.map(unit_by_measure)
        parts.append(pd.DataFrame({
            "entity": entity, "measure": measure, "value": values,
            "unit": scale.map(lambda s: s[0]), "scale_min": scale.map(lambda s: s[1]),
            "scale_max": scale.map(lambda s: s[2]), "n": n, **segments, "source_row": source_row}))
    else:
        for header in roles["measures"]:
            values = to_number(frame[header], header)
            unit, low, high = measure_scale(values, header, _percent_written(frame[header]))
            parts.append(pd.DataFrame({
                "entity": entity, "measure": header, "value": values, "unit": unit, "scale_min": low,
                "scale_max": high, "n": n, **segments, "source_row": source_row}))
    out = pd.concat(parts, ignore_index=True) if parts else empty_frame()
    out = out[out["entity"].notna() & (out["entity"] != "") & (out["entity"] != "nan")]
    for c in ("entity", "measure", "unit", *segments):
        out[c] = out[c].astype("category")
    for c in ("value", "scale_min", "scale_max", "n"):
        out[c] = out[c].astype("float64")
    return out.reset_index(drop=True)


def empty_frame() -> pd.DataFrame:
    """An aggregated frame with no rows (the canonical columns and types)."""
    return pd.DataFrame({
        "entity": pd.Series([], dtype="category"), "measure": pd.Series([], dtype="category"),
        "value": pd.Series([], dtype="float64"), "unit": pd.Series([], dtype="category"),
        "scale_min": pd.Series([], dtype="float64"), "scale_max": pd.Series([], dtype="float64"),
        "n": pd.Series([], dtype="float64"), "source_row": pd.Series([], dtype="int64")})


# ----------------------------------------------------------------------------- analysis


def summary(aggregates: pd.DataFrame) -> dict:
    """What an aggregated frame holds: entity and measure counts, units, and whether counts exist.

    {"entities": int, "measures": int, "values": int (non-missing), "units": [..], "with_counts": bool}
    """
    present = aggregates[aggregates["value"].notna()]
    return {"entities": int(present["entity"].nunique()), "measures": int(present["measure"].nunique()),
            "values": int(len(present)), "units": sorted(str(u) for u in present["unit"].dropna().unique()),
            "with_counts": bool(present["n"].notna().any())}


def measure_table(aggregates: pd.DataFrame) -> pd.DataFrame:
    """One row per measure, in file order: unit, scale, entities with a value, mean across entities,
    lowest and highest entity value. The mean across entities is unweighted (each entity counts once)."""
    present = aggregates[aggregates["value"].notna()]
    if present.empty:
        return pd.DataFrame(columns=["measure", "unit", "scale_min", "scale_max", "entities", "mean", "min", "max"])
    grouped = present.groupby("measure", observed=True, sort=False)
    out = grouped.agg(unit=("unit", "first"), scale_min=("scale_min", "first"), scale_max=("scale_max", "first"),
                      entities=("entity", "nunique"), mean=("value", "mean"), min=("value", "min"),
                      max=("value", "max")).reset_index()
    out["unit"] = out["unit"].astype("str")
    return out


def ranking(aggregates: pd.DataFrame, measure: str, *, segment: str | None = None,
            segment_value: str | None = None) -> pd.DataFrame:
    """Entities on one measure, best first: value, n, and a 95% interval where one can be computed.

    For a percent with its count n the interval is Wilson's on a share of n (value/100 × n
    successes); for a mean, or without n, ``low``/``high`` are missing (a mean's interval needs its
    spread, which aggregated files do not publish). Higher values rank first.
    """
    rows = aggregates[(aggregates["measure"].astype("str") == measure) & aggregates["value"].notna()]
    if segment and segment_value is not None and segment in rows:
        rows = rows[rows[segment].astype("str") == segment_value]
    out = rows[["entity", "value", "n", "unit", "scale_min", "scale_max"]].copy()
    out["entity"] = out["entity"].astype("str")
    out["low"], out["high"] = np.nan, np.nan
    shares = (out["unit"].astype("str") == "percent") & out["n"].gt(0)
    if shares.any():
        lo, hi = metrics.wilson_bounds(out.loc[shares, "value"] / 100 * out.loc[shares, "n"], out.loc[shares, "n"])
        out.loc[shares, "low"], out.loc[shares, "high"] = np.asarray(lo) * 100, np.asarray(hi) * 100
    return out.sort_values(["value", "entity"], ascending=[False, True], kind="stable").reset_index(drop=True)


def matrix(aggregates: pd.DataFrame, measures: list[str] | None = None, *, sort_by: str | None = None,
           max_entities: int | None = None) -> pd.DataFrame:
    """Entity × measure values (entities as rows, measures as columns in the order given).

    Rows sorted by ``sort_by`` (a measure; highest first) or by entity name; at most ``max_entities``.
    """
    present = aggregates[aggregates["value"].notna()]
    if measures is not None:
        present = present[present["measure"].astype("str").isin(measures)]
    table = present.pivot_table(index="entity", columns="measure", values="value", aggfunc="mean", observed=True)
    table.index = table.index.astype("str")
    table.columns = table.columns.astype("str")
    order = measures if measures is not None else [str(m) for m in present["measure"].cat.categories
                                                    if str(m) in table.columns]
    table = table[[m for m in order if m in table.columns]]
    if sort_by and sort_by in table.columns:
        table = table.sort_values(sort_by, ascending=False, kind="stable", na_position="last")
    else:
        table = table.sort_index()
    if max_entities:
        table = table.head(max_entities)
    return table


def shared_prefix(names: list[str], min_words: int = 3) -> str:
    """The words every name starts with ('Patients who reported that their'), or '' when fewer than
    ``min_words`` or fewer than two names: shown once above a table, the rest of each name fits a column."""
    if len(names) < 2:
        return ""
    split = [str(n).split(" ") for n in names]
    common = []
    for words in zip(*split):
        if len(set(words)) != 1:
            break
        common.append(words[0])
    # keep at least one word of every name
    common = common[: min(len(w) for w in split) - 1]
    return " ".join(common) if len(common) >= min_words else ""


def relative_position(table: pd.DataFrame) -> pd.DataFrame:
    """Each value's place within its measure's range across the entities shown, 0 (lowest) to 1 (highest).

    Colours compare entities within a measure: answer categories (a share answering 'Always' and
    one answering 'Never') have different ranges, so a common colour scale would compare measures.
    A measure with one distinct value is 0.5.
    """
    low, high = table.min(), table.max()
    span = (high - low).replace(0, np.nan)
    return ((table - low) / span).fillna(0.5).where(table.notna())
