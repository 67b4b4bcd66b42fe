"""Headline numbers for the Overview page."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from . import extra_columns, metrics
from .dataset import UNASSIGNED_STAGE, Dataset
from .feedback_queries import group_keys, scale_of, touchpoint_stages
from .metric_groups import metric_bounds, metric_by_group, metric_info, metric_kind
from .periods import benjamini_hochberg, compare_periods
from .metric_registry import MIN_N  # noqa: F401 - re-exported: the Overview's "too few to judge"
from .schema import column_names


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    value: float | int | str
    unit: str = ""
    n: int | None = None
    help: str = ""
    ci: tuple[float, float] | None = None
    #: a short line under the value (e.g. the dates a period spans)
    detail: str | None = None

    def formatted(self) -> str:
        v = self.value
        if isinstance(v, str):
            return v
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return "–"
        if self.key == "nps":
            return f"{v:+.0f}"
        if self.unit == "%":
            return f"{v:.0f}%"
        if isinstance(v, int) or float(v).is_integer() and self.unit == "":
            return f"{int(v):,}"
        return f"{v:.2f}"



def unstaged_touchpoints(ds: Dataset) -> list[str]:
    """Touchpoints with answers but no journey stage (their stage is 'Unassigned'), in journey order."""
    fb = ds.feedback
    rows = fb[(fb["stage"].astype("object") == UNASSIGNED_STAGE) & fb["touchpoint"].notna()]
    return [str(t) for t in pd.unique(rows["touchpoint"].astype("object"))]


def period_length(first: pd.Timestamp, last: pd.Timestamp) -> str:
    """How long the responses span, short enough for a KPI card: '17 days' up to 62 days,
    else calendar months counted inclusively ('6 months' for 3 Oct 2025 - 28 Mar 2026)."""
    days = (last.normalize() - first.normalize()).days + 1
    if days <= 62:
        return f"{days} day{'s' if days != 1 else ''}"
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    return f"{months} months"


def headline_kpis(ds: Dataset) -> list[Kpi]:
    """Volume, coverage and the main metrics of the whole dataset, each with its n."""
    fb = ds.feedback
    responses = int(fb["response_id"].nunique()) if fb["response_id"].notna().any() else len(fb)
    out = [Kpi("responses", "Responses", responses, help="Distinct response IDs (rows when the file has no IDs).")]
    touchpoints = int(fb["touchpoint"].nunique()) or len(ds.touchpoints)
    if touchpoints:  # (a customer table has none: two zero cards would only say so twice)
        out += [Kpi("touchpoints", "Touchpoints", touchpoints, help="Touchpoints with at least one answer."),
                Kpi("stages", "Journey stages", len([s for s in ds.stages if (fb["stage"] == s).any()]),
                    help="Stages with at least one answer.")]
    dates = fb["date"].dropna()
    if not dates.empty:
        first, last = dates.min(), dates.max()
        out.append(Kpi("period", "Period", period_length(first, last),
                       detail=f"{first:%b %Y}" if (first.year, first.month) == (last.year, last.month)
                       else f"{first:%b %Y} – {last:%b %Y}",
                       help=f"First and last response date: {first:%d %b %Y} to {last:%d %b %Y}."))
    if fb["nps"].notna().any():
        e = metrics.nps(fb["nps"])
        out.append(Kpi("nps", "NPS", e.value, n=e.n, ci=(e.ci_low, e.ci_high),
                       help="% promoters (9-10) − % detractors (0-6), −100..100."))
    if fb["csat"].notna().any():
        sc = scale_of(ds, "csat")
        e = metrics.csat(fb["csat"], sc)
        lo, _ = metrics.top_box_threshold(sc)
        out.append(Kpi("csat", "CSAT", e.value, "%", n=e.n, ci=(e.ci_low, e.ci_high),
                       help=f"% of answers in the top two boxes ({lo:g}-{sc['max']:g} on {sc['min']:g}-{sc['max']:g})."))
    if fb["ces"].notna().any():
        sc = scale_of(ds, "ces")
        e = metrics.ces(fb["ces"])
        out.append(Kpi("ces", "CES", e.value, n=e.n, ci=(e.ci_low, e.ci_high),
                       help=f"Mean effort on {sc['min']:g}-{sc['max']:g} "
                            f"({'higher = more effort' if not sc.get('higher_is_better') else 'higher = easier'})."))
    if fb["rating"].notna().any():
        sc = scale_of(ds, "rating")
        e = metrics.mean_score(fb["rating"])
        out.append(Kpi("rating", "Mean rating", e.value, n=e.n, ci=(e.ci_low, e.ci_high),
                       help=f"Mean of the rating column on {sc['min']:g}-{sc['max']:g}."))
    if fb["complaint"].notna().any():
        out.append(Kpi("complaints", "Complaints", int((fb["complaint"] >= 0.5).sum()),
                       help="Rows flagged as complaints."))
    # Outcomes the file names (churn, attrition, renewal): their rate over all rows, like the complaint rate.
    canonical = set(column_names("feedback")) | {"source_file", "source_sheet", "source_row"}
    for column, event in list(extra_columns.rate_columns(fb, canonical).items())[:2]:
        if not extra_columns.is_named_outcome(column, event):
            break
        flags, _ = extra_columns.binary_values(fb[column])
        e = metrics.rate(flags)
        out.append(Kpi(f"rate:{column}", f"{column} = {event}", e.value, "%", n=e.n, ci=(e.ci_low, e.ci_high),
                       help=f"% of rows where '{column}' is '{event}', with a Wilson 95% interval."))
    return out


#: Days of the latest period the Overview compares with the one before.
CHANGE_DAYS = 90
#: KPI key -> heatmap metric whose change the KPI card shows.
_KPI_METRICS = {"csat": "csat", "nps": "nps", "ces": "ces", "rating": "rating"}


def kpi_changes(ds: Dataset, days: int = CHANGE_DAYS) -> dict[str, str]:
    """KPI key -> a line for its card when the latest ``days`` of data differ significantly from the ``days``
    before: '▲ +6 pts vs the 90 days before' (Benjamini-Hochberg across the KPIs compared; see
    :func:`cxlens.periods.compare_periods`). Nothing for a KPI without a significant change or with fewer
    than MIN_N answers on either side, and nothing when no answer is older than the latest period."""
    dates = ds.feedback["date"].dropna()
    if dates.empty:
        return {}
    end = dates.max().normalize()
    start = end - pd.Timedelta(days=days - 1)
    if dates.min() >= start:
        return {}  # no answer before the latest period: nothing to compare with
    rows = {}
    for key, metric in _KPI_METRICS.items():
        if ds.feedback[metric].notna().any():
            r = compare_periods(ds, metric, (start, end), min_n=MIN_N).iloc[0]
            if not r["too_few"]:
                rows[key] = r
    if not rows:
        return {}
    q = benjamini_hochberg(pd.Series({k: r["p"] for k, r in rows.items()}))
    out = {}
    for key, r in rows.items():
        if q[key] < 0.05:
            metric = _KPI_METRICS[key]
            unit = " pts" if metric_kind(metric) in ("proportion", "nps") else ""  # percentage points
            better = r["diff"] > 0 if metric_info(ds, metric)["higher_is_better"] else r["diff"] < 0
            arrow = "▲" if r["diff"] > 0 else "▼"
            out[key] = (f"{arrow} {r['diff']:+.{0 if unit else 2}f}{unit} vs the {days} days before "
                        f"({'better' if better else 'worse'})")
    return out


def kpis_with_changes(ds: Dataset, days: int = CHANGE_DAYS) -> list[Kpi]:
    """:func:`headline_kpis`, each score's card carrying its significant change (:func:`kpi_changes`)."""
    changes = kpi_changes(ds, days)
    return [replace(k, detail=changes[k.key]) if k.key in changes else k for k in headline_kpis(ds)]


