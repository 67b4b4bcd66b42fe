"""One interpreted table -> its canonical table (cxlens.schema): feedback (wide surveys melted to one
row per rating, complaint logs, every column typed and validated by cxlens.cleaning), touchpoints,
opportunities (scored fields on their detected scales) and maturity. Every value that cannot be used
is written to the problem log with its file row."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import cleaning, inference, labels
from . import opportunity_scales as osc
from .cleaning import Context
from .dataset import Recipe
from .metric_registry import FLAG_COLUMNS, SCORE_COLUMNS
from .problems import ProblemLog
from .schema import TABLES, column_names

#: Extra (non-canonical) columns with at most this many distinct values become
#: categories and are offered as segments (heatmap columns, filters).
SEGMENT_MAX_VALUES = 60


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


#: Feedback columns that describe a whole response, not one touchpoint (see the wide layout in feedback_table).
RESPONDENT_LEVEL = (*SCORE_COLUMNS, *FLAG_COLUMNS, "comment")


def feedback_table(frame: pd.DataFrame, mapping: dict, layout: str, settings: dict, recipe: Recipe,
                   ctx: Context) -> pd.DataFrame:
    """The canonical feedback rows of one table in ``layout`` ('long', 'wide' or 'complaints')."""
    frame = frame.rename(columns=mapping)
    if layout == "wide":
        frame, ctx, headers = _melt_wide(frame, mapping, settings, ctx)
    elif layout == "complaints":
        frame, headers = _complaint_log(frame, settings, ctx.row_numbers), {}
    else:
        frame, headers = frame.assign(source_row=ctx.row_numbers), {}
    headers.update({c: h for h, c in mapping.items() if not (layout == "wide" and c in headers)})
    out = _typed_feedback(frame, headers, settings, recipe, ctx)
    if layout == "wide":
        out["touchpoint"] = out["touchpoint"].astype("category")
        # A 'not applicable' rating in a wide survey means the touchpoint was not rated: no row (it is reported).
        # Rows without a touchpoint are the respondents' own answers (NPS, comment): kept.
        metric = settings.get("wide_metric", "csat")
        out = out[out[metric].notna() | out["touchpoint"].isna()]
        # A respondent row whose answers all turned out unusable (each reported) is not a file row: no note.
        own = [c for c in RESPONDENT_LEVEL if c in out]
        out = out[out["touchpoint"].notna() | out[own].notna().any(axis=1)]
    return _without_content_free_rows(out, settings, ctx).reset_index(drop=True)


def _melt_wide(frame: pd.DataFrame, mapping: dict, settings: dict,
               ctx: Context) -> tuple[pd.DataFrame, Context, dict]:
    """A wide survey (one rating column per touchpoint) as one row per rating, plus one row per respondent
    for their own answers; the context reports bad ratings under the file's column (see _WideSurveyLog)."""
    value_columns = [c for c in settings.get("value_columns", []) if c in frame.columns]
    metric = settings.get("wide_metric", "csat")
    # Answers about the whole experience (an NPS question, an overall score, a comment, flags)
    # stay on one row per respondent, without a touchpoint: copied onto every rated touchpoint
    # they would count each respondent once per touchpoint and pin the comment on all of them.
    respondent_columns = [c for c in RESPONDENT_LEVEL if c in frame.columns and c not in value_columns]
    id_columns = [c for c in frame.columns if c not in value_columns and c not in respondent_columns]
    frame = frame.assign(source_row=ctx.row_numbers)
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
    return frame, ctx, headers


def _complaint_log(frame: pd.DataFrame, settings: dict, row_numbers: pd.Series) -> pd.DataFrame:
    """A complaint log: its issue column names the touchpoint, its product the stage; every row is a complaint."""
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
    return frame


def _typed_feedback(frame: pd.DataFrame, headers: dict, settings: dict, recipe: Recipe,
                    ctx: Context) -> pd.DataFrame:
    """Every canonical feedback column typed and validated (scores on their scales), extra columns kept."""
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
        out[str(extra)] = extra_column(frame[extra])
    return out


def _without_content_free_rows(out: pd.DataFrame, settings: dict, ctx: Context) -> pd.DataFrame:
    """Rows that say nothing about any touchpoint and carry no score or comment cannot be used (reported);
    in a customer table (one row per customer) the row itself is the unit, with its attributes and outcomes."""
    content = [c for c in (*RESPONDENT_LEVEL, "touchpoint", "stage") if c in out]
    if settings.get("kind") == "customer":
        content += [c for c in settings.get("outcome_columns", []) if c in out]
    empty = out[content].isna().all(axis=1) if content else pd.Series(True, index=out.index)
    if empty.any():
        ctx.log.add_values("row has no touchpoint, score or comment", "row not used",
                           out.loc[empty, "source_row"].astype(str), file=ctx.file, sheet=ctx.sheet,
                           column="", row_numbers=out["source_row"])
        out = out[~empty]
    return out


def extra_column(s: pd.Series) -> pd.Series:
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


def simple_table(table: str, frame: pd.DataFrame, mapping: dict, recipe: Recipe, ctx: Context) -> pd.DataFrame:
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
