"""The canonical tables of every file combined into one Dataset: stages attached to touchpoints
(feedback's own, the catalogue's, the recipe's stage map, else "Unassigned"), stages and touchpoints
in journey order, and a touchpoint catalogue derived from the feedback when none was given."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import lifecycle
from .dataset import UNASSIGNED_STAGE, Dataset, Recipe
from .problems import ProblemLog
from .schema import empty_table


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


def assemble(parts: dict[str, list[pd.DataFrame]], recipe: Recipe, log: ProblemLog) -> Dataset:
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
