"""Turn raw cell values into typed canonical values, recording every change.

Rules (documented for users in docs/data-format.md):
- "No answer" codes (blank, N/A, -, don't know, ...) become missing, never zero.
- Text that should be a number but is not one becomes missing and is reported.
- Numbers outside the metric's scale become missing and are reported.
- Dates are parsed with one inferred format per column (day/month order from the
  values); values in a second format are read and reported, a day/month order no
  value can decide is reported as a guess, and values no format fits stay missing
  and are reported.
- European text files (decimal comma) read '1.234,5' as 1234.5.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .metric_registry import default_scale, fixed_scale
from .problems import ProblemLog

#: Text answers that mean "no answer" (compared case-insensitively after trimming).
DEFAULT_NA_CODES = (
    "n/a", "na", "n.a.", "#n/a", "-", "--", "—", "?", "null", "nan", "none", "no answer",
    "not applicable", "don't know", "dont know", "don’t know", "do not know", "dk",
    "prefer not to say", "not answered", "skipped", "not sure", "unsure", "can't say", "cannot say",
    "not available", "not reported", "unavailable", "no data",
    # fr es de pt it nl
    "ne sait pas", "nsp", "sans objet", "sans reponse", "sans réponse", "ne se prononce pas", "no sabe", "no sabe/no contesta",
    "ns/nc", "no aplica", "no contesta", "weiss nicht", "weiß nicht", "keine angabe", "k.a.", "entfällt", "nao sei",
    "não sei", "não se aplica", "nao se aplica", "non so", "non saprei", "non applicabile", "weet niet",
    "weet ik niet", "geen mening", "n.v.t.", "nvt", "niet van toepassing",
)


@dataclass
class Context:
    """Where the values come from, for problem reports."""

    log: ProblemLog
    file: str
    sheet: str
    row_numbers: pd.Series  # index -> row number in the file as the user sees it
    #: the file's decimal mark ("," for European text exports): decides how '1.234,5' is read
    decimal: str = "."


def _is_text(series: pd.Series) -> bool:
    return not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series)
                or pd.api.types.is_bool_dtype(series))


def strip_text(series: pd.Series) -> pd.Series:
    """Strings trimmed; NUL characters removed. Non-string values pass through."""
    s = series if series.dtype == "str" else series.astype("str").where(series.notna())
    if _may_hold_nul(s):
        s = s.str.replace("\x00", "", regex=False)
    return s.str.strip()


def _may_hold_nul(s: pd.Series) -> bool:
    """Whether a str column may contain a NUL character (False only when it surely does not).

    Arrow-backed columns are checked on their character buffers directly (a few ms for
    2M values); ``str.contains`` would cost twice the ``str.strip`` that follows.
    """
    dtype = s.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        import pyarrow as pa

        arrow = pa.array(s.array)  # the column's own buffers (via __arrow_array__), no copy
        for chunk in arrow.chunks if isinstance(arrow, pa.ChunkedArray) else [arrow]:
            if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
                return bool(s.str.contains("\x00", regex=False, na=False).any())
            data = chunk.buffers()[2]
            if data is not None and data.size and (np.frombuffer(data, np.uint8) == 0).any():
                return True
        return False
    return bool(s.str.contains("\x00", regex=False, na=False).any())


#: Columns of at least this many rows are cleaned on their distinct values when those are
#: at most half the rows (see _on_distinct). A module setting so tests can force the path.
DISTINCT_MIN_ROWS = 5000


class _RecordingLog:
    """Stands in for a ProblemLog while a function runs on distinct values; replayed on rows."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def add_values(self, problem, action, values, **where) -> None:
        self.calls.append((problem, action, values, where))


