"""The Why page: which comment themes cost or win points (theme impact) and which ratings or attributes
drive the overall outcome (key drivers), each in words a CX manager reads in ten seconds, with n and 95%
intervals, and a plain message when the data lacks what is needed.

Results are cached per loaded source (the data key of components/text_view.py) and choice, like the
themes; the first key-driver analysis of the airline file takes about 1.5 s, later reruns a look-up.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

import cxlens
from cxlens import drivers, extra_columns, journey, theme_effects, why_candidates
from cxlens.metric_registry import MIN_N
from cxlens.why_figures import drivers_figure, impact_figure, quadrant_figure

from . import backlog_state, data_source, text_view
from .markdown import md
from .shared_cache import SharedLru

#: Outcome names shown for the score columns (the raw answer is modelled, not the top-box share).
OUTCOME_LABELS = {"nps": "Likelihood to recommend (NPS question, 0-10)", "csat": "Satisfaction (CSAT answer)",
                  "ces": "Effort (CES answer)", "rating": "Rating", "sentiment": "Comment sentiment"}
DRIVER_LABELS = {"touchpoint": "Which touchpoint", "csat": "Satisfaction (CSAT)", "ces": "Effort (CES)",
                 "nps": "Likelihood to recommend",
                 "rating": "Rating", "sentiment": "Comment sentiment"}


@st.cache_resource(show_spinner=False)
def _caches() -> dict[str, SharedLru]:
    return {"impact": SharedLru(24), "drivers": SharedLru(24)}


def _cached(kind: str, key: tuple, compute):
    data_key = st.session_state.get(text_view.DATA_KEY)
    if data_key is None:
        return compute()
    cache = _caches()[kind]
    hit = cache.get((data_key, *key))
    if hit is None:
        hit = compute()
        cache.put((data_key, *key), hit)
    return hit


# ----------------------------------------------------------------------------- filters

#: Most values a segment column may have to be offered as a filter (more is an identifier, not a group).
MAX_FILTER_VALUES = 60


def _filter_columns(ds: cxlens.Dataset) -> list[str]:
    fb = ds.feedback
    # in a ratings survey each respondent is one unit across touchpoints: filter respondents, not touchpoints
    journey_dims = [] if drivers.is_ratings_survey(ds) else [c for c in ("stage", "touchpoint")
                                                            if fb[c].nunique(dropna=True) > 1]
    return journey_dims + [c for c in ds.segment_columns if 1 < fb[c].nunique(dropna=True) <= MAX_FILTER_VALUES]


def filtered(ds: cxlens.Dataset) -> tuple[cxlens.Dataset, tuple]:
    """The dataset narrowed by the page's filters (touchpoint, stage, segments, period), and a hashable key of
    the filters for the caches ((): everything). The themes stay those of all comments."""
    fb = ds.feedback
    columns = _filter_columns(ds)
    has_dates = bool(fb["date"].notna().any())
    filters: dict = {}
    if not columns and not has_dates:
        return ds, ()
    names = [md(journey.column_label(c).lower()) for c in columns] + (["period"] if has_dates else [])
    shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
    with st.expander(f"Filter: {shown}"):
        cells = st.columns(4)
        for i, column in enumerate(columns):
            values = sorted(str(v) for v in fb[column].dropna().unique())
            picked = cells[i % 4].multiselect(md(journey.column_label(column)), values, key=f"why_f_{column}")
            if picked:
                filters[column] = picked
        if has_dates:
            first, last = fb["date"].min().date(), fb["date"].max().date()
            period = st.date_input("Period", (first, last), min_value=first, max_value=last, key="why_f_period")
            if isinstance(period, (tuple, list)) and len(period) == 2 and (period[0] > first or period[1] < last):
                filters["date_from"], filters["date_to"] = str(period[0]), str(period[1])
    if not filters:
        return ds, ()
    part = journey.filter_feedback(ds, filters)
    st.caption(f"Filtered: {len(part):,} of {len(fb):,} rows.")
    key = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in filters.items()))
    return dataclasses.replace(ds, feedback=part), key


# ----------------------------------------------------------------------------- theme impact


def _impact_metrics(ds: cxlens.Dataset) -> list[str]:
    return [m for m in journey.available_metrics(ds) if journey.metric_kind(m) != "count" and m != "sentiment"]


def _points_unit(info: dict) -> str:
    if info["key"] == "nps":
        return "NPS points"
    if info["unit"] == "%":
        return "percentage points"
    scale = info.get("scale") or {}
    return f"points on the {scale['min']:g}-{scale['max']:g} scale" if "min" in scale else "points"


def _decimals(info: dict, table: pd.DataFrame | None = None) -> int:
    """Decimals of an impact: 1 for NPS and percentage points, 2 on a rating scale; one more when every
    impact is under 1 (so a +0.04 is not shown as +0.0)."""
    base = 1 if info["key"] == "nps" or info["unit"] == "%" else 2
    small = table is not None and bool((table["impact"].abs() < 1).all())
    return base + 1 if small else base


def _value(v: float, info: dict) -> str:
    if pd.isna(v):
        return "–"
    if info["key"] == "nps":
        return f"{v:+.0f}"
    return f"{v:.0f}%" if info["unit"] == "%" else f"{v:.2f}"


@dataclasses.dataclass(frozen=True)
class ImpactShown:
    """What the theme-impact section showed, for the backlog candidates."""

    table: pd.DataFrame
    themes: object  # cxlens.text_signals.Themes
    over: pd.DataFrame
    info: dict


def theme_impact_section(ds: cxlens.Dataset, part: cxlens.Dataset | None = None,
                         key: tuple = ()) -> ImpactShown | None:
    """Themes (of all comments of ``ds``) ranked by the points the overall score would gain in ``part`` (the
    filtered dataset, ``key`` its filters; default everything), beside their volume. Returns what it showed."""
    part = ds if part is None else part
    st.subheader("Which comment themes move the score")
    st.caption("Volume lies: a frequent theme can cost the score little and a rare one a lot. Each theme's customers "
               "are compared with the customers of every other comment.")
    if not ds.feedback["comment"].notna().any():
        st.info("This data has no comments, so there are no themes to weigh.", icon=":material/forum:")
        return
    options = _impact_metrics(ds)
    if not options:
        st.info("The comments have no score beside them (NPS, CSAT, a rating or a yes/no outcome such as churn), so "
                "CX Lens cannot tell which themes cost points. What customers talk about is on the Friction hotspots "
                "page.", icon=":material/info:")
        return
    if not text_view.read_button(ds):
        return
    default = theme_effects.impact_metric(ds)
    if st.session_state.get("why_metric") not in options:
        st.session_state.pop("why_metric", None)
    left, right = st.columns(2)
    with left:
        metric = st.selectbox("Score", options, index=options.index(default) if default in options else 0,
                              key="why_metric", format_func=lambda m: journey.metric_info(ds, m)["label"])
    with right:
        n_themes = text_view.pick_theme_count(ds)
    themes, over, _ = text_view.themes_result(ds, n_themes)
    if themes.note:
        st.info(themes.note, icon=":material/info:")
        return
    if part.feedback.empty:
        st.info("No rows are left with these filters.", icon=":material/filter_alt_off:")
        return
    table = _cached("impact", (n_themes, metric, key), lambda: theme_effects.theme_impact(part, themes, metric))
    info = journey.metric_info(ds, metric)
    _impact_story(table, info, themes.themes.set_index("theme")["examples"])
    st.plotly_chart(impact_figure(table, _points_unit(info), _decimals(info, table)), width="stretch",
                    key="why_impact_chart")
    _impact_table(table, info)
    return ImpactShown(table, themes, over, info)


def _impact_story(table: pd.DataFrame, info: dict, examples: pd.Series) -> None:
    """Two or three sentences: the theme that costs the most (with a typical comment), the one that lifts the
    most, and volume against impact."""
    label, unit, d = md(info["label"]), _points_unit(info), _decimals(info, table)
    judged = table[~table["too_few"].astype(bool)]
    overall = table["overall"].iloc[0]
    if judged.empty:
        st.info(f"Every theme has fewer than {MIN_N} answers with {label} (or the other comments have): too few to "
                "tell which themes move the score. The point values below are shown without intervals.",
                icon=":material/info:")
        return
    lines = []
    costs = judged[judged["impact_low"] > 0]
    if costs.empty:
        lines.append(f"No theme surely pulls {label} down: every theme's interval includes zero.")
    else:
        r = costs.iloc[0]
        lines.append(f"**“{md(r['label'])}” costs the most.** Its {int(r['n_theme']):,} customers give {label} "
                     f"{_value(r['value_theme'], info)}, the other commenters {_value(r['value_rest'], info)}. If they "
                     f"scored like the others, the overall {label} would rise by **{r['impact']:.{d}f} {unit}** (95% "
                     f"interval {r['impact_low']:.{d}f} to {r['impact_high']:.{d}f}): {_value(overall, info)} → "
                     f"{_value(r['overall_if_like_rest'], info)}.")
        quotes = examples.get(r["theme"]) or []
        if quotes:
            lines.append(f"A typical comment: “{md(quotes[0])}”")
    lifts = judged[judged["impact_high"] < 0].sort_values("impact", kind="stable")
    if not lifts.empty:
        r = lifts.iloc[0]
        lines.append(f"**“{md(r['label'])}” lifts the score most:** its {int(r['n_theme']):,} customers give "
                     f"{_value(r['value_theme'], info)} against {_value(r['value_rest'], info)}; it adds "
                     f"{-r['impact']:.{d}f} {unit} to the overall {label}.")
    biggest = table.sort_values(["size", "theme"], ascending=[False, True], kind="stable").iloc[0]
    rank = int(table.index[table["theme"] == biggest["theme"]][0]) + 1
    if rank > 1:
        lines.append(f"The most frequent theme, “{md(biggest['label'])}” ({int(biggest['size']):,} comments), ranks "
                     f"#{rank} of {len(table)} by impact.")
    st.markdown("\n\n".join(lines))


def _rows_height(rows: int) -> int:
    """A table tall enough for every row (themes and drivers are a short list), up to 20 rows."""
    return 38 + 35 * min(rows, 20)


def _verdict(r: pd.Series) -> str:
    if r["too_few"]:
        return f"too few (< {MIN_N})"
    if r["impact_low"] > 0:
        return "costs points"
    if r["impact_high"] < 0:
        return "lifts the score"
    return "not sure"


def _impact_table(table: pd.DataFrame, info: dict) -> None:
    label, d = info["label"], _decimals(info, table)

    def span(lo, hi):
        return "" if pd.isna(lo) else f"{lo:+.{d}f} to {hi:+.{d}f}"

    st.dataframe(pd.DataFrame({
        "rank": range(1, len(table) + 1), "theme": table["label"], "comments": table["size"].astype(int),
        "% of comments": table["share"].round(1),
        f"{label}: theme vs other comments": [f"{_value(a, info)} vs {_value(b, info)}" for a, b in
                                              zip(table["value_theme"], table["value_rest"])],
        "impact on overall": table["impact"].round(d),
        "95% interval": [span(a, b) for a, b in zip(table["impact_low"], table["impact_high"])],
        "verdict": [_verdict(r) for _, r in table.iterrows()]}), hide_index=True, width="stretch",
        height=_rows_height(len(table)),
        column_config={"% of comments": st.column_config.NumberColumn(format="%.1f%%"),
                       "impact on overall": st.column_config.NumberColumn(format=f"%+.{d}f")})
    n_all = int(table["n_overall"].iloc[0])
    st.caption(f"Impact = the {_points_unit(info)} the overall {md(label)} (all {n_all:,} answers) would gain "
               "if the theme's customers scored like those of every other comment: share of answers × difference. "
               "'costs points' / 'lifts the score' when the whole 95% interval is on one side of zero. "
               "Themes come from "
               "the words of the comments (TF-IDF + NMF); the number of themes changes them.")



# ----------------------------------------------------------------------------- key drivers


def _outcome_label(outcome: str) -> str:
    if outcome in OUTCOME_LABELS:
        return OUTCOME_LABELS[outcome]
    return outcome.removeprefix(journey.RATE_PREFIX)


def _driver_label(name: str) -> str:
    return DRIVER_LABELS.get(name, journey.column_label(name))


def drivers_section(ds: cxlens.Dataset, key: tuple = ()) -> drivers.Drivers | None:
    """What drives an outcome the user picks in ``ds`` (filtered by ``key``): importance with intervals, R², the
    quadrant for ratings. Returns the analysis shown (None when there is none)."""
    st.subheader("What drives the overall score")
    st.caption("Which ratings or customer attributes go with a better or worse outcome, and how much of it they "
               "explain: Johnson's relative weights, with 95% bootstrap intervals.")
    options = drivers.outcome_options(ds)
    if not options:
        st.info("Key drivers need an outcome to explain (overall satisfaction, NPS, churn, a complaint flag) in the "
                "same rows as the ratings or attributes. This data has none.", icon=":material/info:")
        return
    if st.session_state.get("why_outcome") not in options:
        st.session_state.pop("why_outcome", None)
    outcome = st.selectbox("Outcome to explain", options, key="why_outcome",
                           format_func=_outcome_label)
    chosen = _pick_drivers(ds, outcome)
    if chosen is None:
        st.info(f"There is nothing to explain {md(_outcome_label(outcome))} with: beside it the data has no ratings, "
                "no customer attributes (segments such as plan or region) and no other numbers.",
                icon=":material/info:")
        return
    if not chosen:
        st.info("Choose at least one driver under 'Drivers analysed'.", icon=":material/info:")
        return
    def compute() -> drivers.Drivers:
        with st.spinner("Weighing the drivers (200 resamples for the intervals)…"):
            return drivers.driver_analysis(ds, outcome, chosen)

    result = _cached("drivers", (outcome, tuple(chosen), key), compute)
    if result.note:
        st.info(md(result.note), icon=":material/info:")  # (the note names the file's column)
        _left_out(result)
        return
    _drivers_story(result)
    table = result.table
    if result.scale is not None and (table["quadrant"] != "").all():
        left, right = st.columns(2)
        with left:
            st.plotly_chart(drivers_figure(table.assign(driver=table["driver"].map(_driver_label))), width="stretch",
                            key="why_drivers_chart")
        with right:
            st.plotly_chart(quadrant_figure(table, result.scale), width="stretch", key="why_quadrant_chart")
            st.caption("Top left, **Fix first**: more important than average and rated below the average. "
                       "Dotted lines: the average importance and the average rating. Point at a dot for its name.")
    else:
        st.plotly_chart(drivers_figure(table.assign(driver=table["driver"].map(_driver_label))), width="stretch",
                        key="why_drivers_chart")
    _drivers_table(result)
    _left_out(result)
    return result


def _pick_drivers(ds: cxlens.Dataset, outcome: str) -> list[str] | None:
    """The drivers to analyse: all candidates by default; the user can leave some out (or add another score).
    None when the data has no candidate at all."""
    default = drivers.candidate_drivers(ds, outcome)
    every = list(dict.fromkeys(default + drivers.candidate_drivers(ds, outcome, scores=True)))
    if not every:
        return None
    key = f"why_drivers_{outcome}"
    if key in st.session_state and not set(st.session_state[key]) <= set(every):
        st.session_state.pop(key)
    with st.expander(f"Drivers analysed ({len(st.session_state.get(key, default))} of {len(every)})"):
        return st.multiselect("Drivers", every, default=default, key=key, format_func=_driver_label,
                              help="Another score of the same answer (CSAT beside NPS) measures the same experience "
                                   "and would take most of the credit; it is left out unless you add it.")


def _drivers_story(result: drivers.Drivers) -> None:
    t = result.table
    top = t.iloc[0]
    what = "ratings" if result.shape == "ratings" else "drivers"
    unit = "respondents who rated all of them" if result.shape == "ratings" else "answers with all of them"
    groups = ""
    if top["kind"] == "category" and top["low_group"]:
        groups = (f" It is lowest for {md(top['low_group'])} ({_outcome_value(top['low_value'], result)}) and highest "
                  f"for {md(top['high_group'])} ({_outcome_value(top['high_value'], result)}).")
    lines = [f"**{md(_driver_label(top['driver']))} matters most:** {100 * top['importance']:.0f}% (95% interval "
             f"{100 * top['ci_low']:.0f}-{100 * top['ci_high']:.0f}%) of what the {len(t)} {what} explain about "
             f"**{md(result.outcome)}**.{groups}"]
    fix = t[t["quadrant"] == "Fix first"]
    if not fix.empty:
        top = f" of {result.scale[1]:g}" if result.scale else ""
        items = ", ".join(f"{md(d)} ({100 * i:.0f}% of the importance, rated {p:.1f}{top})" for d, i, p in
                          zip(fix["driver"], fix["importance"], fix["performance"]))
        lines.append(f"**Fix first:** {items}: more important than average, and rated below the average rating "
                     f"({t['performance'].mean():.1f}).")
    words = bool(result.event) and result.event.lower() not in extra_columns.YES | extra_columns.NO
    what_differs = (f"of who is {md(result.event)} and who is not, among the" if words
                    else f"of the differences in {md(result.outcome)} between the")
    lines.append(f"Together the {what} explain {100 * result.r2:.0f}% (R², 95% interval {100 * result.r2_low:.0f}-"
                 f"{100 * result.r2_high:.0f}%) {what_differs} {result.n:,} {unit}.")
    st.markdown("\n\n".join(lines))
    if result.r2 < 0.1:
        st.warning(f"The {what} explain little of {md(result.outcome)} (R² {100 * result.r2:.0f}%): most of what "
                   "moves it is not in this data. Read the ranking as a hint, not a plan.", icon=":material/warning:")


def _outcome_value(v: float, result: drivers.Drivers) -> str:
    """A group's outcome: the share coded 1 for a yes/no outcome, else the mean answer."""
    return f"{100 * v:.0f}%" if result.event else f"mean {v:.2f}"


