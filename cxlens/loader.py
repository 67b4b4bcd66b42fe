"""``cxlens.load``: any touchpoint/feedback spreadsheet(s) -> one canonical Dataset.

Pipeline per file: read bytes (readers) -> classify each table and map its columns
(inference) -> reshape wide surveys and complaint logs -> type and validate every
canonical column (cleaning) -> combine tables across files -> attach stages and
stage order. Every guess is written into a :class:`Recipe`, which the user can
edit and feed back in to reproduce or correct the load.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Union

import numpy as np
import pandas as pd

from . import aggregates, cleaning, inference, labels, lifecycle, profiling, value_merges
from . import opportunity_scales as osc
from .cleaning import Context
from .errors import DataError
from .metric_registry import FLAG_COLUMNS, SCORE_COLUMNS
from .problems import ProblemLog, summarise
from .readers import RawTable, read_tables
from .safety import check_batch
from .dataset import RECIPE_VERSION, UNASSIGNED_STAGE, Dataset, Recipe  # noqa: F401 - re-exported (public names)
from .schema import TABLES, column_names, empty_table

Source = Union[str, os.PathLike, bytes, BinaryIO]

#: Extra (non-canonical) columns with at most this many distinct values become
#: categories and are offered as segments (heatmap columns, filters).
SEGMENT_MAX_VALUES = 60


ProgressCallback = Callable[[str, float], None]


def load(
    source: Source | list[Source],
    *,
    filename: str | list[str] | None = None,
    recipe: Recipe | dict | str | None = None,
    progress: ProgressCallback | None = None,
) -> Dataset:
    """Load one or more files (paths, bytes or binary file objects) into a :class:`Dataset`.

    ``filename`` names byte sources in messages (one per source when a list).
    ``recipe`` (a Recipe, its dict or JSON) overrides what would otherwise be inferred.
    ``progress(step, fraction)`` is called as the load advances (fraction 0..1).
    Raises :class:`cxlens.DataError` when no file yields usable data.
    """
    sources = source if isinstance(source, list) else [source]
    names = list(filename) if isinstance(filename, list) else [filename] * len(sources)
    names += [None] * (len(sources) - len(names))  # a short name list must not drop sources
    if len(sources) > 1:  # each file has its cap; a batch has one too (before anything is parsed)
        check_batch([_known_size(src) for src in sources], names)
    if isinstance(recipe, str):
        recipe = Recipe.from_json(recipe)
    elif isinstance(recipe, dict):
        recipe = Recipe.from_json(json.dumps(recipe))
    recipe = recipe or Recipe()
    # Settings are looked up in the recipe as given (`given`), and what this load infers is written
    # to a copy (`recipe`): otherwise the second CSV of a multi-file upload would take the first's
    # settings through the one-CSV fallback (a touchpoint catalogue read as feedback).
    given = Recipe.from_json(recipe.to_json())
    recipe = Recipe.from_json(recipe.to_json())  # never mutate the caller's recipe
    recipe.opportunity_scales = {}  # detected afresh from this load's sheets
    # A one-CSV recipe applies to next month's file of another name, but not to every file of a
    # multi-file upload.
    lookup = _SettingsLookup(given, fallback=len(sources) == 1)
    report = progress or (lambda step, fraction: None)
    log = ProblemLog()
    parts: dict[str, list[pd.DataFrame]] = {t: [] for t in TABLES}
    strategy: list[pd.DataFrame] = []
    published: list[pd.DataFrame] = []
    source_rows: list[dict] = []
    errors: list[DataError] = []
    for i, (src, name) in enumerate(zip(sources, names)):
        data, name = _read_bytes(src, name, i)
        report(f"Reading {name}", i / len(sources))
        try:
            tables = read_tables(data, name, csv_options=_csv_options(lookup, name))
        except DataError as exc:
            errors.append(exc)
            source_rows.append({"file": name, "sheet": "", "table": "", "status": "error", "detail": exc.message})
            continue
        finally:
            del data  # the file's bytes are not needed once read: free them before cleaning
        while tables:  # pop each raw table so its memory is freed once interpreted
            raw = tables.pop(0)
            report(f"Detecting layout of {raw.sheet or name}", (i + 0.3) / len(sources))
            table, frame, info = _interpret(raw, recipe, log, lookup)
            del raw
            source_rows.append(info)
            if table == "strategy":
                strategy.append(frame)
            elif table == "aggregates":
                published.append(frame)
            elif table:
                parts[table].append(frame)
        report(f"Validating {name}", (i + 0.8) / len(sources))
    if not any(parts.values()) and not published:
        if errors and len(errors) == len(sources):
            raise errors[0] if len(errors) == 1 else DataError(
                " ".join(f"{e.filename}: {e.message}" for e in errors))
        detail = "; ".join(f"{r['sheet'] or r['file']}: {r.get('detail', '')}" for r in source_rows if r.get("detail"))
        raise DataError(
            "No touchpoint, feedback, opportunity or maturity data was found"
            + (f" ({detail})" if detail else "")
            + ". Check that the file has a header row and at least one data row; see the Excel template on the Import page.",
            filename=names[0] if len(sources) == 1 else None,
        )
    report("Combining tables", 0.9)
    ds = _assemble(parts, recipe, log)
    if published:
        ds.aggregates = pd.concat(published, ignore_index=True) if len(published) > 1 else published[0]
        for c in ("entity", "measure", "unit"):
            ds.aggregates[c] = ds.aggregates[c].astype("str").astype("category")
    if all(getattr(ds, t).empty for t in TABLES) and not ds.questions and ds.aggregates.empty:
        # (With open questions the user answers them on the Import page: an empty load is not the end.)
        # Tables were recognised but every row was unusable: an empty Dataset would only look like a success.
        top = summarise(log.frame()).head(3)
        detail = "; ".join(f"{r['problem']}" + (f" in '{r['column']}'" if r["column"] else "") + f" ({r['count']}×)"
                           for _, r in top.iterrows())
        raise DataError(
            ("The file was read, but none of its rows" if len(sources) == 1
             else "The files were read, but none of their rows") + " could be used"
            + (f" ({detail})" if detail else "")
            + ". Check that each row names a touchpoint or holds a score or comment; see the Excel template on the "
            "Import page.",
            filename=names[0] if len(sources) == 1 else None,
        )
    ds.sources = pd.DataFrame(source_rows)
    ds.strategy = pd.concat(strategy, ignore_index=True) if strategy else pd.DataFrame()
    for err in errors:
        log.add("file could not be read", "file skipped", file=err.filename or "", value=err.message)
    ds.problems = log.frame()
    report("Done", 1.0)
    return ds


def _known_size(src: Source) -> int:
    """A source's size in bytes without reading it (0 when it cannot be told)."""
    if isinstance(src, (bytes, bytearray)):
        return len(src)
    if isinstance(src, memoryview):
        return src.nbytes
    if isinstance(src, (str, os.PathLike)):
        try:
            return os.path.getsize(src)
        except OSError:
            return 0
    size = getattr(src, "size", None)  # Streamlit's UploadedFile
    if isinstance(size, int):
        return size
    try:
        return len(src.getbuffer())  # io.BytesIO
    except (AttributeError, TypeError, ValueError):
        return 0