def _on_distinct(fn, series: pd.Series, ctx: Context, *args, **kwargs):
    """Run ``fn(series, ctx, ...)`` once per distinct value instead of once per row.

    Valid for functions whose result for a row depends only on that row's value (dimensions,
    dates), not for ones that count rows. Problems are replayed onto the rows, so counts,
    examples and row numbers are exactly what the row-wise call reports. Returns what ``fn``
    returns, with its Series spread back to ``series``' rows.
    """
    if len(series) < DISTINCT_MIN_ROWS:
        return fn(series, ctx, *args, **kwargs)
    codes, uniques = pd.factorize(series)
    if len(uniques) > 0.5 * len(series):
        return fn(series, ctx, *args, **kwargs)
    distinct = pd.Series(uniques)
    recorder = _RecordingLog()
    sub = Context(recorder, ctx.file, ctx.sheet, pd.Series(distinct.index, index=distinct.index),  # type: ignore[arg-type]
                  decimal=ctx.decimal)
    result = fn(distinct, sub, *args, **kwargs)
    out, extra = (result[0], result[1:]) if isinstance(result, tuple) else (result, None)
    spread = _spread(out, codes, series.index)
    for problem, action, values, where in recorder.calls:
        rows = np.flatnonzero(np.isin(codes, values.index.to_numpy()))
        on_rows = pd.Series(values.reindex(codes[rows]).to_numpy(), index=series.index[rows], dtype=values.dtype)
        ctx.log.add_values(problem, action, on_rows, **{**where, "row_numbers": ctx.row_numbers})
    return (spread, *extra) if extra is not None else spread