def _direction(row: pd.Series, result: drivers.Drivers) -> str:
    if row["kind"] == "category":
        if not row["low_group"]:
            return ""
        return (f"lowest for {row['low_group']} ({_outcome_value(row['low_value'], result)}), highest for "
                f"{row['high_group']} ({_outcome_value(row['high_value'], result)})")
    if pd.isna(row["r"]):
        return ""
    return "rises with it" if row["r"] > 0 else "falls as it rises"


def _drivers_table(result: drivers.Drivers) -> None:
    t = result.table
    frame = pd.DataFrame({
        "rank": t["rank"], "driver": t["driver"].map(_driver_label), "importance": (100 * t["importance"]).round(1),
        "95% interval": [f"{100 * a:.1f}-{100 * b:.1f}%" if pd.notna(a) else ""
                         for a, b in zip(t["ci_low"], t["ci_high"])],
        "the outcome": [_direction(r, result) for _, r in t.iterrows()]})
    config = {"importance": st.column_config.NumberColumn("importance (% of explained)", format="%.1f%%")}
    if result.scale is not None:
        frame["mean rating"] = t["performance"].round(2)
        frame["quadrant"] = t["quadrant"]
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config, height=_rows_height(len(frame)))
    coded = f" ({md(result.outcome)} is counted 1, anything else 0)" if result.event else ""
    st.caption(f"Importance: each driver's share of the outcome's variation the drivers explain together{coded}; "
               "the shares sum to 100%. It measures association in this data, not proof of cause. "
               "Categories are compared with their most frequent value. Formulas: docs/metrics.md, 'Key drivers'.")


