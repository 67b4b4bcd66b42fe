"""Friction hotspots: touchpoints ranked by how often they hurt customers, and how sure we are.

A touchpoint's *friction index* is the weighted mean of the friction components the
data supports, each the % (0..100) of the touchpoint's answers showing that problem:

===================== ====================================================================
component             % of answers that ...
===================== ====================================================================
low_satisfaction      are in the bottom two boxes of CSAT (1-2 on 1-5; of the rating
                      column when there is no CSAT), direction-aware
high_effort           are in the top third of the effort scale (5-7 on 1-7), direction-aware
detractors            give likelihood to recommend 0-6
negative_sentiment    have comment sentiment < 0 (strictly negative; 0 is neutral)
complaint_rate        are flagged as complaints
abandon_rate          are flagged as abandoned
complaint_share       (complaint logs only) of all complaints, the share about this touchpoint
===================== ====================================================================

Each component's denominator is the touchpoint's answers *to that question* (blanks
are left out). ``friction`` = Σ wᵢ·cᵢ / Σ wᵢ over the components present for the
touchpoint (weights :data:`DEFAULT_WEIGHTS`, editable), so it stays on 0..100.
``friction_low``/``friction_high`` = the same weighted mean of each component's Wilson
95% bounds (a conservative interval; see docs/metrics.md). Touchpoints are ranked on
``friction_low`` so that a high rate on few answers does not outrank a slightly lower
rate on many, and touchpoints with fewer than ``min_n`` answers are not ranked at all
(``too_few``).

**Complaint logs** (no score column at all and every flagged row a complaint, e.g.
the CFPB export) have no per-answer rate to compare: every row is a complaint. There
the main component is ``complaint_share`` = the touchpoint's complaints as a % of all
complaints in the (filtered) data, with a Wilson interval on that count, plus
``abandon_rate`` when that flag exists. Ranking by its lower bound = ranking by
complaint volume, discounted for small counts.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats

from . import metric_registry as registry
from . import metrics
from .feedback_queries import TIME_COLUMNS, filter_feedback, group_keys, metric_scale, touchpoint_stages
from .dataset import Dataset
from .metric_groups import metric_signals
from .periods import FDR, benjamini_hochberg, period_mask
from .metric_registry import MIN_N, SCORE_COLUMNS  # noqa: F401 - re-exported: friction.MIN_N is public

#: The component of a complaint log: of all complaints, the share about this touchpoint (not a registry metric).
COMPLAINT_SHARE = "complaint_share"


class _Components(Mapping):
    """Friction components and their display labels, in display order: the registry's friction metrics
    (:func:`cxlens.metric_registry.friction_components`), then ``complaint_share``. Read from the registry on
    every use, so a metric registered at run time is a component too."""

    def _current(self) -> dict[str, str]:
        return {**registry.friction_labels(), COMPLAINT_SHARE: "Share of all complaints"}

    def __getitem__(self, key: str) -> str:
        return self._current()[key]

    def __iter__(self):
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())


class _EqualWeights(Mapping):
    """Default weight of each component: equal (1.0), so friction is the plain mean of the components present."""

    def __getitem__(self, key: str) -> float:
        if key not in COMPONENTS:
            raise KeyError(key)
        return 1.0

    def __iter__(self):
        return iter(COMPONENTS)

    def __len__(self) -> int:
        return len(COMPONENTS)


#: Friction components and their display labels, in display order.
COMPONENTS: Mapping[str, str] = _Components()

#: Default weight of each component: equal, so friction is the plain mean of the components present.
DEFAULT_WEIGHTS: Mapping[str, float] = _EqualWeights()

HOTSPOT_BASE = ["touchpoint", "stage"]


# ----------------------------------------------------------------------------- what the data supports


def is_complaint_log(dataset: Dataset) -> bool:
    """True when the data has no score at all and every flagged row is a complaint (a complaint log).

    A file with no scores and no flags (only touchpoints and text) is treated the same
    way: every row is then a reported problem, counted by volume.
    """
    fb = dataset.feedback
    if any(fb[c].notna().any() for c in SCORE_COLUMNS):
        return False
    complaints = fb["complaint"].dropna()
    if complaints.empty:
        return not fb["abandoned"].notna().any()
    return bool(metrics.flag_mask(complaints.to_numpy()).all())


def component_metrics(dataset: Dataset) -> dict[str, str]:
    """Rate component -> the registry metric that measures it for ``dataset`` (the first of the component's
    metrics whose column has a value: low satisfaction is of CSAT, else of the rating), in display order."""
    fb = dataset.feedback
    out = {}
    for comp, keys in registry.friction_components().items():
        for key in keys:
            column = registry.spec(key).column
            if column in fb and bool(fb[column].notna().any()):
                out[comp] = key
                break
    return out


def available_components(dataset: Dataset) -> list[str]:
    """Friction components the data supports, in display order (see the module docstring)."""
    if is_complaint_log(dataset):
        has_abandoned = bool(dataset.feedback["abandoned"].notna().any())
        return [COMPLAINT_SHARE] + (["abandon_rate"] if has_abandoned else [])
    return list(component_metrics(dataset))


def resolve_weights(weights: dict[str, float] | None) -> dict[str, float]:
    """:data:`DEFAULT_WEIGHTS` updated with ``weights``; raises ValueError for unknown names or negative weights."""
    out = dict(DEFAULT_WEIGHTS)
    for k, v in (weights or {}).items():
        if k not in COMPONENTS:
            raise ValueError(f"unknown friction component {k!r}; choose from {', '.join(COMPONENTS)}")
        v = float(v)
        if not v >= 0:
            raise ValueError(f"the weight of {k!r} must be 0 or more")
        out[k] = v
    return out


def _indicators(fb: pd.DataFrame, dataset: Dataset, components: list[str]) -> pd.DataFrame:
    """Per answer and rate component: 1.0 (problem), 0.0 (no problem) or NaN (not asked/blank)."""
    measured = component_metrics(dataset)
    out = {comp: metric_signals(fb, measured[comp], dataset)["k"].to_numpy() for comp in components}
    return pd.DataFrame(out, index=fb.index)


def _friction_table(fb: pd.DataFrame, dataset: Dataset, keys: dict[str, pd.Series], components: list[str],
                    weights: dict[str, float], share_within: list[str] | None = None) -> pd.DataFrame:
    """n, components (with bounds), friction and its interval per group of ``keys`` (one groupby)."""
    rate_comps = [c for c in components if c != COMPLAINT_SHARE]
    x = _indicators(fb, dataset, rate_comps)
    complaint_log = COMPLAINT_SHARE in components
    x["__any"] = 1.0 if complaint_log else x[rate_comps].notna().any(axis=1).astype("float64")
    names = list(keys)
    frame = x.assign(**{k: (s.values if isinstance(s.dtype, pd.CategoricalDtype) else s.to_numpy())
                        for k, s in keys.items()})
    grouped = frame.groupby(names, observed=True, sort=True, dropna=True)
    n = grouped["__any"].sum()
    sums = grouped[rate_comps].sum() if rate_comps else pd.DataFrame(index=n.index)
    counts = grouped[rate_comps].count() if rate_comps else pd.DataFrame(index=n.index)
    values, lows, highs = (pd.DataFrame(index=n.index) for _ in range(3))
    for comp in components:
        if comp == COMPLAINT_SHARE:
            if share_within:
                total = n.groupby(level=share_within).transform("sum")
            else:
                total = pd.Series(n.sum(), index=n.index)
            table = metrics.proportion_table(n, total)
        else:
            table = metrics.proportion_table(sums[comp], counts[comp])
        values[comp] = table["value"].to_numpy()
        lows[comp] = table["ci_low"].to_numpy()
        highs[comp] = table["ci_high"].to_numpy()
    fr = metrics.weighted_friction(values, lows, highs, weights)
    out = pd.concat([n.rename("n").astype("int64"), values, fr], axis=1)
    out = out[out["n"] > 0]
    return out


# ----------------------------------------------------------------------------- the ranking


def friction_hotspots(dataset: Dataset, by: str | None = None, weights: dict[str, float] | None = None,
                      min_n: int = MIN_N, filters: dict | None = None) -> pd.DataFrame:
    """Touchpoints (or touchpoint x ``by`` value) ranked by friction, most certain problems first.

    Columns, one row per touchpoint (x value of ``by``, carried under its own name,
    e.g. ``persona``; ``by`` may be any feedback column, "month" or "quarter"):

    - ``touchpoint``, ``stage`` (the stage most of its answers carry).
    - ``n``: answers with at least one friction component (complaints in a complaint log).
    - one column per available component (:func:`available_components`), % 0..100.
    - ``friction``: weighted mean of the components present (0..100); ``friction_low``,
      ``friction_high``: the same weighted mean of their Wilson 95% bounds.
    - ``volume``: customers per month passing the touchpoint (the catalogue's volume).
    - ``affected``: customers affected per month = volume x friction / 100, times the
      segment's share of the touchpoint's answers when ``by`` is set; NaN without a
      volume, and always NaN in a complaint log (there ``n`` is the complaint count).
    - ``too_few``: n < min_n; such rows are not ranked (listed apart as "too few to judge").
    - ``rank``: 1 = the highest ``friction_low`` (ties: higher friction, then more
      answers); NaN when too_few.
    - ``stages``: how many stages the touchpoint's answers are filed under (more than 1 when a
      complaint log files one issue under several products; ``stage`` is the most common).

    Ranked rows come first in rank order, then the too_few rows by friction.
    ``weights`` overrides :data:`DEFAULT_WEIGHTS` per component (0 drops one).
    """
    if by == "touchpoint":
        raise ValueError("by must be another column than 'touchpoint'")
    w = resolve_weights(weights)
    components = available_components(dataset)
    fb = filter_feedback(dataset, filters)
    tp_key = group_keys(fb, "touchpoint", dataset)
    keys = {"touchpoint": tp_key}
    if by is not None:
        keys[by] = group_keys(fb, by, dataset)
    table = _friction_table(fb, dataset, keys, components, w)
    stages = touchpoint_stages(dataset)
    out = table.reset_index()
    for k in keys:
        out[k] = out[k].astype("object").astype("str")
    if by != "stage":
        out.insert(1, "stage", out["touchpoint"].map(stages).astype("object"))
    cols = HOTSPOT_BASE + ([by] if by not in (None, "stage") else [])
    out = out[cols + [c for c in out.columns if c not in cols]]

    if COMPLAINT_SHARE in components:  # a complaint log: n is the complaint count, no reach to scale
        out["volume"] = np.nan
        out["affected"] = np.nan
    else:
        volume = _catalogue_volume(dataset)
        out["volume"] = out["touchpoint"].map(volume).astype("float64")
        share = 1.0
        if by is not None:
            tp_n = _friction_table(fb, dataset, {"touchpoint": tp_key}, components, w)["n"]
            tp_n.index = tp_n.index.astype("object").astype("str")
            share = out["n"] / out["touchpoint"].map(tp_n).astype("float64")
        out["affected"] = out["volume"] * share * out["friction"] / 100
    ranked = _rank(out, min_n)
    filed = fb.dropna(subset=["touchpoint", "stage"]).groupby("touchpoint", observed=True)["stage"].nunique()
    filed.index = filed.index.astype("object").astype("str")
    ranked["stages"] = ranked["touchpoint"].map(filed).fillna(0).astype("int64")
    return ranked


def _rank(out: pd.DataFrame, min_n: int) -> pd.DataFrame:
    out = out.copy()
    out["too_few"] = out["n"] < min_n
    eligible = ~out["too_few"] & out["friction_low"].notna()
    ranked = out[eligible].sort_values(["friction_low", "friction", "n"], ascending=False, kind="stable")
    ranked["rank"] = np.arange(1, len(ranked) + 1, dtype="float64")
    rest = out[~eligible].sort_values(["friction", "n"], ascending=False, kind="stable", na_position="last")
    rest["rank"] = np.nan
    return pd.concat([ranked, rest]).reset_index(drop=True)


def _catalogue_volume(dataset: Dataset) -> pd.Series:
    cat = dataset.touchpoints
    if cat.empty or not cat["volume"].notna().any():
        return pd.Series(dtype="float64")
    vol = cat.dropna(subset=["touchpoint"]).drop_duplicates("touchpoint")
    return pd.Series(vol["volume"].to_numpy(dtype="float64"), index=vol["touchpoint"].astype("str"))


# ----------------------------------------------------------------------------- per hotspot


def hotspot_drivers(row: pd.Series, weights: dict[str, float] | None = None) -> pd.DataFrame:
    """What makes up one hotspot's friction: its components, largest contribution first.

    ``row`` is one row of :func:`friction_hotspots` (pass the same ``weights``).
    Columns: ``component``, ``label``, ``value`` (% of answers, 0..100), ``weight``
    (share of the total weight among the components present, 0..1) and
    ``contribution`` (points of friction = weight x value; they sum to ``friction``).
    """
    w = resolve_weights(weights)
    present = [c for c in COMPONENTS if c in row.index and pd.notna(row[c]) and w[c] > 0]
    total = sum(w[c] for c in present)
    rows = [(c, COMPONENTS[c], float(row[c]), w[c] / total, w[c] / total * float(row[c])) for c in present]
    out = pd.DataFrame(rows, columns=["component", "label", "value", "weight", "contribution"])
    return out.sort_values("contribution", ascending=False, kind="stable").reset_index(drop=True)


def worst_segment(dataset: Dataset, touchpoint: str, by: str, min_n: int = MIN_N,
                  weights: dict[str, float] | None = None, filters: dict | None = None) -> pd.Series | None:
    """The value of ``by`` (e.g. a persona) with the highest friction at ``touchpoint``.

    Only values with at least ``min_n`` answers at the touchpoint compete. Returns that
    row of :func:`friction_hotspots` (``by`` value under its own name, n, components,
    friction, ...), or None when no value has enough answers.
    """
    spots = friction_hotspots(dataset, by=by, weights=weights, min_n=min_n, filters=filters)
    rows = spots[(spots["touchpoint"] == str(touchpoint)) & (spots["n"] >= min_n) & spots["friction"].notna()]
    if rows.empty:
        return None
    return rows.sort_values(["friction", "n"], ascending=False, kind="stable").iloc[0]


def sample_verbatims(dataset: Dataset, touchpoint: str, n: int = 5, negative_first: bool = True,
                     filters: dict | None = None) -> pd.DataFrame:
    """Up to ``n`` non-empty comments about ``touchpoint``.

    ``negative_first``: worst answers first, by the mean "goodness" of the scores the row
    has (each score mapped to 0 = worst .. 1 = best end of its scale, direction-aware;
    a set complaint/abandon flag counts 0), newest first among equals; rows without
    any score come last. Otherwise simply newest first. Columns: the comment, date,
    stage, touchpoint, persona, channel, response_id and the score/flag columns that
    hold a value in the selection.
    """
    fb = filter_feedback(dataset, filters)
    rows = fb[(fb["touchpoint"].astype("object") == str(touchpoint)).to_numpy(dtype=bool, na_value=False)]
    text = rows["comment"].astype("str").str.strip()
    rows = rows[(text.notna() & (text != "")).to_numpy(dtype=bool, na_value=False)]
    if rows.empty:
        return rows[["comment", "date", "stage", "touchpoint"]].copy()
    goods = []
    for col in SCORE_COLUMNS:
        if rows[col].notna().any():
            goods.append(metrics.score_goodness(rows[col], metric_scale(dataset, col)))
    for col in ("complaint", "abandoned"):
        if rows[col].notna().any():
            v = rows[col].to_numpy(dtype="float64", na_value=np.nan)
            goods.append(np.where(np.isnan(v), np.nan, 1.0 - metrics.flag_mask(v)))
    order = rows.assign(__date=rows["date"])
    if negative_first and goods:
        with np.errstate(all="ignore"):
            stack = np.vstack(goods)
            counted = (~np.isnan(stack)).sum(axis=0)
            goodness = np.where(counted > 0, np.nansum(stack, axis=0) / np.maximum(counted, 1), np.nan)
        order = order.assign(__good=goodness).sort_values(["__good", "__date"], ascending=[True, False],
                                                          na_position="last", kind="stable")
    else:
        order = order.sort_values("__date", ascending=False, na_position="last", kind="stable")
    keep = ["comment", "date", "stage", "touchpoint", "persona", "channel", "response_id"]
    keep += [c for c in (*SCORE_COLUMNS, "complaint", "abandoned") if order[c].notna().any()]
    keep = [c for c in keep if c in order.columns and (c in ("comment", "stage", "touchpoint")
                                                       or order[c].notna().any())]
    return order.head(n)[keep].reset_index(drop=True)


#: Columns of :func:`friction_change`.
CHANGE_COLUMNS = ["touchpoint", "stage", "n_before", "friction_before", "n_now", "friction_now", "diff", "ci_low",
                  "ci_high", "p", "q", "significant", "too_few"]


def _friction_variance(fb: pd.DataFrame, dataset: Dataset, tp_key: pd.Series, components: list[str],
                       weights: dict[str, float], table: pd.DataFrame) -> pd.Series:
    """Delta-method variance (in points²) of each touchpoint's friction in ``fb`` (one period).

    Friction F = Σ aᵢ·cᵢ with aᵢ the normalised weights of the components present and cᵢ = kᵢ/nᵢ. Each answer r
    of the touchpoint adds ψᵣ = Σᵢ aᵢ (kᵢᵣ − cᵢ) / nᵢ over the components it carries; Var F ≈ Σᵣ ψᵣ², which
    keeps the correlation between components of the same answer. Complaint share (k = the touchpoint's
    complaints of all N in the period) adds a² c (1 − c) / N (its cross term with the rates sums to 0)."""
    rates = [c for c in components if c != COMPLAINT_SHARE and weights.get(c, 0) > 0]
    shares = table[[c for c in components if c in table]].div(100)
    present = shares.notna() & pd.DataFrame({c: weights.get(c, 0) > 0 for c in shares.columns}, index=shares.index)
    w = present.mul(pd.Series({c: float(weights.get(c, 0)) for c in shares.columns}))
    a = w.div(w.sum(axis=1).replace(0, np.nan), axis=0)
    tps = tp_key.astype("object").astype("str").to_numpy()
    a.index, shares.index = a.index.astype("str"), shares.index.astype("str")
    variance = pd.Series(0.0, index=a.index)
    if rates:
        x = _indicators(fb, dataset, rates)
        counts = x.groupby(tps).count()
        psi = np.zeros(len(fb))
        for comp in rates:
            k = x[comp].to_numpy(dtype="float64")
            c = pd.Series(tps).map(shares[comp]).to_numpy(dtype="float64")
            n = pd.Series(tps).map(counts[comp]).to_numpy(dtype="float64")
            weight = pd.Series(tps).map(a[comp]).fillna(0).to_numpy(dtype="float64")
            psi += np.where(np.isnan(k), 0.0, weight * (k - c) / np.where(n > 0, n, np.nan))
        variance = variance.add(pd.Series(psi ** 2).groupby(tps).sum(), fill_value=0.0)
    if COMPLAINT_SHARE in shares:
        c, total = shares[COMPLAINT_SHARE], float(table["n"].sum())
        variance = variance.add((a[COMPLAINT_SHARE] ** 2 * c * (1 - c) / total).fillna(0.0), fill_value=0.0)
    return variance.reindex(a.index) * 100 ** 2


def friction_change(dataset: Dataset, now, before, weights: dict[str, float] | None = None, min_n: int = MIN_N,
                    filters: dict | None = None) -> pd.DataFrame:
    """**Rising and falling hotspots**: each touchpoint's friction in ``now`` minus ``before`` (points), with a 95%
    interval and Benjamini-Hochberg significance across the touchpoints with ``min_n`` answers on both sides.

    ``now``, ``before``: (from, to) days, inclusive, or source file names (waves); see
    :func:`cxlens.periods.change_problem` for pairs that cannot be compared. Columns :data:`CHANGE_COLUMNS`:
    friction on both sides (as in :func:`friction_hotspots`, 0..100; in a complaint log the touchpoint's share of
    that period's complaints) with its n, ``diff`` = now − before, ``ci_low``/``ci_high`` = diff ± 1.96·SE with
    SE² the sum of both sides' delta-method variances (docs/metrics.md), ``p`` (z-test), ``q``, ``significant``
    (q < 0.05) and ``too_few``. Largest rise first; touchpoints with too few answers last.
    """

    w = resolve_weights(weights)
    components = available_components(dataset)
    fb = filter_feedback(dataset, filters)
    sides = {}
    for label, period in (("now", now), ("before", before)):
        part = fb[period_mask(fb, period)]
        tp_key = group_keys(part, "touchpoint", dataset)
        table = _friction_table(part, dataset, {"touchpoint": tp_key}, components, w)
        table.index = table.index.astype("object").astype("str")
        var = _friction_variance(part, dataset, tp_key, components, w, table)
        sides[label] = pd.DataFrame({"n": table["n"], "friction": table["friction"], "var": var})
    out = sides["before"].add_suffix("_before").join(sides["now"].add_suffix("_now"), how="outer")
    out["n_before"] = out["n_before"].fillna(0).astype("int64")
    out["n_now"] = out["n_now"].fillna(0).astype("int64")
    out["diff"] = out["friction_now"] - out["friction_before"]
    se = np.sqrt(out["var_now"] + out["var_before"])
    out["ci_low"], out["ci_high"] = out["diff"] - metrics.Z95 * se, out["diff"] + metrics.Z95 * se
    z = (out["diff"].abs() / se).where(se > 0)
    out["p"] = 2 * stats.norm.sf(z.to_numpy(dtype="float64"))
    out.loc[(se == 0) & out["diff"].notna(), "p"] = (out["diff"] == 0).astype("float64")
    out["too_few"] = (out["n_now"] < min_n) | (out["n_before"] < min_n)
    out["q"] = benjamini_hochberg(out["p"].where(~out["too_few"]))
    out["significant"] = (out["q"] < FDR).to_numpy(dtype=bool)
    out = out.rename_axis("touchpoint").reset_index()
    out["stage"] = out["touchpoint"].map(touchpoint_stages(dataset)).astype("object")
    out = out.sort_values(["too_few", "diff"], ascending=[True, False], kind="stable", na_position="last")
    return out[CHANGE_COLUMNS].reset_index(drop=True)


__all__ = [
    "COMPONENTS", "DEFAULT_WEIGHTS", "MIN_N", "TIME_COLUMNS", "available_components", "friction_hotspots",
    "friction_change", "hotspot_drivers", "is_complaint_log", "resolve_weights",
    "sample_verbatims", "worst_segment",
]


def rank_by_affected(spots: pd.DataFrame) -> pd.DataFrame:
    """Add ``affected_low`` (volume x friction_low / 100: customers a month we are 95% sure are hurt,
    at least), ``affected_high`` (the same with friction_high) and ``affected_rank`` (1 = most customers hurt; ranked rows with a volume only).

    Ranking on the lower bound keeps the ordering confidence-aware, as for ``rank``.
    """
    out = spots.copy()
    share = out["affected"] / (out["volume"] * out["friction"] / 100)  # the segment share when split by a column
    out["affected_low"] = out["volume"] * out["friction_low"] / 100 * share.fillna(1.0)
    out["affected_high"] = out["volume"] * out["friction_high"] / 100 * share.fillna(1.0)
    eligible = out["rank"].notna() & out["affected_low"].notna()
    out["affected_rank"] = out["affected_low"].where(eligible).rank(ascending=False, method="min")
    return out
