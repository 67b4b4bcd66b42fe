"""Published (aggregated) results: entity × measure heatmap, one measure's ranking, the measures' summary."""

from __future__ import annotations

import streamlit as st

import cxlens
from cxlens import aggregates
from cxlens.aggregate_figures import matrix_figure, ranking_figure

from . import view_state as vs
from .markdown import md

PARAMS = [
    vs.Param("ag_measures", "measures", "list"),
    vs.Param("ag_sort", "sort"),
    vs.Param("ag_segment", "group"),
    vs.Param("ag_group", "group_value"),
    vs.Param("ag_top", "top", "int", lo=5, hi=500),
]
ALL = "(all)"
DEFAULT_MEASURES = 8


def _segments(agg) -> list[str]:
    canonical = set(aggregates.empty_frame().columns) | {"source_file", "source_sheet"}
    return [c for c in agg.columns if c not in canonical]


def kpis(ds: cxlens.Dataset) -> None:
    """The Overview's headline for published results: what they cover, and where the view is."""
    facts = aggregates.summary(ds.aggregates)
    cols = st.columns(4)
    cols[0].metric("Entities", f"{facts['entities']:,}", border=True, help="Distinct entities with at least one value.")
    cols[1].metric("Measures", f"{facts['measures']:,}", border=True, help="Distinct measures with at least one value.")
    cols[2].metric("Values", f"{facts['values']:,}", border=True, help="Entity × measure values that could be read.")
    cols[3].metric("Respondent counts", "given" if facts["with_counts"] else "not given", border=True,
                   help="With counts, shares get 95% intervals; without, precision cannot be judged.")
    st.markdown("These are published results, not individual responses: compare entities measure by measure on "
                "the **Journey heatmap** page (it shows entity × measure for such files).")
    st.page_link("pages/journey_heatmap.py", label="Entity × measure view", icon=":material/arrow_forward:")


def show(ds: cxlens.Dataset) -> None:
    """The whole view for a dataset holding published results (``ds.aggregates``)."""
    agg = ds.aggregates
    facts = aggregates.summary(agg)
    st.info("These are **published results** (one value per entity and measure), not individual responses: "
            "journeys, hotspots and verbatims need one row per response. Rows are entities, columns measures; "
            "colour compares the entities shown within each measure (darker is higher), because a file does not "
            "say which way is better.", icon=":material/table_chart:")
    measures = aggregates.measure_table(agg)
    names = [str(m) for m in measures["measure"]]
    units = dict(zip(names, measures["unit"]))
    segments = _segments(agg)
    segment_values = {s: tuple(sorted(str(v) for v in agg[s].dropna().unique())) for s in segments}
    chosen_segment = st.session_state.get("ag_segment")
    params = vs.restrict(PARAMS, {"ag_measures": tuple(names), "ag_sort": tuple(names),
                                  "ag_segment": (ALL, *segments),
                                  "ag_group": segment_values.get(chosen_segment, ())})
    vs.seed(params)
    vs.fit_choices("ag_measures", names, "Measures")
    vs.fit_choice("ag_segment", (ALL, *segments), "Only entities where")
    st.session_state.setdefault("ag_measures", names[:DEFAULT_MEASURES])
    st.session_state.setdefault("ag_top", 40)
    c1, c2 = st.columns([3, 1.2])
    picked = c1.multiselect("Measures", names, key="ag_measures", placeholder="Choose measures",
                            help=f"{len(names)} measures in the file; the first {DEFAULT_MEASURES} are shown at first.")
    shown_measures = picked or names[:DEFAULT_MEASURES]
    vs.fit_choice("ag_sort", shown_measures, "Sort by")
    sort_by = c2.selectbox("Sort entities by", shown_measures, key="ag_sort",
                           help="Highest first; the ranking below shows this measure for every entity.")
    f1, f2, f3 = st.columns([1.2, 1.8, 1])
    segment = ALL
    if segments:
        segment = f1.selectbox("Only entities where", (ALL, *segments), key="ag_segment")
    group = None
    if segment != ALL:
        values = segment_values[segment]
        vs.fit_choice("ag_group", values, segment)
        group = f2.selectbox(md(segment), values, key="ag_group")
    top = f3.number_input("Entities shown", 5, 500, key="ag_top", step=5)
    vs.publish(params)  # (the fit_* calls above already showed their one-line notices)

    subset = agg if group is None else agg[agg[segment].astype("str") == group]
    table = aggregates.matrix(subset, shown_measures, sort_by=sort_by, max_entities=int(top))
    entities = int(subset.loc[subset["measure"].astype("str").isin(shown_measures), "entity"].nunique())
    if table.empty:
        st.warning("No values for these measures and entities. Choose other measures or clear the filter.",
                   icon=":material/filter_alt_off:")
        return
    st.caption(f"{len(table):,} of {entities:,} entities, sorted by “{md(sort_by)}” (highest first); "
               f"{len(shown_measures)} of {len(names)} measures.")
    if len(table.columns) > 1:  # (one measure: the ranking below says it all)
        prefix = aggregates.shared_prefix(list(table.columns))
        if prefix:
            st.caption(f"Every measure shown starts “{md(prefix)} …”; the columns show the rest.")
        st.plotly_chart(matrix_figure(table, units), width="stretch", key="aggregate_matrix")

    ranked = aggregates.ranking(subset, sort_by)
    st.subheader("Ranking", anchor=False)
    st.plotly_chart(ranking_figure(ranked, sort_by, max_entities=min(int(top), 60)), width="stretch",
                    key="aggregate_ranking")
    if ranked["low"].notna().any():
        st.caption("Bars show the published value with its 95% interval (Wilson, from the value as a share of the "
                   "respondents the file gives). Where intervals overlap, the difference may be chance.")
    elif units.get(sort_by) == "percent" and not facts["with_counts"]:
        st.caption("No intervals: the file gives no respondent counts, so how precise each value is cannot be "
                   "judged. Small differences between entities may be chance.")
    else:
        st.caption("No intervals: a published average without its spread does not say how precise it is. Small "
                   "differences between entities may be chance.")
    with st.expander(f"All {len(names)} measures"):
        st.dataframe(measures.rename(columns={"measure": "Measure", "unit": "Unit", "scale_min": "Scale from",
                                              "scale_max": "Scale to", "entities": "Entities",
                                              "mean": "Mean across entities", "min": "Lowest", "max": "Highest"}),
                     hide_index=True, width="stretch")
        st.caption("Mean across entities: each entity counts once, whatever its size (the file's values are not "
                   "re-weighted).")