def headline_metric(ds: Dataset) -> str | None:
    """The metric the Overview ranks touchpoints by: CSAT, else NPS, else rating, else CES, else complaints."""
    for m in ("csat", "nps", "rating", "ces", "complaint"):
        if ds.feedback[m].notna().any():
            return m
    return None


def touchpoint_summary(ds: Dataset, metric: str | None = None, min_n: int = MIN_N) -> pd.DataFrame:
    """Per touchpoint: stage, n and the headline metric with its 95% interval, worst first.

    Touchpoints with fewer than ``min_n`` answers are kept but flagged ``too_few``
    and sorted last, so a handful of angry answers never tops the list. A touchpoint filed
    under several stages (a complaint log's issue under several products) is one row, under
    the stage most of its answers carry - as on the Friction hotspots page.
    ``metric``: any metric of the registry (:func:`cxlens.metric_groups.metric_by_group`), or "complaint",
    which here counts complaints (a complaint log has no score): value = complaints, n = rows, no interval.
    Columns: touchpoint, stage, n, value, ci_low, ci_high, too_few, metric.
    """
    metric = metric or headline_metric(ds)
    fb = ds.feedback
    cols = ["touchpoint", "stage", "n", "value", "ci_low", "ci_high", "too_few", "metric"]
    if metric is None or fb["touchpoint"].isna().all():
        return pd.DataFrame(columns=cols)
    tp_key = group_keys(fb, "touchpoint", ds)
    if metric == "complaint":
        flagged = pd.Series(metrics.flag_mask(fb["complaint"].to_numpy(dtype="float64", na_value=np.nan)),
                            index=fb.index).astype("float64")
        grouped = flagged.groupby(tp_key.values, observed=True, sort=True)
        table = pd.DataFrame({"value": grouped.sum(), "n": grouped.size(), "ci_low": math.nan, "ci_high": math.nan})
        table["too_few"] = False
    else:
        table = metric_by_group(fb, metric, [tp_key], ds)
        table["too_few"] = table["n"] < min_n
    table.index = table.index.get_level_values(0).astype("object")
    first_seen = pd.unique(fb["touchpoint"].dropna().astype("object"))  # ties keep the file's order
    table = table.reindex([t for t in first_seen if t in table.index])
    stage_of = touchpoint_stages(ds)
    rows = [(tp, stage_of.get(str(tp)), int(r.n), float(r.value), float(r.ci_low), float(r.ci_high), bool(r.too_few))
            for tp, r in zip(table.index, table.itertuples())]
    out = pd.DataFrame(rows, columns=cols[:-1])
    out["metric"] = metric
    worst_high = not summary_label(ds, metric)[2]
    out = out.sort_values(["too_few", "value"], ascending=[True, not worst_high], kind="stable")
    return out.reset_index(drop=True)


def summary_label(ds: Dataset, metric: str) -> tuple[str, str, bool]:
    """(label, unit, higher_is_better) of :func:`touchpoint_summary`'s values: the registry's
    (:func:`cxlens.metric_groups.metric_info`), or ("Complaints", "", False) for the complaint count."""
    if metric == "complaint":
        return "Complaints", "", False
    info = metric_info(ds, metric)
    return info["label"], info["unit"], info["higher_is_better"] is not False


def summary_scale(ds: Dataset, metric: str) -> tuple[float, float] | None:
    """(lowest, highest answer) when :func:`touchpoint_summary`'s values are means on an answer scale (bars then
    span the scale), else None."""
    if metric == "complaint" or metric_kind(metric) != "mean":
        return None
    return metric_bounds(metric_info(ds, metric))