def _read_bytes(src: Source, name: str | None, i: int) -> tuple[bytes, str]:
    if isinstance(src, (bytes, bytearray, memoryview)):
        return bytes(src), name or f"upload {i + 1}"
    if isinstance(src, (str, os.PathLike)):
        path = Path(src)
        try:
            return path.read_bytes(), name or path.name
        except OSError as exc:
            raise DataError(f"The file could not be opened ({exc.strerror}).", filename=str(path)) from exc
    if hasattr(src, "read"):
        data = src.read()
        return data, name or getattr(src, "name", None) or f"upload {i + 1}"
    raise TypeError(f"cannot load {type(src).__name__}; pass a path, bytes or a binary file object")


@dataclass
class _SettingsLookup:
    """Where a load reads per-table settings from: the recipe it was given, not what it inferred."""

    given: Recipe
    fallback: bool

    def __call__(self, key: str, sheet: str) -> dict:
        return self.given.table_settings(key, sheet, fallback=self.fallback)


def _csv_options(lookup: _SettingsLookup, name: str) -> dict:
    settings = lookup(name, "")
    return {k: settings[k] for k in ("encoding", "delimiter", "decimal", "thousands") if settings.get(k)}


# ----------------------------------------------------------------------------- one table


def _interpret(raw: RawTable, recipe: Recipe, log: ProblemLog,
               lookup: _SettingsLookup) -> tuple[str | None, pd.DataFrame, dict]:
    """Classify and clean one raw table; settings come from ``lookup``, what was inferred goes to ``recipe``."""
    key = f"{raw.file}::{raw.sheet}" if raw.sheet else raw.file
    settings = dict(lookup(key, raw.sheet))
    frame = value_merges.apply(raw.frame, recipe.value_map)  # ('CC' read as 'Credit Card' when the user merged them)
    info = {"file": raw.file, "sheet": raw.sheet, "key": key, "rows_read": len(frame), "columns": frame.shape[1],
            "header_line": raw.header_line,
            **{k: v for k, v in raw.meta.items() if k not in ("bad_lines", "error_cells", "na_text_cells",
                                                              "trailing_rows")}}
    _log_reading_notes(raw, log)
    if raw.meta.get("empty") or frame.empty:
        info.update(table="", status="skipped", detail="no data rows", rows_used=0)
        if raw.meta.get("visible", True) and frame.empty and not raw.meta.get("empty"):
            log.add("table has a header but no data rows", "nothing loaded", file=raw.file, sheet=raw.sheet)
        recipe.tables[key] = {"use": False, "table": None}
        return None, frame, info
    profiles = profiling.profile_table(frame)
    guessed_table, mapping, reason = inference.classify(frame, raw.sheet, profiles)
    if raw.meta.get("survey_export"):
        reason = f"{raw.meta['survey_export']}; {reason}"
    if not raw.meta.get("visible", True) and "table" not in settings:
        guessed_table, reason = None, "hidden sheet"
    if reason.startswith("strategy") and "table" not in settings:
        info.update(table="strategy", status="used", detail=reason, rows_used=len(frame))
        recipe.tables[key] = {"use": True, "table": "strategy"}
        return "strategy", frame.reset_index(drop=True), info
    table = settings.get("table", guessed_table)
    use = settings.get("use", table is not None)
    if use and table == "aggregates":
        return _aggregated(raw, frame, settings, profiles, reason, recipe, log, info, key)
    if not use or table not in TABLES:
        info.update(table="", status="skipped", detail=reason, rows_used=0)
        recipe.tables[key] = {"use": False, "table": table, "reason": reason}
        return None, frame, info
    if table != guessed_table:
        mapping = inference.guess_mapping(table, [str(c) for c in frame.columns], profiles)
    if "columns" in settings:
        mapping = {h: c for h, c in settings["columns"].items() if c and h in frame.columns}
    row_numbers = pd.Series(frame.index.to_numpy() + raw.header_line + 1, index=frame.index)
    ctx = Context(log, raw.file, raw.sheet, row_numbers, decimal=raw.meta.get("decimal") or ".")

    # Metric columns must hold numbers: a 'satisfaction' column of words is a segment, not CSAT.
    for header, canonical in list(mapping.items()):
        if canonical in ("csat", "ces", "nps", "rating", "score", "customer_value", "business_value", "effort",
                         "time_criticality", "risk_reduction",
                         "volume", "reach", "cost", "stage_order") and "columns" not in settings:
            if cleaning.numeric_share(frame[header], decimal=ctx.decimal) < 0.5 \
                    and labels.score_share(frame[header], canonical, str(header)) < 0.8 \
                    and not (table == "opportunities" and osc.read_words(frame[header]) is not None):
                del mapping[header]

    layout, layout_info = ("long", {})
    questions: list[dict] = []
    if table == "feedback":
        layout, layout_info = inference.detect_layout(frame, mapping, profiles)
        questions += layout_info.pop("questions", [])
        if "layout" in settings or "value_columns" in settings:
            questions = []  # the user chose the layout: nothing left to ask about it
        layout = settings.get("layout", layout)
        if layout == "long" and "columns" not in settings:
            guessed = inference.guess_journey_columns(frame, mapping, profiles)
            if guessed:
                mapping.update(guessed)
                layout_info["guessed_columns"] = sorted(guessed)
            else:
                asked = inference.journey_question(frame, mapping, profiles)
                questions += [asked] if asked else []
        if "columns" not in settings:
            asked = inference.nps_question(mapping, profiles)
            questions += [asked] if asked else []
        for k in ("value_columns", "issue_column", "product_column"):
            if k in settings:
                layout_info[k] = settings[k]
    if "columns" in settings:
        # A recipe from an earlier load: what it left open stays open until answered (not asked anew).
        questions = list(settings.get("questions", []))
    answered = list(settings.get("answered", []))
    questions = [q for q in questions if q["id"] not in answered]
    kind_info: dict = {}
    if table == "feedback" and layout == "long":
        if inference.is_customer_table(mapping, profiles):
            kind_info = {"kind": "customer", "outcome_columns": [h for h, p in profiles.items()
                                                                 if p.kind == "outcome" and h not in mapping]}
        elif "table" not in settings and all(q["id"] == "touchpoint" for q in questions):
            lookup = inference.lookup_reason(frame, mapping, profiles)
            if lookup:  # (a question about its label columns would only be noise)
                info.update(table="", status="skipped", detail=lookup, rows_used=0)
                recipe.tables[key] = {"use": False, "table": "feedback", "reason": lookup}
                return None, frame, info
    settings_out = {
        "use": True, "table": table, "layout": layout, "reason": reason,
        "columns": {str(h): mapping.get(h, "") for h in frame.columns},
        **{k: v for k, v in raw.meta.items() if k in ("format", "encoding", "delimiter", "decimal", "thousands")},
        **layout_info, **kind_info,
    }
    if layout == "wide":
        settings_out["wide_metric"] = settings.get("wide_metric", "csat")
    if answered:
        settings_out["answered"] = answered
    if questions:
        settings_out["questions"] = questions
    settings_out["profiles"] = {h: {"kind": p.kind, "confidence": p.confidence, "evidence": p.evidence}
                                for h, p in profiles.items()}
    recipe.tables[key] = settings_out

    if table == "feedback":
        out = _feedback(frame, mapping, layout, settings_out, recipe, ctx)
    else:
        out = _simple_table(table, frame, mapping, recipe, ctx)
    # One category instead of a copy of the file name per row (2M rows: 60 MB less).
    out["source_file"] = pd.Categorical.from_codes(np.zeros(len(out), dtype=np.int8), categories=[raw.file])
    if raw.sheet:
        out["source_sheet"] = pd.Categorical.from_codes(np.zeros(len(out), dtype=np.int8), categories=[raw.sheet])
    info.update(table=table, layout=layout, status="used", detail=reason, rows_used=len(out),
                mapping=", ".join(f"{h} → {c}" for h, c in mapping.items()))
    return table, out, info