def _spread(out: pd.Series, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """Per-distinct results back onto rows; code -1 (a missing input) gives a missing result."""
    if isinstance(out.dtype, pd.CategoricalDtype):
        cat_codes = np.append(out.cat.codes.to_numpy(), -1)[codes]
        return pd.Series(pd.Categorical.from_codes(cat_codes, dtype=out.dtype), index=index)
    padded = pd.concat([out, pd.Series([None], dtype=out.dtype)], ignore_index=True)
    return pd.Series(padded.array.take(codes), index=index)


def na_mask(text: pd.Series, na_codes=DEFAULT_NA_CODES) -> pd.Series:
    """True where a text value is a no-answer code (or blank)."""
    lowered = text.str.lower()
    return lowered.isin(set(na_codes)) | (lowered == "")


def to_number(series: pd.Series, ctx: Context, column: str, *, na_codes=DEFAULT_NA_CODES) -> pd.Series:
    """Numeric values of ``series`` as float64. Text numbers ('4,5', '72%', ' 3 ') are parsed."""
    if pd.api.types.is_bool_dtype(series):
        return series.astype("float64")
    if pd.api.types.is_numeric_dtype(series):
        return series.astype("float64")
    text = strip_text(series)
    missing = text.isna()
    codes = ~missing & na_mask(text.fillna(""), na_codes)
    if codes.any():
        ctx.log.add_values("no-answer code", "set to missing", text[codes], file=ctx.file, sheet=ctx.sheet,
                           column=column, row_numbers=ctx.row_numbers)
    candidate = text.where(~codes)
    percent = candidate.str.endswith("%", na=False)
    numbers = _parse_numbers(candidate.str.rstrip("%").str.strip(), getattr(ctx, "decimal", "."))
    numbers = numbers.where(~percent, numbers)  # '72%' keeps 72: the scale is 0-100
    bad = candidate.notna() & numbers.isna()
    if bad.any():
        ctx.log.add_values("not a number", "set to missing", text[bad], file=ctx.file, sheet=ctx.sheet,
                           column=column, row_numbers=ctx.row_numbers)
    return numbers


_EU_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")


def _parse_numbers(text: pd.Series, decimal: str = ".") -> pd.Series:
    """Numbers from text: spaces (also non-breaking) ignored, the decimal mark per the file's locale.

    Files with a decimal point: a comma with no dot is a decimal comma ("4,5"); with a dot
    it separates thousands ("1,234.5"). Files with a decimal comma: dots in '1.234,5' and
    '12.500' separate thousands; a lone dot ('4.5') is still read as a decimal point.
    """
    cleaned = text.str.replace("\u00a0", "", regex=False).str.replace("\u202f", "", regex=False)
    cleaned = cleaned.str.replace(" ", "", regex=False)
    if decimal == ",":
        grouped = cleaned.str.match(_EU_GROUPED, na=False)
        cleaned = cleaned.where(~grouped, cleaned.str.replace(".", "", regex=False))
        has_comma = cleaned.str.contains(",", regex=False, na=False)
        cleaned = cleaned.where(~has_comma, cleaned.str.replace(",", ".", regex=False))
    else:
        has_dot = cleaned.str.contains(".", regex=False, na=False)
        cleaned = cleaned.where(has_dot, cleaned.str.replace(",", ".", regex=False))
        cleaned = cleaned.where(~has_dot, cleaned.str.replace(",", "", regex=False))
    return pd.to_numeric(cleaned, errors="coerce").astype("float64")


def numeric_share(series: pd.Series, decimal: str = ".") -> float:
    """Share of non-missing, non-no-answer values that read as numbers (0..1)."""
    if pd.api.types.is_numeric_dtype(series):
        return 1.0
    text = strip_text(series).dropna()
    text = text[~na_mask(text)]
    if text.empty:
        return 0.0
    sample = text.head(2000).str.rstrip("%").str.strip()
    return float(_parse_numbers(sample, decimal).notna().mean())


_FLAG_TRUE = {"1", "yes", "y", "true", "t", "x", "ja", "oui", "si", "sí"}
_FLAG_FALSE = {"0", "no", "n", "false", "f", "nee", "non", "nein"}


def to_flag(series: pd.Series, ctx: Context, column: str) -> pd.Series:
    """1.0 / 0.0 / missing from yes/no, true/false or 1/0 values."""
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        s = series.astype("float64")
        bad = s.notna() & ~s.isin([0.0, 1.0])
    else:
        text = strip_text(series).str.lower()
        s = pd.Series(np.where(text.isin(_FLAG_TRUE), 1.0, np.where(text.isin(_FLAG_FALSE), 0.0, np.nan)),
                      index=series.index)
        bad = text.notna() & s.isna() & ~na_mask(text.fillna(""))
    if bad.any():
        ctx.log.add_values("not a yes/no value", "set to missing", series[bad], file=ctx.file, sheet=ctx.sheet,
                           column=column, row_numbers=ctx.row_numbers)
    return s.where(~bad)


_SENTIMENT_WORDS = {"positive": 1.0, "pos": 1.0, "negative": -1.0, "neg": -1.0, "neutral": 0.0, "mixed": 0.0}


def to_sentiment(series: pd.Series, ctx: Context, column: str) -> pd.Series:
    """-1..1 from numbers or the labels positive / neutral / negative."""
    if _is_text(series):
        text = strip_text(series).str.lower()
        labelled = text.map(_SENTIMENT_WORDS)
        if labelled.notna().sum() >= 0.5 * text.notna().sum():
            bad = text.notna() & labelled.isna() & ~na_mask(text.fillna(""))
            if bad.any():
                ctx.log.add_values("unknown sentiment label", "set to missing", series[bad], file=ctx.file,
                                   sheet=ctx.sheet, column=column, row_numbers=ctx.row_numbers)
            return labelled.astype("float64")
    values = to_number(series, ctx, column)
    return out_of_range(values, -1, 1, ctx, column)


def out_of_range(values: pd.Series, low: float, high: float, ctx: Context, column: str) -> pd.Series:
    bad = values.notna() & ((values < low) | (values > high))
    if bad.any():
        ctx.log.add_values(f"outside the scale {low:g}-{high:g}", "set to missing", values[bad], file=ctx.file,
                           sheet=ctx.sheet, column=column, row_numbers=ctx.row_numbers)
    return values.where(~bad)


# ----------------------------------------------------------------------------- scales


#: Values above 10 decide a 0-100 scale only when there are at least this many of them ...
SCALE_OUTLIERS_MIN = 2
#: ... and they are at least this share of the answers; fewer are typos, reported as outside the scale.
SCALE_OUTLIERS_SHARE = 0.01


#: A column of whole numbers 0..3 at most is a short scale of its own from this many answers on.
SHORT_SCALE_MIN_ANSWERS = 100


def detect_scale(metric: str, values: pd.Series, hint: tuple[int, int] | None = None, header: str = "") -> dict:
    """The native scale of a metric column, from a header hint or the values.

    Returns {"min", "max", "na_values", "higher_is_better"}. ``na_values`` lists
    numeric codes that mean "not applicable" (0 on a 1-5 scale whose zeros are
    rare, as in many survey exports).
    """
    higher_is_better = not (metric == "ces" and "ease" not in header.lower())
    if metric == "nps":
        return {"min": 0, "max": 10, "na_values": [], "higher_is_better": True}
    fixed = fixed_scale(metric)  # sentiment is always -1..1 (cxlens.metric_registry)
    if fixed:
        return {"min": fixed["min"], "max": fixed["max"], "na_values": [], "higher_is_better": fixed["higher_is_better"]}
    if hint:
        low, high = hint
        return {"min": low, "max": high, "na_values": [], "higher_is_better": higher_is_better}
    v = values.dropna()
    v = v[np.isfinite(v.to_numpy(dtype="float64"))]  # 'inf' typed in a score cell says nothing about the scale
    if v.empty:
        usual = default_scale(metric) or {"min": 1, "max": 5}  # cxlens.metric_registry
        low, high = usual["min"], usual["max"]
        return {"min": low, "max": high, "na_values": [], "higher_is_better": higher_is_better}
    # A few values above 10 among answers of at most 10 are typos ('50' for '5'), not a 0-100 scale:
    # they must not turn every other answer into a poor score. They are reported as outside the scale.
    above_ten = int((v > 10).sum())
    if above_ten and above_ten < max(SCALE_OUTLIERS_MIN, SCALE_OUTLIERS_SHARE * len(v)):
        v = v[v <= 10]
    lo, hi = float(v.min()), float(v.max())
    na_values: list[float] = []
    if hi <= 3 and len(v) >= SHORT_SCALE_MIN_ANSWERS and (v == v.round()).all() and not (metric == "ces"):
        # Many answers and none above 3: a short scale (0-2 or 1-3 stars, bad/ok/good), not a 1-5 scale
        # nobody rated above 3. Its own range is the scale.
        return {"min": int(lo) if lo <= 1 else 1, "max": int(hi), "na_values": [], "higher_is_better": higher_is_better}
    if hi <= 5:
        high = 5
    elif hi <= 7:
        high = 7
    elif hi <= 10:
        high = 10
    else:
        high = 100
    low = 1
    if lo <= 0:
        zeros = int((v == 0).sum())
        ones = int((v == 1).sum())
        if high in (5, 7) and zeros < 0.1 * len(v) and zeros < 0.5 * max(ones, 1):
            na_values = [0]  # rare zeros on a 1-5/1-7 scale: "not applicable" codes
        else:
            low = 0
    return {"min": low, "max": high, "na_values": na_values, "higher_is_better": higher_is_better}


def apply_scale(values: pd.Series, scale: dict, ctx: Context, column: str) -> pd.Series:
    codes = values.isin(scale.get("na_values") or [])
    if codes.any():
        ctx.log.add_values(
            f"{', '.join(f'{c:g}' for c in scale['na_values'])} means 'not applicable' on this scale",
            "set to missing", values[codes], file=ctx.file, sheet=ctx.sheet, column=column,
            row_numbers=ctx.row_numbers)
        values = values.where(~codes)
    return out_of_range(values, scale["min"], scale["max"], ctx, column)


# ----------------------------------------------------------------------------- dates

_DATE_FORMATS = [
    "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d",
    "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d-%m-%Y", "%m-%d-%Y", "%d/%m/%y", "%m/%d/%y", "%d.%m.%y",
    "%d-%m-%y", "%m-%d-%y", "%d-%b-%y",  # two-digit years with dashes (a Comcast-style complaint export)
    "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%m/%d/%Y %H:%M:%S", "%d.%m.%Y %H:%M",
    "%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%Y%m%d",
    # 12-hour clocks, as US survey tools export them ('03/01/2026 10:05:00 AM')
    "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%d/%m/%Y %I:%M:%S %p", "%d/%m/%Y %I:%M %p",
    "%Y-%m-%d %I:%M:%S %p", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %I:%M:%S %p",
    "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M",
    # times written with a dot, as Excel's regional formats re-save them ('24-02-2015 11.35')
    "%d-%m-%Y %H.%M", "%d/%m/%Y %H.%M", "%d.%m.%Y %H.%M", "%d-%m-%Y %H:%M",
]
#: A time zone written after a time of day (group 1 is the time, kept).
_TIME_ZONE = re.compile(r"(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?)\s*"
                        r"(?:(?:GMT|UTC)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|Z|[+-]\d{2}:?\d{2})\s*$")
EXCEL_EPOCH = pd.Timestamp("1899-12-30")

#: Month names in the languages of the exports we see (French, German, Dutch, Spanish, Italian,
#: Portuguese), mapped to English so one set of formats reads '01 janvier 2023', '3. März 2024',
#: '5 de mayo de 2022'. Only whole words, and only full names or dotted abbreviations, so a word
#: like 'set' or 'mar' in other text is never taken for a month.
_MONTHS = {
    "January": "janvier janv. januar jänner januari enero gennaio janeiro",
    "February": "février févr. fevrier februar februari febrero febbraio fevereiro",
    "March": "mars märz maerz maart marzo março marco",
    "April": "avril avr. abril aprile",
    "May": "mai mei mayo maggio maio",
    "June": "juin juni junio giugno junho",
    "July": "juillet juil. juli julio luglio julho",
    "August": "août aout augustus agosto",
    "September": "septembre sept. septiembre settembre setembro",
    "October": "octobre oktober octubre ottobre outubro",
    "November": "novembre noviembre novembro",
    "December": "décembre déc. decembre dezember december diciembre dicembre dezembro",
}
_MONTH_WORDS = {word: english for english, words in _MONTHS.items() for word in words.split()}
_MONTH_NAME = re.compile(r"(?<![\w.])(?:" + "|".join(sorted(map(re.escape, _MONTH_WORDS), key=len, reverse=True))
                         + r")(?![\w])", re.IGNORECASE)
#: 'de' between day, month and year in Spanish and Portuguese dates ('5 de mayo de 2022').
_DATE_FILLER = re.compile(r"(?<=\d)\.?\s+de\s+(?=[A-Za-z])|(?<=[A-Za-z])\s+de\s+(?=\d)", re.IGNORECASE)


def english_month_names(text: pd.Series) -> pd.Series:
    """Text dates with month names in another language rewritten with English ones (other text unchanged).

    >>> english_month_names(pd.Series(["01 janvier 2023", "3. März 2024", "5 de mayo de 2022"])).tolist()
    ['01 January 2023', '3 March 2024', '5 May 2022']
    """
    has_name = text.str.contains(_MONTH_NAME, na=False)
    if not has_name.any():
        return text
    named = text[has_name].str.replace(_MONTH_NAME, lambda m: _MONTH_WORDS[m.group(0).lower()], regex=True)
    named = named.str.replace(_DATE_FILLER, " ", regex=True).str.replace(r"^(\d{1,2})\.\s", r"\1 ", regex=True)
    return text.mask(has_name, named)


def parse_dates(series: pd.Series, ctx: Context, column: str, *, fmt: str | None = None) -> tuple[pd.Series, list[str]]:
    """Datetime values (day precision) and the format(s) used.

    Each value gets the column's best-fitting format; values that fit another
    known format get that one (mixed exports); the rest are reported.
    """
    if _is_text(series):
        return _on_distinct(_parse_dates, series, ctx, column, fmt=fmt)
    return _parse_dates(series, ctx, column, fmt=fmt)


def _parse_dates(series: pd.Series, ctx: Context, column: str, *, fmt: str | None = None) -> tuple[pd.Series, list[str]]:
    if pd.api.types.is_datetime64_any_dtype(series):
        s = series.dt.tz_localize(None) if getattr(series.dt, "tz", None) is not None else series
        outside = s.notna() & ~_in_range(s)
        if outside.any():
            ctx.log.add_values(_OUT_OF_RANGE, "set to missing", s[outside], file=ctx.file, sheet=ctx.sheet,
                               column=column, row_numbers=ctx.row_numbers)
            s = s.where(~outside)
        return s.astype("datetime64[ns]").dt.normalize(), ["native"]
    if pd.api.types.is_numeric_dtype(series):
        v = series.astype("float64")
        # Excel serial day numbers from 1900-01-01 up to the last day pandas can hold (2262-04-11)
        serial = v.between(1, _MAX_SERIAL)
        out = EXCEL_EPOCH + pd.to_timedelta(v.where(serial).round(), unit="D")
        bad = v.notna() & ~serial
        if bad.any():
            ctx.log.add_values("not a date", "set to missing", series[bad], file=ctx.file, sheet=ctx.sheet,
                               column=column, row_numbers=ctx.row_numbers)
        return out.astype("datetime64[ns]"), ["Excel serial"]
    text = strip_text(series)
    text = text.where(~na_mask(text.fillna("")))
    present = text.dropna()
    if present.empty:
        return pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]"), []
    # A time zone after the time ('10:05:00 AM GMT', '...T10:05:00Z', '+01:00') says nothing about
    # the day at the precision kept here: parsed without it (values are reported as written).
    parse_text = english_month_names(text.str.replace(_TIME_ZONE, r"\1", regex=True))
    present = parse_text.dropna()
    uniques = pd.Series(present.unique())
    formats = [fmt] if fmt else rank_date_formats(uniques)
    result = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    used: list[str] = []
    remaining = text.notna()
    where = dict(file=ctx.file, sheet=ctx.sheet, column=column, row_numbers=ctx.row_numbers)
    for f in formats:
        if not remaining.any():
            break
        parsed = pd.to_datetime(parse_text[remaining], format=f, errors="coerce")
        hit = parsed.notna()
        if not hit.any():
            continue
        outside = hit & ~_in_range(parsed)
        if outside.any():  # e.g. '9999-12-31', a common 'no end date' placeholder
            ctx.log.add_values(_OUT_OF_RANGE, "set to missing", text.loc[outside[outside].index], **where)
            remaining.loc[outside[outside].index] = False
            hit &= ~outside
            if not hit.any():
                continue
        hit_index = hit[hit].index
        result.loc[hit_index] = parsed[hit].astype("datetime64[ns]")
        remaining &= result.isna()
        if not used:
            if not fmt:
                _report_ambiguous_order(text.loc[hit_index], parsed[hit], f, ctx, column)
        elif _date_part(f) != _date_part(used[0]):
            # A second format in one column (mixed exports): read, but never silently.
            opposite = _day_month_order(f) and _day_month_order(used[0]) and _day_month_order(f) != _day_month_order(used[0])
            problem = ("day and month are in the opposite order to the rest of the column" if opposite
                       else "date written in a different format from the rest of the column")
            ctx.log.add_values(f"{problem} ({describe_date_format(used[0])})", f"read as {describe_date_format(f)}",
                               text.loc[hit_index], **where)
        used.append(f)
    # Excel serials that arrived as text in an otherwise textual column
    if remaining.any():
        numeric = pd.to_numeric(text[remaining], errors="coerce")
        serial = numeric.between(20000, 80000)
        if serial.any():
            result.loc[serial[serial].index] = EXCEL_EPOCH + pd.to_timedelta(numeric[serial].round(), unit="D")
            remaining &= result.isna()
            if used:
                ctx.log.add_values(f"date written in a different format from the rest of the column "
                                   f"({describe_date_format(used[0])})", "read as an Excel date number",
                                   text[serial[serial].index], **where)
            used.append("Excel serial")
    if remaining.any():
        ctx.log.add_values("not a date we can read", "set to missing", text[remaining], **where)
    return result.dt.normalize(), used


