"""Journey evidence for maturity recommendations: what the loaded feedback and touchpoint catalogue say about
each evidence rule (:data:`EVIDENCE_KEYS`): unmeasured touchpoints, hotspots without an owner, stages without a
metric. A recommendation with an evidence rule is only made when its evidence supports it
(:func:`evidence_supports`): never when the data shows there is nothing to fix. Text is plain. Pure: no Streamlit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..dataset import UNASSIGNED_STAGE
from ..metric_groups import metric_by_group, overall_estimate
from .. import metric_registry
from .model import EVIDENCE_KEYS
from .text import name_key, text_series

#: Hotspot rule used by ``hotspots_without_owner`` (:func:`margin_hotspots`): a touchpoint with at least
#: HOTSPOT_MIN_N answers whose CSAT top-2-box is HOTSPOT_MARGIN points below the overall top-2-box, or whose
#: high-effort share is HOTSPOT_MARGIN points above the overall share.
HOTSPOT_MIN_N = metric_registry.MIN_N
HOTSPOT_MARGIN = 10.0

#: Feedback columns that count as "a metric" for a touchpoint or stage: the registry's score columns but the
#: comment sentiment (computed from the comments, not a measure the organisation set up).
SCORE_COLUMNS = tuple(c for c in metric_registry.SCORE_COLUMNS if c != "sentiment")


@dataclass(frozen=True)
class Evidence:
    """What the data says about one evidence rule. ``computed`` is False when the data cannot tell."""

    key: str
    text: str
    items: tuple[str, ...] = ()
    computed: bool = True


def evidence_supports(ev: Evidence | None) -> bool:
    """Whether a recommendation may be made with this evidence (the rule :func:`recommend` applies).

    Yes when the recommendation has no evidence rule (``None``), when the data cannot tell (``computed``
    False; the text says so), or when the rule finds something to fix (``items``: the unmeasured
    touchpoints, unowned hotspots, stages without a metric). No when the rule was computed and found
    nothing: "Add a CSAT question at every touchpoint" beside "every touchpoint has feedback scores"
    contradicts itself, so that recommendation is not made."""
    return ev is None or not ev.computed or bool(ev.items)


def _scored_feedback(dataset) -> pd.DataFrame:
    fb = dataset.feedback
    cols = [c for c in SCORE_COLUMNS if c in fb.columns]
    has = fb[cols].notna().any(axis=1) if cols else pd.Series(False, index=fb.index)
    return fb[has]


def _catalogue(dataset) -> pd.DataFrame:
    tp = dataset.touchpoints
    if tp is None or tp.empty or "touchpoint" not in tp.columns:
        return pd.DataFrame(columns=["touchpoint", "key", "stage", "owner", "has_metric"])
    names = text_series(tp["touchpoint"])
    keep = names != ""
    agg = [c for c in ("csat", "ces", "nps") if c in tp.columns]
    out = pd.DataFrame({
        "touchpoint": names,
        "key": names.map(name_key),
        "stage": text_series(tp["stage"]) if "stage" in tp.columns else "",
        "owner": text_series(tp["owner"]) if "owner" in tp.columns else "",
        "has_metric": tp[agg].notna().any(axis=1) if agg else False,
    })[keep]
    return out.drop_duplicates("key").reset_index(drop=True)


def _list(items: list[str], limit: int = 12) -> str:
    shown = items[:limit]
    more = len(items) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _verb(n: int) -> str:
    return "has" if n == 1 else "have"


def touchpoints_without_metric(dataset) -> list[str]:
    """Touchpoints of the catalogue with no feedback score (CSAT, CES, NPS or rating) and no pre-aggregated one."""
    cat = _catalogue(dataset)
    if cat.empty:
        return []
    scored = set(text_series(_scored_feedback(dataset)["touchpoint"]).map(name_key))
    return cat.loc[~cat["key"].isin(scored) & ~cat["has_metric"].astype(bool), "touchpoint"].tolist()


def _journey_stages(dataset) -> list[str]:
    """Stages of the feedback and the catalogue, in journey order, 'Unassigned' left out."""
    stages: list[str] = []
    for s in list(getattr(dataset, "stages", []) or []) + _catalogue(dataset)["stage"].tolist():
        if s and name_key(s) != name_key(UNASSIGNED_STAGE) and name_key(s) not in {name_key(x) for x in stages}:
            stages.append(s)
    return stages


def stages_without_metric(dataset) -> list[str]:
    """Journey stages (catalogue and feedback, 'Unassigned' left out) with no score at all."""
    stages = _journey_stages(dataset)
    scored = set(text_series(_scored_feedback(dataset)["stage"]).map(name_key))
    cat = _catalogue(dataset)
    scored |= set(cat.loc[cat["has_metric"].astype(bool), "stage"].map(name_key))
    return [s for s in stages if name_key(s) not in scored]


def margin_hotspots(dataset, min_n: int = HOTSPOT_MIN_N, margin: float = HOTSPOT_MARGIN) -> pd.DataFrame:
    """Touchpoints with friction under the maturity evidence's simple margin rule (not the friction ranking
    of :func:`cxlens.friction.friction_hotspots`).

    A touchpoint is a hotspot when, on at least ``min_n`` answers, its CSAT top-2-box
    is ``margin`` points or more below the overall top-2-box, or its share of
    high-effort answers is ``margin`` points or more above the overall share
    (metrics "csat" and "high_effort" of :mod:`cxlens.metric_registry`, per touchpoint with
    :func:`cxlens.metric_groups.metric_by_group`). Touchpoints in the order they first appear.
    Columns: touchpoint, stage, csat, csat_n, high_effort, high_effort_n, reason, owner (catalogue; '' if none).
    """
    cols = ["touchpoint", "stage", "csat", "csat_n", "high_effort", "high_effort_n", "reason", "owner"]
    fb = dataset.feedback
    if fb is None or fb.empty or fb["touchpoint"].isna().all():
        return pd.DataFrame(columns=cols)
    first = fb.dropna(subset=["touchpoint"]).drop_duplicates("touchpoint")  # each touchpoint's first answer
    tps = first["touchpoint"].astype("object").tolist()
    stages = dict(zip(tps, text_series(first["stage"]))) if "stage" in first.columns else {}
    per_tp = {}
    for metric, column in (("csat", "csat"), ("high_effort", "ces")):
        if not fb[column].notna().any():
            continue
        overall = overall_estimate(fb, metric, dataset).value
        table = metric_by_group(fb, metric, [fb["touchpoint"]], dataset)
        table.index = table.index.astype("object")
        per_tp[metric] = (overall, table.reindex(tps))
    if not per_tp:
        return pd.DataFrame(columns=cols)
    cat = _catalogue(dataset)
    owners = dict(zip(cat["key"], cat["owner"]))
    rows = []
    for tp in tps:
        found, reasons = {}, []
        for metric, what in (("csat", "CSAT"), ("high_effort", "high effort")):
            value, n = math.nan, 0
            if metric in per_tp:
                overall, table = per_tp[metric]
                if pd.notna(table.at[tp, "n"]):
                    value, n = float(table.at[tp, "value"]), int(table.at[tp, "n"])
                worse = value <= overall - margin if metric == "csat" else value >= overall + margin
                if n >= min_n and worse:
                    reasons.append(f"{what} {value:.0f}% vs {overall:.0f}% overall")
            found[metric] = (value, n)
        if reasons:
            rows.append((str(tp), stages.get(tp, ""), *found["csat"], *found["high_effort"], "; ".join(reasons),
                         owners.get(name_key(tp), "")))
    return pd.DataFrame(rows, columns=cols)


def evidence(key: str, dataset) -> Evidence:
    """Compute one evidence rule (see :data:`EVIDENCE_KEYS`) from a Dataset; plain text."""
    if key == "touchpoints_without_metric":
        cat = _catalogue(dataset)
        if cat.empty:
            return Evidence(key, "No touchpoint catalogue is loaded, so unmeasured touchpoints cannot be listed.",
                            computed=False)
        items = touchpoints_without_metric(dataset)
        if not items:
            return Evidence(key, f"Every touchpoint in the catalogue ({len(cat)}) has feedback scores.")
        return Evidence(key, f"{len(items)} of {len(cat)} touchpoints in the catalogue {_verb(len(items))} no "
                             f"feedback scores: {_list(items)}.", tuple(items))
    if key == "hotspots_without_owner":
        fb = dataset.feedback
        if fb is None or fb.empty or not (fb["csat"].notna().any() or fb["ces"].notna().any()):
            return Evidence(key, "The feedback has no satisfaction or effort scores, so friction hotspots cannot "
                                 "be found.", computed=False)
        hs = margin_hotspots(dataset)
        cat = _catalogue(dataset)
        if cat.empty or not (cat["owner"] != "").any():
            if hs.empty:
                return Evidence(key, "No touchpoint stands out as a friction hotspot, and the touchpoint catalogue "
                                     "names no owners.")
            items = [f"{t} ({r})" for t, r in zip(hs["touchpoint"], hs["reason"])]
            return Evidence(key, f"The touchpoint catalogue names no owners, so none of the {len(hs)} friction "
                                 f"hotspots has one: {_list(items)}.", tuple(hs["touchpoint"]))
        if hs.empty:
            return Evidence(key, "No touchpoint stands out as a friction hotspot.")
        unowned = hs[hs["owner"] == ""]
        if unowned.empty:
            return Evidence(key, f"Every friction hotspot ({len(hs)}) has an owner in the touchpoint catalogue.")
        items = [f"{t} ({r})" for t, r in zip(unowned["touchpoint"], unowned["reason"])]
        return Evidence(key, f"{len(unowned)} of {len(hs)} friction hotspots {_verb(len(unowned))} no owner in the "
                             "touchpoint catalogue: "
                             f"{_list(items)}.", tuple(unowned["touchpoint"]))
    if key == "no_journey_kpis":
        fb = dataset.feedback
        if (fb is None or fb.empty) and _catalogue(dataset).empty:
            return Evidence(key, "No feedback or touchpoint catalogue is loaded, so journey KPIs cannot be checked.",
                            computed=False)
        items = stages_without_metric(dataset)
        if not items:
            n = len(_journey_stages(dataset))
            return Evidence(key, f"Every journey stage in the data{f' ({n})' if n else ''} has at least one metric.")
        return Evidence(key, f"{len(items)} journey stage{'s' if len(items) > 1 else ''} {_verb(len(items))} no "
                             "metric at all: "
                             f"{_list(items)}.", tuple(items))
    raise ValueError(f"Unknown evidence rule '{key}'. Use one of: {', '.join(EVIDENCE_KEYS)}.")