def _aggregated(raw: RawTable, frame: pd.DataFrame, settings: dict, profiles: dict, reason: str, recipe: Recipe,
                log: ProblemLog, info: dict, key: str) -> tuple[str | None, pd.DataFrame, dict]:
    """Published results (entity x measure -> value): read as such, or set aside when their roles are unclear."""
    roles = settings.get("aggregate") or aggregates.read_roles(frame, profiles)
    headers = [str(c) for c in frame.columns]
    if not roles or any(h and h not in headers for h in
                        [roles.get(r) for r in ("entity", "measure", "value", "n")] + list(roles.get("measures", []))):
        detail = "aggregated results whose entity, measure and value columns are unclear"
        info.update(table="", status="skipped", detail=detail, rows_used=0)
        recipe.tables[key] = {"use": False, "table": "aggregates", "reason": detail,
                              "columns": {h: "" for h in headers}}  # (the Import page offers them as roles)
        return None, frame, info
    row_numbers = pd.Series(frame.index.to_numpy() + raw.header_line + 1, index=frame.index)
    ctx = Context(log, raw.file, raw.sheet, row_numbers, decimal=raw.meta.get("decimal") or ".")
    out = aggregates.to_frame(frame, roles, lambda series, column: cleaning.to_number(series, ctx, column),
                              first_row=raw.header_line + 1)
    if raw.sheet:
        out["source_sheet"] = raw.sheet
    out["source_file"] = raw.file
    recipe.tables[key] = {
        "use": True, "table": "aggregates", "kind": "aggregated", "reason": roles.get("reason", reason),
        "aggregate": roles, "columns": aggregates.role_columns(roles, headers),
        **{k: v for k, v in raw.meta.items() if k in ("format", "encoding", "delimiter", "decimal", "thousands")},
        "profiles": {h: {"kind": p.kind, "confidence": p.confidence, "evidence": p.evidence}
                     for h, p in profiles.items()},
    }
    info.update(table="aggregates", layout=roles["shape"], status="used", detail=roles.get("reason", reason),
                rows_used=len(frame))
    return "aggregates", out, info