def _left_out(result: drivers.Drivers) -> None:
    if result.left_out:
        with st.expander(f"Left out of the analysis ({len(result.left_out)})"):
            for line in result.left_out:
                st.text(line)  # column names come from the file: never rendered as markup


# ----------------------------------------------------------------------------- backlog candidates


def _where(over: pd.DataFrame, stages: dict) -> dict:
    """Theme -> (touchpoint, stage) where it is most over-represented (surely more frequent than overall)."""
    rows = over[(over["column"] == "touchpoint") & over["over"].astype(bool)] if not over.empty else over
    first = rows.drop_duplicates("theme") if not rows.empty else rows
    return {int(t): (str(g), stages.get(str(g))) for t, g in zip(first.get("theme", []), first.get("group", []))}


def backlog_candidates(ds: cxlens.Dataset, impact: ImpactShown | None, result: drivers.Drivers | None) -> None:
    """Offer the themes that surely cost points and the 'Fix first' drivers as opportunities, with evidence."""
    stages = {str(k): v for k, v in journey.touchpoint_stages(ds).items()}
    scale = backlog_state.scales(ds)["customer_value"]
    parts = []
    if impact is not None:
        parts.append(why_candidates.theme_candidates(
            impact.table, impact.themes, impact.info["label"], _points_unit(impact.info),
            where=_where(impact.over, stages), scale=scale))
    if result is not None and not result.table.empty:
        parts.append(why_candidates.driver_candidates(result, stages=stages, scale=scale))
    parts = [p for p in parts if not p.empty]
    if not parts or data_source.read_only():
        return
    cands = pd.concat(parts, ignore_index=True)
    with st.expander(f"Add to the opportunity backlog ({len(cands)} candidate{'s' if len(cands) != 1 else ''})"):
        st.markdown("The themes that surely cost points and the ratings to fix first, each with its evidence "
                    f"(numbers, intervals, example comments). Customer value ({scale.label}) follows the impact or "
                    "the importance; estimate business value and effort with the team on the Opportunities page.")
        st.dataframe(pd.DataFrame({"opportunity": cands["opportunity"], "touchpoint": cands["touchpoint"],
                                   "customer value": cands["customer_value"], "confidence": cands["confidence"],
                                   "from": [e.get("source", "") for e in cands["evidence"]]}),
                     hide_index=True, width="stretch")
        existing = set(backlog_state.load(ds, spots=pd.DataFrame())["opportunity_id"].dropna())
        fresh = cands[~cands["opportunity_id"].isin(existing)]
        if st.button(f"Add {len(fresh)} new candidate(s) to the backlog", disabled=fresh.empty, key="why_add"):
            added = backlog_state.save(fresh)
            st.success(f"{added} candidate(s) added to the backlog.", icon=":material/check:")
        elif fresh.empty:
            st.caption("All of them are in the backlog already.")