_FIRST_DAY = pd.Timestamp.min.ceil("D")
_LAST_DAY = pd.Timestamp.max.floor("D")
#: Largest Excel serial day number read as a date: day offsets must fit a Timedelta (~292 years, to 2192).
_MAX_SERIAL = min((_LAST_DAY.to_pydatetime() - EXCEL_EPOCH.to_pydatetime()).days, pd.Timedelta.max.days - 1)
_OUT_OF_RANGE = f"date outside the years {_FIRST_DAY.year + 1}-{_LAST_DAY.year - 1}"


def _in_range(values: pd.Series) -> pd.Series:
    """True where a datetime value fits the nanosecond range every later step uses."""
    return (values >= _FIRST_DAY) & (values <= _LAST_DAY)


def describe_date_format(fmt: str) -> str:
    """'%d/%m/%Y' -> 'dd/mm/yyyy', for messages."""
    out = fmt
    for code, text in (("%Y", "yyyy"), ("%y", "yy"), ("%m", "mm"), ("%d", "dd"), ("%H", "hh"), ("%M", "mm"),
                       ("%S", "ss"), ("%B", "Month"), ("%b", "Mon")):
        out = out.replace(code, text)
    return out


def _date_part(fmt: str) -> str:
    return re.sub(r"[ T]%H.*$", "", fmt)