def _log_reading_notes(raw: RawTable, log: ProblemLog) -> None:
    """Report what the reader had to repair in the file itself (ragged lines, quotes, NUL bytes)."""
    bad = raw.meta.get("bad_lines") or []
    if bad:
        extra = raw.meta.get("extra_columns") or []
        action = (f"extra values kept in column{'s' if len(extra) > 1 else ''} " + ", ".join(f"'{c}'" for c in extra)
                  if extra else "extra fields dropped")
        values = pd.Series([" | ".join(str(f) for f in fields) for _, fields in bad])
        rows = pd.Series([None if i is None else raw.header_line + 1 + i for i, _ in bad], dtype="object")
        log.add_values("line has more fields than the header", action, values, file=raw.file, sheet=raw.sheet,
                       row_numbers=rows)
    if "unclosed_quote_line" in raw.meta:
        log.add("a quote mark is never closed", "quote marks read as ordinary characters", file=raw.file,
                sheet=raw.sheet, row=raw.meta["unclosed_quote_line"])
    for index, problem, shown in raw.meta.get("trailing_rows") or []:
        log.add(problem, "row not used", file=raw.file, sheet=raw.sheet, row=raw.header_line + 1 + index, value=shown)
    # Cells the workbook parser read as blanks although they hold something (see readers._note_blanked_cells).
    for key, problem in (("error_cells", "spreadsheet error value (a formula that failed)"),
                         ("na_text_cells", "no-answer code")):
        cells = raw.meta.get(key) or []
        for column in dict.fromkeys(c for _, c, _ in cells):
            mine = [(i, text) for i, c, text in cells if c == column]
            values = pd.Series([text for _, text in mine], index=[i for i, _ in mine], dtype="object")
            log.add_values(problem, "set to missing", values, file=raw.file, sheet=raw.sheet, column=column,
                           row_numbers=pd.Series(values.index + raw.header_line + 1, index=values.index))
    if raw.meta.get("nul_bytes"):
        log.add("file contains NUL bytes (damaged export)", "NUL bytes removed", file=raw.file, sheet=raw.sheet,
                value="\\x00", count=raw.meta["nul_bytes"])
    _log_misdecoded_text(raw, log)


#: Text decoded with the wrong encoding: the replacement character, or UTF-8 read as Latin-1 ('Ã©' for 'é').
_MISDECODED = r"\ufffd|[ÃÂ][\u0080-\u00bf]|â€"
#: Values per column looked at before a whole column is searched (a clean 2M-row file pays for the sample only).
MISDECODED_SAMPLE = 5000


def _log_misdecoded_text(raw: RawTable, log: ProblemLog) -> None:
    """Report cells whose text looks decoded with the wrong encoding, with their rows (never silent):
    a UTF-8 BOM before cp1252 bytes, or a file mixing UTF-8 and Latin-1 lines."""
    frame = raw.frame
    for column in frame.columns:
        s = frame[column]
        if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s):
            continue
        head = s.head(MISDECODED_SAMPLE).dropna().astype("str")
        if head.empty or not head.str.contains(_MISDECODED, regex=True).any():
            continue
        text = s.dropna().astype("str")
        bad = text[text.str.contains(_MISDECODED, regex=True)]
        log.add_values("text looks decoded with the wrong encoding ('Ã©' for 'é', '\ufffd')",
                       "read as it is: choose the file's encoding on the Import page", bad, file=raw.file,
                       sheet=raw.sheet, column=str(column),
                       row_numbers=pd.Series(bad.index + raw.header_line + 1, index=bad.index))


