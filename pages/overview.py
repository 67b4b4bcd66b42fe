"""Overview: headline KPIs of the loaded data and where to look first."""

import streamlit as st

from components.frame import ensure_frame
from components import aggregate_view, data_source, ui
from cxlens import overview
from cxlens.figures import format_value, touchpoint_bars
from cxlens.problems import summarise

ensure_frame()  # a deep link on a fresh server must still get the router and sidebar

st.title("Overview")
ds = ui.require_dataset("The overview needs feedback or touchpoint data.")
if ds is not None:
    if ds.feedback.empty and not ds.aggregates.empty:
        aggregate_view.kpis(ds)
    elif ds.feedback.empty:
        st.warning("This data has no feedback rows, so there are no KPIs to show. "
                   "Opportunities and maturity answers, if present, are on their own pages.")
    else:
        ui.kpi_row(overview.kpis_with_changes(ds))
        st.caption(f"▲/▼ under a score: the latest {overview.CHANGE_DAYS} days differ from the {overview.CHANGE_DAYS} "
                   "before beyond chance (95% intervals, Benjamini-Hochberg across the scores); no arrow, no "
                   "significant change.")
        unstaged = overview.unstaged_touchpoints(ds)
        if unstaged:
            total = int(ds.feedback["touchpoint"].nunique())
            who = "The workspace's owner can" if data_source.read_only() else "You can"
            st.info(f"**{len(unstaged)} of {total} touchpoints have no journey stage yet**, so they sit in "
                    f"'Unassigned' and the journey views cannot order them (a survey with one column per "
                    f"touchpoint has no stage column). {who} assign stages in a few clicks on the "
                    "**Import & data quality** page, tab **Stages**.", icon=":material/route:")
            if not data_source.read_only():
                st.page_link("pages/import_data.py", label="Assign stages", icon=":material/arrow_forward:")

        metric = overview.headline_metric(ds)
        summary = overview.touchpoint_summary(ds, metric)
        label, unit, better_high = overview.summary_label(ds, metric) if metric else ("", "", True)
        st.subheader("Where to look first")
        judged = summary[~summary["too_few"]]
        if judged.empty and summary.empty:
            st.info("This data names no touchpoints (for example one row per customer), so none is ranked. The "
                    "Journey heatmap compares customer segments instead.")
        elif judged.empty:
            st.info(f"No touchpoint has {overview.MIN_N} or more answers yet, so none is ranked.")
        else:
            worst = judged.iloc[0]
            if metric == "complaint":  # a complaint log: counts, not scores with intervals
                total = int(summary["value"].sum())
                st.markdown(
                    f"Most complaints: **{ui.md(worst['touchpoint'])}** ({ui.md(worst['stage'])}) with "
                    f"**{int(worst['value']):,}** of {total:,} complaints ({worst['value'] / max(total, 1):.0%}). "
                    "Bars show the 10 touchpoints with the most complaints."
                )
            else:
                st.markdown(
                    f"{'Highest' if not better_high else 'Lowest'} **{label}**: **{ui.md(worst['touchpoint'])}** "
                    f"({ui.md(worst['stage'])}) at **{format_value(worst['value'], unit)}** from "
                    f"{int(worst['n']):,} answers. Bars show the 10 weakest touchpoints with their 95% interval; "
                    f"touchpoints with fewer than {overview.MIN_N} answers are listed apart."
                )
            st.plotly_chart(touchpoint_bars(summary, metric_label=label, unit=unit, higher_is_better=better_high,
                                            scale=overview.summary_scale(ds, metric)),
                            width="stretch", key="overview_worst")
        thin = summary[summary["too_few"]]
        if not thin.empty:
            with st.expander(f"{len(thin)} touchpoint(s) with too few answers to judge"):
                st.dataframe(thin[["touchpoint", "stage", "n", "value"]], hide_index=True,
                             column_config={"value": st.column_config.NumberColumn(label, format="%.1f")})

    st.subheader("Data quality")
    problems = summarise(ds.problems)
    if problems.empty:
        st.success("No problems found while loading: every value was read as it was.", icon=":material/check:")
    else:
        total = int(problems["count"].sum())
        st.markdown(f"**{total:,}** {'value' if total == 1 else 'values'} needed attention while loading. "
                    "Nothing was dropped silently; see **Import & data quality** for every row.")
        st.dataframe(problems.head(8), hide_index=True, width="stretch")