def _day_month_order(fmt: str) -> str | None:
    """'dm' or 'md' for formats that write day and month as numbers before the year, else None."""
    if fmt.startswith("%Y") or "%d" not in fmt or "%m" not in fmt:
        return None
    return "dm" if fmt.index("%d") < fmt.index("%m") else "md"


def _report_ambiguous_order(text: pd.Series, parsed: pd.Series, fmt: str, ctx: Context, column: str) -> None:
    """Say so when no value tells day from month (no number above 12) and the order was a guess."""
    order = _day_month_order(fmt)
    if not order:
        return
    mirror = fmt.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")
    if mirror not in _DATE_FORMATS:
        return
    other = pd.to_datetime(text, format=mirror, errors="coerce")
    if other.isna().any():
        return  # some value only fits one order: the order was decided by the values
    differs = other.dt.normalize() != parsed.dt.normalize()
    if differs.any():
        ctx.log.add_values(
            "day/month order cannot be told from the values (no day is above 12)",
            f"read as {describe_date_format(fmt)}; if wrong, set the date format in the import recipe",
            text[differs], file=ctx.file, sheet=ctx.sheet, column=column, row_numbers=ctx.row_numbers)


def rank_date_formats(values: pd.Series) -> list[str]:
    """Formats that parse the sample, best first; day/month order is decided by the values."""
    sample = values.head(500).astype(str)
    scores = []
    for f in _DATE_FORMATS:
        ok = pd.to_datetime(sample, format=f, errors="coerce").notna().mean()
        if ok > 0:
            scores.append((ok, f))
    # For ties between day-first and month-first the value test above already decided:
    # a format only parses all values when no "month" exceeds 12. When both parse all,
    # prefer day-first unless the data has US-style separators and a month-first pattern wins.
    scores.sort(key=lambda t: (-t[0], _DATE_FORMATS.index(t[1])))
    return [f for _, f in scores]