class _WideSurveyLog:
    """The problem log for a melted wide survey, so that it reports cells of the file.

    Each respondent's own answers repeat once per rated touchpoint: a bad date or segment
    value is reported once per file row, not once per touchpoint. A bad rating is reported
    under the file's column it sits in ('App'), not under the melted ``ratings_column``.
    """

    def __init__(self, log: ProblemLog, ratings_column: str, origin_column: pd.Series) -> None:
        self.log, self.ratings_column, self.origin_column = log, ratings_column, origin_column

    def add(self, *args, **kwargs) -> None:
        self.log.add(*args, **kwargs)

    def add_values(self, problem, action, values, *, row_numbers=None, column="", **where) -> None:
        if not len(values):
            return
        if column == self.ratings_column:
            origin = self.origin_column.reindex(values.index)
            for source in pd.unique(origin.dropna()):
                self.log.add_values(problem, action, values[(origin == source).to_numpy()], row_numbers=row_numbers,
                                    column=str(source), **where)
            return
        if row_numbers is not None:
            values = values[~row_numbers.reindex(values.index).duplicated().to_numpy()]
        self.log.add_values(problem, action, values, row_numbers=row_numbers, column=column, **where)


#: Feedback columns that describe a whole response, not one touchpoint (see the wide layout in _feedback).
RESPONDENT_LEVEL = (*SCORE_COLUMNS, *FLAG_COLUMNS, "comment")


def _feedback(frame: pd.DataFrame, mapping: dict, layout: str, settings: dict, recipe: Recipe,
              ctx: Context) -> pd.DataFrame:
    frame = frame.rename(columns=mapping)
    row_numbers = ctx.row_numbers
    if layout == "wide":
        value_columns = [c for c in settings.get("value_columns", []) if c in frame.columns]
        metric = settings.get("wide_metric", "csat")
        # Answers about the whole experience (an NPS question, an overall score, a comment, flags)
        # stay on one row per respondent, without a touchpoint: copied onto every rated touchpoint
        # they would count each respondent once per touchpoint and pin the comment on all of them.
        respondent_columns = [c for c in RESPONDENT_LEVEL if c in frame.columns and c not in value_columns]
        id_columns = [c for c in frame.columns if c not in value_columns and c not in respondent_columns]
        frame = frame.assign(source_row=row_numbers)
        long = frame[id_columns + ["source_row"] + value_columns].melt(
            id_vars=id_columns + ["source_row"], value_vars=value_columns, var_name="touchpoint", value_name=metric)
        long = long.dropna(subset=[metric])
        long["\x00origin"] = long["touchpoint"].astype("object")  # the file's column of each rating, for the report
        items = inference.matrix_items([str(c) for c in value_columns])
        if len(items) == len(value_columns):  # one grid question: its items name the touchpoints
            long["touchpoint"] = long["touchpoint"].map(lambda c: items[str(c)])
        if respondent_columns:
            answered = frame[respondent_columns].notna().any(axis=1)
            per_respondent = frame.loc[answered, id_columns + respondent_columns + ["source_row"]]
            if metric in respondent_columns:  # an overall score of the ratings' kind: reported under its own header
                per_respondent = per_respondent.assign(
                    **{"\x00origin": next((h for h, c in mapping.items() if c == metric), metric)})
            long = pd.concat([long, per_respondent], ignore_index=True).sort_values("source_row", kind="stable")
        if "response_id" not in long.columns:
            long["response_id"] = long["source_row"].astype("str")
        frame = long.reset_index(drop=True)
        origin_column = frame.pop("\x00origin")
        row_numbers = frame["source_row"]
        headers = {metric: f"{len(value_columns)} rating columns"}
        ctx = Context(_WideSurveyLog(ctx.log, headers[metric], origin_column), ctx.file, ctx.sheet,  # type: ignore[arg-type]
                      row_numbers, decimal=ctx.decimal)
    elif layout == "complaints":
        issue = settings.get("issue_column")
        product = settings.get("product_column")
        renames = {}
        if issue in frame.columns and "touchpoint" not in frame.columns:
            renames[issue] = "touchpoint"
        if product and product in frame.columns and "stage" not in frame.columns:
            renames[product] = "stage"
        frame = frame.rename(columns=renames)
        if "complaint" not in frame.columns:
            frame["complaint"] = 1.0
        frame["source_row"] = row_numbers
        headers = {}
    else:
        frame = frame.assign(source_row=row_numbers)
        headers = {}
    headers.update({c: h for h, c in mapping.items() if not (layout == "wide" and c in headers)})

    out = pd.DataFrame(index=frame.index)
    for col in TABLES["feedback"]:
        name = col.name
        if name not in frame.columns:
            continue
        label = headers.get(name, name)
        s = frame[name]
        if col.kind == "metric":
            if name == "sentiment":
                out[name] = cleaning.to_sentiment(s, ctx, label)
                continue
            s, words = labels.read_scores(s, name, label)  # 'Very satisfied' -> 5, '10 - Extremely likely' -> 10
            values = cleaning.to_number(s, ctx, label, na_codes=recipe.na_codes)
            hint = inference.scale_hint(label) or ((1, words["points"]) if words.get("points") else None)
            kept = recipe.scales.get(name)
            if kept and kept.get("column", label) != label:
                kept = None  # the metric is read from another column since: its scale is detected again
            scale = {**(kept or cleaning.detect_scale(name, values, hint, label)), "column": label}
            if words:  # shown on the Import page: which words were read as which score
                scale = {**scale, "labels": words["labels"], "label_scale": words["scale"]}
            recipe.scales[name] = scale
            out[name] = cleaning.apply_scale(values, scale, ctx, label)
        elif col.kind == "flag":
            out[name] = cleaning.to_flag(s, ctx, label)
        elif col.kind == "date":
            out[name], used = cleaning.parse_dates(s, ctx, label, fmt=recipe.date_format)
            settings["date_formats"] = used
        elif col.kind == "dimension":
            out[name] = cleaning.to_dimension(s, ctx, label)
        elif col.kind == "id":
            out[name] = cleaning.to_id(s)
        else:
            out[name] = cleaning.to_text(s)
    out["source_row"] = frame["source_row"].astype("int64")
    for extra in frame.columns:
        if extra in out.columns or extra in column_names("feedback"):
            continue
        out[str(extra)] = _extra_column(frame[extra])
    if layout == "wide":
        out["touchpoint"] = out["touchpoint"].astype("category")
        # A 'not applicable' rating in a wide survey means the touchpoint was not rated: no row (it is reported).
        # Rows without a touchpoint are the respondents' own answers (NPS, comment): kept.
        metric = settings.get("wide_metric", "csat")
        out = out[out[metric].notna() | out["touchpoint"].isna()]
        # A respondent row whose answers all turned out unusable (each reported) is not a file row: no note.
        own = [c for c in RESPONDENT_LEVEL if c in out]
        out = out[out["touchpoint"].notna() | out[own].notna().any(axis=1)]
    # Rows that say nothing about any touchpoint and carry no score or comment cannot be used; in a
    # customer table (one row per customer) the row itself is the unit, with its attributes and outcomes.
    content = [c for c in (*RESPONDENT_LEVEL, "touchpoint", "stage") if c in out]
    if settings.get("kind") == "customer":
        content += [c for c in settings.get("outcome_columns", []) if c in out]
    empty = out[content].isna().all(axis=1) if content else pd.Series(True, index=out.index)
    if empty.any():
        ctx.log.add_values("row has no touchpoint, score or comment", "row not used",
                           out.loc[empty, "source_row"].astype(str), file=ctx.file, sheet=ctx.sheet,
                           column="", row_numbers=out["source_row"])
        out = out[~empty]
    return out.reset_index(drop=True)


