"""``cxlens.load``: any touchpoint/feedback spreadsheet(s) -> one canonical Dataset.

Pipeline per file: read bytes (cxlens.readers) -> classify each table and map its columns
(cxlens.inference, cxlens.layouts, cxlens.journey_columns) -> reshape wide surveys and complaint
logs and type and validate every canonical column (cxlens.canonical_tables, cxlens.cleaning) ->
combine tables across files and attach stages and stage order (cxlens.assemble). What the reader
repaired is reported by cxlens.reading_notes. Every guess is written into a :class:`Recipe`, which
the user can edit and feed back in to reproduce or correct the load.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Union

import numpy as np
import pandas as pd

from . import aggregates, cleaning, inference, journey_columns, labels, layouts, profiling, table_kinds, value_merges
from . import opportunity_scales as osc
from .assemble import assemble
from .canonical_tables import feedback_table, simple_table
from .cleaning import Context
from .dataset import RECIPE_VERSION, UNASSIGNED_STAGE, Dataset, Recipe  # noqa: F401 - re-exported (public names)
from .errors import DataError
from .problems import ProblemLog, summarise
from .readers import RawTable, read_tables
from .reading_notes import log_reading_notes
from .safety import check_batch
from .schema import TABLES

Source = Union[str, os.PathLike, bytes, BinaryIO]

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
    read = _read_sources(sources, names, recipe, log, lookup, report)
    one_name = names[0] if len(sources) == 1 else None
    if not any(read.parts.values()) and not read.published:
        _raise_nothing_found(read, len(sources), one_name)
    report("Combining tables", 0.9)
    ds = assemble(read.parts, recipe, log)
    if read.published:
        published = read.published
        ds.aggregates = pd.concat(published, ignore_index=True) if len(published) > 1 else published[0]
        for c in ("entity", "measure", "unit"):
            ds.aggregates[c] = ds.aggregates[c].astype("str").astype("category")
    if all(getattr(ds, t).empty for t in TABLES) and not ds.questions and ds.aggregates.empty:
        # (With open questions the user answers them on the Import page: an empty load is not the end.)
        # Tables were recognised but every row was unusable: an empty Dataset would only look like a success.
        _raise_nothing_usable(log, len(sources), one_name)
    ds.sources = pd.DataFrame(read.source_rows)
    ds.strategy = pd.concat(read.strategy, ignore_index=True) if read.strategy else pd.DataFrame()
    for err in read.errors:
        log.add("file could not be read", "file skipped", file=err.filename or "", value=err.message)
    ds.problems = log.frame()
    report("Done", 1.0)
    return ds


@dataclass
class _Read:
    """What the files of one load gave, table by table, before they are combined."""

    parts: dict[str, list[pd.DataFrame]] = field(default_factory=lambda: {t: [] for t in TABLES})
    strategy: list[pd.DataFrame] = field(default_factory=list)
    published: list[pd.DataFrame] = field(default_factory=list)
    source_rows: list[dict] = field(default_factory=list)  # one per file/sheet: what was detected (ds.sources)
    errors: list[DataError] = field(default_factory=list)  # files that could not be read at all


def _read_sources(sources: list[Source], names: list[str | None], recipe: Recipe, log: ProblemLog,
                  lookup: _SettingsLookup, report: ProgressCallback) -> _Read:
    """Read and interpret every table of every source, one at a time (each freed once interpreted)."""
    read = _Read()
    for i, (src, name) in enumerate(zip(sources, names)):
        data, name = _read_bytes(src, name, i)
        report(f"Reading {name}", i / len(sources))
        try:
            tables = read_tables(data, name, csv_options=_csv_options(lookup, name))
        except DataError as exc:
            read.errors.append(exc)
            read.source_rows.append({"file": name, "sheet": "", "table": "", "status": "error",
                                     "detail": exc.message})
            continue
        finally:
            del data  # the file's bytes are not needed once read: free them before cleaning
        while tables:  # pop each raw table so its memory is freed once interpreted
            raw = tables.pop(0)
            report(f"Detecting layout of {raw.sheet or name}", (i + 0.3) / len(sources))
            table, frame, info = _interpret(raw, recipe, log, lookup)
            del raw
            read.source_rows.append(info)
            if table == "strategy":
                read.strategy.append(frame)
            elif table == "aggregates":
                read.published.append(frame)
            elif table:
                read.parts[table].append(frame)
        report(f"Validating {name}", (i + 0.8) / len(sources))
    return read


def _raise_nothing_found(read: _Read, n_sources: int, filename: str | None) -> None:
    errors = read.errors
    if errors and len(errors) == n_sources:
        raise errors[0] if len(errors) == 1 else DataError(
            " ".join(f"{e.filename}: {e.message}" for e in errors))
    detail = "; ".join(f"{r['sheet'] or r['file']}: {r.get('detail', '')}" for r in read.source_rows
                       if r.get("detail"))
    raise DataError(
        "No touchpoint, feedback, opportunity or maturity data was found"
        + (f" ({detail})" if detail else "")
        + ". Check that the file has a header row and at least one data row; see the Excel template on the Import page.",
        filename=filename,
    )


def _raise_nothing_usable(log: ProblemLog, n_sources: int, filename: str | None) -> None:
    top = summarise(log.frame()).head(3)
    detail = "; ".join(f"{r['problem']}" + (f" in '{r['column']}'" if r["column"] else "") + f" ({r['count']}×)"
                       for _, r in top.iterrows())
    raise DataError(
        ("The file was read, but none of its rows" if n_sources == 1
         else "The files were read, but none of their rows") + " could be used"
        + (f" ({detail})" if detail else "")
        + ". Check that each row names a touchpoint or holds a score or comment; see the Excel template on the "
        "Import page.",
        filename=filename,
    )


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
    log_reading_notes(raw, log)
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
    return _canonical(raw, frame, _Guess(table, mapping, reason, profiles), settings, recipe, log, info, key)


@dataclass
class _Guess:
    """What a table was read as: its kind, its columns' canonical names, why, and each column's profile."""

    table: str
    mapping: dict
    reason: str
    profiles: dict


def _canonical(raw: RawTable, frame: pd.DataFrame, guess: _Guess, settings: dict, recipe: Recipe, log: ProblemLog,
               info: dict, key: str) -> tuple[str | None, pd.DataFrame, dict]:
    """A recognised table -> its canonical table; its layout, questions and settings go to ``recipe``."""
    table, mapping, profiles = guess.table, guess.mapping, guess.profiles
    row_numbers = pd.Series(frame.index.to_numpy() + raw.header_line + 1, index=frame.index)
    ctx = Context(log, raw.file, raw.sheet, row_numbers, decimal=raw.meta.get("decimal") or ".")
    _drop_metrics_without_numbers(frame, mapping, table, settings, ctx)
    layout, layout_info, questions = _layout_and_questions(frame, table, mapping, profiles, settings)
    answered = list(settings.get("answered", []))
    questions = [q for q in questions if q["id"] not in answered]
    kind_info: dict = {}
    if table == "feedback" and layout == "long":
        if table_kinds.is_customer_table(mapping, profiles):
            kind_info = {"kind": "customer", "outcome_columns": [h for h, p in profiles.items()
                                                                 if p.kind == "outcome" and h not in mapping]}
        elif "table" not in settings and all(q["id"] == "touchpoint" for q in questions):
            lookup = table_kinds.lookup_reason(frame, mapping, profiles)
            if lookup:  # (a question about its label columns would only be noise)
                info.update(table="", status="skipped", detail=lookup, rows_used=0)
                recipe.tables[key] = {"use": False, "table": "feedback", "reason": lookup}
                return None, frame, info
    settings_out = {
        "use": True, "table": table, "layout": layout, "reason": guess.reason,
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
    settings_out["profiles"] = _profile_notes(profiles)
    recipe.tables[key] = settings_out

    if table == "feedback":
        out = feedback_table(frame, mapping, layout, settings_out, recipe, ctx)
    else:
        out = simple_table(table, frame, mapping, recipe, ctx)
    # One category instead of a copy of the file name per row (2M rows: 60 MB less).
    out["source_file"] = pd.Categorical.from_codes(np.zeros(len(out), dtype=np.int8), categories=[raw.file])
    if raw.sheet:
        out["source_sheet"] = pd.Categorical.from_codes(np.zeros(len(out), dtype=np.int8), categories=[raw.sheet])
    info.update(table=table, layout=layout, status="used", detail=guess.reason, rows_used=len(out),
                mapping=", ".join(f"{h} → {c}" for h, c in mapping.items()))
    return table, out, info


def _drop_metrics_without_numbers(frame: pd.DataFrame, mapping: dict, table: str, settings: dict,
                                  ctx: Context) -> None:
    """Metric columns must hold numbers: a 'satisfaction' column of words is a segment, not CSAT."""
    for header, canonical in list(mapping.items()):
        if canonical in ("csat", "ces", "nps", "rating", "score", "customer_value", "business_value", "effort",
                         "time_criticality", "risk_reduction",
                         "volume", "reach", "cost", "stage_order") and "columns" not in settings:
            if cleaning.numeric_share(frame[header], decimal=ctx.decimal) < 0.5 \
                    and labels.score_share(frame[header], canonical, str(header)) < 0.8 \
                    and not (table == "opportunities" and osc.read_words(frame[header]) is not None):
                del mapping[header]


def _layout_and_questions(frame: pd.DataFrame, table: str, mapping: dict, profiles: dict,
                          settings: dict) -> tuple[str, dict, list[dict]]:
    """A feedback table's layout (long, wide, complaints), with what it adds to ``mapping`` (a guessed
    touchpoint and stage) and the questions left for the Import page; the recipe's choices win."""
    layout, layout_info = ("long", {})
    questions: list[dict] = []
    if table == "feedback":
        layout, layout_info = layouts.detect_layout(frame, mapping, profiles)
        questions += layout_info.pop("questions", [])
        if "layout" in settings or "value_columns" in settings:
            questions = []  # the user chose the layout: nothing left to ask about it
        layout = settings.get("layout", layout)
        if layout == "long" and "columns" not in settings:
            guessed = journey_columns.guess_journey_columns(frame, mapping, profiles)
            if guessed:
                mapping.update(guessed)
                layout_info["guessed_columns"] = sorted(guessed)
            else:
                asked = journey_columns.journey_question(frame, mapping, profiles)
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
    return layout, layout_info, questions


def _profile_notes(profiles: dict) -> dict:
    """Each column's profile as the recipe keeps it (shown on the Import page)."""
    return {h: {"kind": p.kind, "confidence": p.confidence, "evidence": p.evidence} for h, p in profiles.items()}


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
        "profiles": _profile_notes(profiles),
    }
    info.update(table="aggregates", layout=roles["shape"], status="used", detail=roles.get("reason", reason),
                rows_used=len(frame))
    return "aggregates", out, info