_DATE_LIKE = re.compile(r"^\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T]\d{1,2}[:.]\d{2}.*)?\s*$")


def looks_like_dates(values: pd.Series) -> bool:
    """True when (nearly) every value is written like a date or timestamp ('2026-03-14', '14/03/2026 10:05')."""
    sample = values.dropna().astype(str).head(200)
    return bool(len(sample)) and float(sample.str.match(_DATE_LIKE).mean()) >= 0.9


# ----------------------------------------------------------------------------- dimensions


def to_dimension(series: pd.Series, ctx: Context, column: str) -> pd.Series:
    """Trimmed text as a category; no-answer codes become missing."""
    return _on_distinct(_to_dimension, series, ctx, column)


def _to_dimension(series: pd.Series, ctx: Context, column: str) -> pd.Series:
    text = strip_text(series)
    if _is_text(series):
        codes = text.notna() & na_mask(text.fillna(""))
        if codes.any():
            ctx.log.add_values("no-answer code", "set to missing", text[codes], file=ctx.file, sheet=ctx.sheet,
                               column=column, row_numbers=ctx.row_numbers)
            text = text.where(~codes)
    else:
        # numeric categories (e.g. a class code) read as text without a trailing ".0"
        text = text.str.replace(r"\.0$", "", regex=True)
    return text.astype("category")