def _extra_column(s: pd.Series) -> pd.Series:
    """Keep an unmapped column under its own name: categories for segment-like text, else as read.

    Segment-like: at most SEGMENT_MAX_VALUES distinct values, not free text, not dates.
    """
    if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s):
        return s
    codes, uniques = pd.factorize(s)
    if len(uniques) <= SEGMENT_MAX_VALUES and len(s) >= cleaning.DISTINCT_MIN_ROWS:
        # Few distinct raw values: decide and trim on those, then build the category from codes.
        distinct = cleaning.strip_text(pd.Series(uniques))
        categories = pd.Index(distinct.dropna().unique()).sort_values()
        if len(categories) >= 1 and not cleaning.looks_like_free_text(distinct) \
                and not cleaning.looks_like_dates(distinct):
            mapped = np.append(categories.get_indexer(distinct), -1)[codes]
            return pd.Series(pd.Categorical.from_codes(mapped, categories=categories), index=s.index)
    text = cleaning.strip_text(s)
    nunique = text.nunique(dropna=True)
    # Timestamps (a survey's start date) are not segments to split a journey by, however few.
    if 1 <= nunique <= SEGMENT_MAX_VALUES and not cleaning.looks_like_free_text(text) \
            and not cleaning.looks_like_dates(text):
        return text.astype("category")
    return text.astype("str").where(text.notna())


def _simple_table(table: str, frame: pd.DataFrame, mapping: dict, recipe: Recipe, ctx: Context) -> pd.DataFrame:
    frame = frame.rename(columns=mapping)
    headers = {c: h for h, c in mapping.items()}
    out = pd.DataFrame(index=frame.index)
    for col in TABLES[table]:
        if col.name not in frame.columns:
            continue
        s, label = frame[col.name], headers.get(col.name, col.name)
        if table == "opportunities" and col.name in (*osc.SCORED, "confidence"):
            out[col.name] = _opportunity_score(col.name, s, label, recipe, ctx)
        elif col.kind in ("number", "metric"):
            values = cleaning.to_number(s, ctx, label, na_codes=recipe.na_codes)
            if col.name == "confidence":
                values = values.where(values.isna() | (values <= 1), values / 100)  # 80 (%) -> 0.8
            if col.name == "score":
                values = cleaning.out_of_range(values, 1, 5, ctx, label)
            out[col.name] = values
        elif col.kind == "date":
            out[col.name], _ = cleaning.parse_dates(s, ctx, label)
        elif col.kind == "dimension":
            out[col.name] = cleaning.to_dimension(s, ctx, label)
        else:
            out[col.name] = cleaning.to_text(s)
    key_column = {"touchpoints": "touchpoint", "opportunities": "opportunity", "maturity": "score"}[table]
    if key_column in out:
        missing = out[key_column].isna()
        if missing.any():
            ctx.log.add_values(f"no {key_column.replace('_', ' ')}", "row not used",
                               pd.Series(ctx.row_numbers[missing].astype(str)), file=ctx.file,
                               sheet=ctx.sheet, column=headers.get(key_column, key_column),
                               row_numbers=ctx.row_numbers)
            out = out[~missing]
    return out.reset_index(drop=True)


def _opportunity_score(name: str, s: pd.Series, label: str, recipe: Recipe, ctx: Context) -> pd.Series:
    """A scored opportunity field as numbers, its scale recorded in ``recipe.opportunity_scales``
    (words by position; rules in cxlens.opportunity_scales)."""
    words = osc.read_words(s)
    if words is not None:
        values, scale = words
    else:
        values = cleaning.to_number(s, ctx, label, na_codes=recipe.na_codes)
        hint = None if name == "confidence" else inference.scale_hint(label)
        scale = None if name == "confidence" else osc.detect(values, hint)
        if hint is not None:
            values = cleaning.out_of_range(values, scale.low, scale.high, ctx, label)
    if name == "confidence":
        if words is not None:
            return osc.confidence_from_words(values, scale)
        return values.where(values.isna() | (values <= 1), values / 100)  # 80 (%) -> 0.8
    if scale is not None:
        before = recipe.opportunity_scales.get(name)
        merged = osc.widest(osc.Scale.from_dict(before) if before else None, scale)
        recipe.opportunity_scales[name] = merged.to_dict()
    return values


# ----------------------------------------------------------------------------- combine


def _concat(frames: list[pd.DataFrame], table: str) -> pd.DataFrame:
    base = empty_table(table)
    if not frames:
        return base
    combined = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    for col in base.columns:
        if col not in combined.columns:
            combined[col] = pd.Series(np.nan, index=combined.index, dtype=base[col].dtype)
    ordered = list(base.columns) + [c for c in combined.columns if c not in base.columns]
    return combined[ordered]


def _assemble(parts: dict[str, list[pd.DataFrame]], recipe: Recipe, log: ProblemLog) -> Dataset:
    feedback = _concat(parts["feedback"], "feedback")
    touchpoints = _concat(parts["touchpoints"], "touchpoints")
    opportunities = _concat(parts["opportunities"], "opportunities")
    maturity = _concat(parts["maturity"], "maturity")

    if not touchpoints.empty:
        dupes = touchpoints["touchpoint"].duplicated(keep="first")
        if dupes.any():
            log.add_values("touchpoint listed twice in the catalogue", "first entry kept",
                           touchpoints.loc[dupes, "touchpoint"].astype(str), sheet="touchpoints",
                           column="touchpoint")
            touchpoints = touchpoints[~dupes].reset_index(drop=True)

    # Every rule below (catalogue stage, stage map, "Unassigned", stage order, first appearance)
    # depends only on a row's (touchpoint, stage) pair, so it runs on one row per distinct pair,
    # in order of first appearance, and the result is spread back to the rows by code.
    t_codes, _ = pd.factorize(feedback["touchpoint"])
    s_codes, s_uniques = pd.factorize(feedback["stage"])
    pair_of_row, _ = pd.factorize((t_codes.astype("int64") + 1) * (len(s_uniques) + 1) + s_codes + 1)
    # First row of each pair, in pair order (pairs are numbered by first appearance); hashing, not sorting.
    first_rows = pd.Series(pair_of_row).drop_duplicates().index.to_numpy()

    # Stages: feedback's own, then the catalogue's, then the user's stage map.
    stage = pd.Series(feedback["stage"].iloc[first_rows].astype("object").to_numpy(), dtype="object")
    touch = pd.Series(feedback["touchpoint"].iloc[first_rows].astype("object").to_numpy(), dtype="object")
    if not touchpoints.empty and touchpoints["stage"].notna().any():
        catalogue = dict(zip(touchpoints["touchpoint"].astype(str), touchpoints["stage"].astype("object")))
        stage = stage.where(stage.notna(), touch.map(catalogue))
    if recipe.stage_map:
        mapped = touch.map(recipe.stage_map)
        stage = mapped.where(mapped.notna(), stage)
    if touch.notna().any() and stage.isna().any():
        stage = stage.where(stage.notna() | touch.isna(), UNASSIGNED_STAGE)

    order = _stage_order(stage, touchpoints, recipe)
    recipe.stage_order = order
    stage_of_pair = pd.Categorical(stage, categories=order, ordered=True)
    feedback["stage"] = pd.Categorical.from_codes(stage_of_pair.codes[pair_of_row], dtype=stage_of_pair.dtype)
    if not touchpoints.empty:
        touchpoints["stage"] = pd.Categorical(touchpoints["stage"].astype("object"), categories=order, ordered=True)
        position = {s: i + 1 for i, s in enumerate(order)}
        touchpoints["stage_order"] = touchpoints["stage"].astype("object").map(position).astype("float64")

    # Touchpoints in journey order: by stage, then catalogue order, then first appearance.
    tp_order: list[str] = []
    if not touchpoints.empty:
        tp_order = list(touchpoints.sort_values("stage_order", kind="stable")["touchpoint"].astype(str))
    firsts = (pd.DataFrame({"t": touch, "s": stage_of_pair.codes}).dropna(subset=["t"])
              .drop_duplicates("t").sort_values("s", kind="stable")["t"].astype(str).tolist())
    listed = set(tp_order)
    tp_order += [t for t in firsts if t not in listed]
    touch_of_pair = pd.Categorical(touch, categories=tp_order)
    feedback["touchpoint"] = pd.Categorical.from_codes(touch_of_pair.codes[pair_of_row], dtype=touch_of_pair.dtype)
    has_touchpoint = bool(touch.notna().any())
    for col in ("channel", "persona"):
        if not isinstance(feedback[col].dtype, pd.CategoricalDtype):
            feedback[col] = feedback[col].astype("category")
    if touchpoints.empty and has_touchpoint:
        touchpoints = _derived_catalogue(feedback)
    for frame in (feedback, touchpoints, opportunities, maturity):
        for col in frame.columns:
            if frame[col].dtype == object:
                frame[col] = frame[col].astype("str").where(frame[col].notna())
    return Dataset(feedback=feedback, touchpoints=touchpoints, opportunities=opportunities, maturity=maturity,
                   problems=pd.DataFrame(), recipe=recipe)