def to_id(series: pd.Series) -> pd.Series:
    """Identifiers as text; whole numbers read as floats lose their '.0' (12.0 -> '12')."""
    if pd.api.types.is_float_dtype(series):
        values = series.to_numpy(dtype="float64", na_value=np.nan)
        # Whole numbers exactly representable (|x| < 2**53) lose their '.0'; 'inf' or 1e20 stay as written.
        exact = np.isfinite(values) & (np.abs(values) < 2**53)
        exact &= np.floor(np.where(exact, values, 0)) == np.where(exact, values, 0)
        if exact.any():
            text = pd.Series(np.where(exact, values, 0).astype("int64"), index=series.index).astype("str")
            return text.where(exact, series.astype("str")).where(series.notna())
    return to_text(series)


def to_text(series: pd.Series) -> pd.Series:
    text = strip_text(series)
    return text if text.dtype == "str" and series.dtype == "str" else text.astype("str").where(series.notna())


_WORDY = re.compile(r"[A-Za-z]")


def looks_like_free_text(series: pd.Series) -> bool:
    """True for long, mostly unique text (comments), false for category labels."""
    s = series.dropna()
    if s.empty or not _is_text(s):
        return False
    sample = s.head(1000).astype(str)
    return sample.str.len().mean() > 40 and sample.nunique() > 0.5 * len(sample)