def _stage_order(stage: pd.Series, touchpoints: pd.DataFrame, recipe: Recipe) -> list[str]:
    present = [s for s in pd.unique(stage.dropna()) if s is not None]
    if not touchpoints.empty and touchpoints["stage"].notna().any():
        tp = touchpoints.dropna(subset=["stage"])
        if tp["stage_order"].notna().any():
            tp = tp.sort_values("stage_order", kind="stable")
        present = list(pd.unique(tp["stage"].astype("object"))) + present
    seen: list[str] = []
    wanted = {str(s) for s in present}
    for s in (recipe.stage_order or []):
        if s not in seen and s in wanted:
            seen.append(s)
    rest = [str(s) for s in dict.fromkeys(present) if str(s) not in seen]
    if not (not touchpoints.empty and touchpoints["stage_order"].notna().any()):
        # No order given: the customer lifecycle's ('Discover' before 'Use' before 'Get help').
        rest = lifecycle.lifecycle_order(rest)
    order = seen + rest
    if UNASSIGNED_STAGE in order:
        order = [s for s in order if s != UNASSIGNED_STAGE] + [UNASSIGNED_STAGE]
    return order


def _modal_channel(feedback: pd.DataFrame, touchpoint_codes: np.ndarray) -> pd.Categorical:
    """The most frequent channel of each touchpoint (given by its category code); ties go to
    the first channel in sorted order, as ``Series.mode`` would. Counted on the codes."""
    channel = feedback["channel"]
    if not isinstance(channel.dtype, pd.CategoricalDtype):
        channel = channel.astype("category")
    categories = channel.cat.categories
    ranked = channel.cat.reorder_categories(sorted(categories))
    t = feedback["touchpoint"].cat.codes.to_numpy().astype(np.int64)
    c = ranked.cat.codes.to_numpy().astype(np.int64)
    n_t, n_c = len(feedback["touchpoint"].cat.categories), len(categories)
    valid = (t >= 0) & (c >= 0)
    counts = np.bincount(t[valid] * n_c + c[valid], minlength=n_t * n_c).reshape(n_t, n_c) if n_c else \
        np.zeros((n_t, 0), dtype=np.int64)
    values = [ranked.cat.categories[counts[k].argmax()] if n_c and counts[k].max() > 0 else None
              for k in touchpoint_codes]
    return pd.Categorical(values, categories=categories)


def _derived_catalogue(feedback: pd.DataFrame) -> pd.DataFrame:
    """A touchpoint catalogue from the feedback itself (no volumes: those need the user's catalogue).

    One row per touchpoint that occurs, in category order; its stage is the one on its first row
    (every row with a touchpoint has a stage by now), its channel the most frequent one.
    """
    base = empty_table("touchpoints")
    codes = feedback["touchpoint"].cat.codes.to_numpy()
    firsts = pd.Series(codes).drop_duplicates()  # index = first row of each code
    firsts = firsts[firsts >= 0].sort_values()
    rows = pd.DataFrame({
        "touchpoint": feedback["touchpoint"].cat.categories[firsts.to_numpy()].astype(str),
        "stage": feedback["stage"].iloc[firsts.index.to_numpy()].astype("object").to_numpy(),
    })
    if feedback["channel"].notna().any():
        rows["channel"] = _modal_channel(feedback, firsts.to_numpy())
    order = {s: i + 1 for i, s in enumerate(feedback["stage"].cat.categories)}
    rows["stage_order"] = rows["stage"].map(order).astype("float64")
    rows["stage"] = pd.Categorical(rows["stage"], categories=feedback["stage"].cat.categories, ordered=True)
    for col in base.columns:
        if col not in rows:
            rows[col] = pd.Series(np.nan, index=rows.index, dtype=base[col].dtype)
    return rows[list(base.columns)]
