"""Journey heatmap page pieces: controls bound to the URL, the clickable heatmap, the drill-down."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import cxlens
from cxlens import export, journey, metric_registry
from cxlens.figures import add_click_targets
from cxlens.journey_figures import heatmap_figure, journey_curve_figure, score_distribution_figure

from . import view_state as vs
from .markdown import md

PARAMS = [
    vs.Param("hm_mode", "mode"),
    vs.Param("hm_metric", "metric"),
    vs.Param("hm_rows", "rows"),
    vs.Param("hm_cols", "cols"),
    vs.Param("hm_min_n", "min_n", "int", lo=1, hi=1000),
    vs.Param("hm_from", "from", "date"),
    vs.Param("hm_to", "to", "date"),
    vs.Param("hm_persona", "persona", "list"),
    vs.Param("hm_channel", "channel", "list"),
    vs.Param("hm_stage", "stage", "list"),
]
NO_COLUMN = "(none)"
ROWS = ("stage", "touchpoint")
FACETS = {"hm_persona": "persona", "hm_channel": "channel", "hm_stage": "stage"}
#: What the cells show: the metric, or its change between two periods (components.change_view).
MODES = {"values": "Values", "change": "Change between two periods"}


def controls(ds: cxlens.Dataset) -> dict:
    """Metric, axes, minimum n and filters; seeded from and written back to the URL, kept across
    pages, and fitted to the loaded data before they are drawn (see view_state)."""
    metrics_ = journey.available_metrics(ds)
    columns = journey.available_columns(ds)
    row_options = journey.row_options(ds)
    fb = ds.feedback
    choices = {"hm_mode": tuple(MODES), "hm_metric": tuple(metrics_), "hm_cols": tuple(columns) + (NO_COLUMN,), "hm_rows": tuple(row_options)}
    for key, col in FACETS.items():
        choices[key] = tuple(str(v) for v in fb[col].dropna().unique())
    params = vs.restrict(PARAMS, choices)
    vs.seed(params)

    def metric_label(m: str) -> str:
        return journey.metric_info(ds, m)["label"]

    default_row = row_options[0]
    others = [c for c in columns if c != default_row]
    default_col = "persona" if "persona" in others else (others[0] if others else NO_COLUMN)
    vs.fit_choice("hm_mode", tuple(MODES), "Show", fmt=MODES.get)
    vs.fit_choice("hm_metric", metrics_, "Colour by", fmt=metric_label)
    vs.fit_choice("hm_rows", row_options, "Rows", default=default_row, fmt=journey.column_label)
    vs.fit_choice("hm_cols", choices["hm_cols"], "Columns", default=default_col, fmt=journey.column_label)
    vs.fit_number("hm_min_n", 1, 1000, "Min. answers per cell")
    dates = fb["date"].dropna()
    lo = hi = None
    if not dates.empty:
        lo, hi = dates.min().date(), dates.max().date()
        vs.fit_period("hm_from", "hm_to", lo, hi)
    for key, col in FACETS.items():
        vs.fit_choices(key, choices[key], journey.column_label(col))
    st.session_state.setdefault("hm_mode", "values")
    st.session_state.setdefault("hm_rows", default_row)
    st.session_state.setdefault("hm_cols", default_col)
    st.session_state.setdefault("hm_min_n", journey.MIN_N)

    mode = st.segmented_control("Show", list(MODES), key="hm_mode", format_func=MODES.get,
                                help="Change: each cell is one period minus another, with its 95% interval.")
    c1, c2, c3, c4 = st.columns([2, 1.3, 1.6, 1.2])
    metric = c1.selectbox("Colour by", metrics_, key="hm_metric", format_func=metric_label)
    if tuple(row_options) == ROWS:
        rows = c2.segmented_control("Rows", list(ROWS), key="hm_rows", format_func=str.capitalize) or "stage"
    else:  # no touchpoints: rows are a segment (a customer table's segment x segment)
        rows = c2.selectbox("Rows", row_options, key="hm_rows", format_func=journey.column_label)
    cols = c3.selectbox("Columns", list(columns) + [NO_COLUMN], key="hm_cols", format_func=journey.column_label)
    min_n = c4.number_input("Min. answers per cell", 1, 1000, key="hm_min_n", step=5,
                            help="Cells with fewer answers are grey and not coloured: too few to judge.")
    filters: dict = {}
    with st.expander("Filters", expanded=any(st.session_state.get(k) for k in FACETS)):
        f = st.columns(4)
        if lo is not None:
            start = f[0].date_input("From", key="hm_from", min_value=lo, max_value=hi)
            end = f[0].date_input("To", key="hm_to", min_value=lo, max_value=hi)
            if start and start > lo:
                filters["date_from"] = start
            if end and end < hi:
                filters["date_to"] = end
        for (key, col), slot in zip(FACETS.items(), f[1:]):
            options = choices[key]
            if options:
                chosen = slot.multiselect(md(journey.column_label(col)), options, key=key, placeholder="All")
                if chosen:
                    filters[col] = chosen
    vs.publish(params)
    return {"mode": mode or "values", "metric": metric, "rows": rows, "cols": None if cols == NO_COLUMN else cols, "min_n": int(min_n),
            "filters": filters}


def heatmap(ds: cxlens.Dataset, view: dict) -> tuple[pd.DataFrame, dict, object] | None:
    info = journey.metric_info(ds, view["metric"])
    cells = journey.journey_heatmap(ds, rows=view["rows"], cols=view["cols"], metric=view["metric"],
                                    min_n=view["min_n"], filters=view["filters"])
    if cells.empty:
        st.warning("No answers match these filters. Widen the date range or clear a filter.", icon=":material/filter_alt_off:")
        return None
    overall = journey.metric_overall(ds, view["metric"], view["filters"])
    fig = heatmap_figure(cells, info["label"], overall.value, higher_is_better=info["higher_is_better"],
                         unit=info["unit"], decimals=info["decimals"],
                         signed=metric_registry.spec(view["metric"]).kind == metric_registry.NPS,
                         row_label=journey.column_label(view["rows"]), col_label=journey.column_label(view["cols"]),
                         bounds=journey.metric_bounds(info))
    add_click_targets(fig)
    if info["higher_is_better"] is None:  # a count: no estimate, no interval
        st.markdown(f"**{md(info['label'])}**: **{_fmt(overall.value, info)}** in all. Each cell shows how many it "
                    "holds; darker is more. Click a cell to read what customers said.")
    else:
        st.markdown(
            f"**{md(info['label'])}** overall: **{_fmt(overall.value, info)}** from {overall.n:,} answers. "
            f"Cells show value and n; ▲/▼ mark cells whose 95% interval lies above/below overall; grey cells have "
            f"fewer than {view['min_n']} answers. Click a cell to read what customers said.")
    event = st.plotly_chart(fig, key="hm_chart", on_select="rerun", selection_mode=("points",), width="stretch",
                            config={"displaylogo": False})
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    chosen = None
    for p in points:
        cd = p.get("customdata")
        if isinstance(cd, (list, tuple)) and len(cd) == 2:
            chosen = (str(cd[0]), str(cd[1]))
    return cells, info, chosen


def _fmt(value: float, info: dict) -> str:
    return metric_registry.spec(info["key"]).format(value)


def drilldown(ds: cxlens.Dataset, view: dict, cells: pd.DataFrame, info: dict, chosen: tuple[str, str] | None) -> None:
    """Score distribution, driving touchpoints and verbatims of one cell (picked by click or by the selectors)."""
    st.subheader("What is behind a cell")
    rows = [str(r) for r in cells["row"].cat.categories]
    cols = [str(c) for c in cells["col"].cat.categories]
    if chosen and chosen[0] in rows and chosen[1] in cols:
        st.session_state["hm_pick_row"], st.session_state["hm_pick_col"] = chosen
    # the cell follows the axes: a pick that is gone after a change of axes or data goes back quietly
    vs.fit_choice("hm_pick_row", rows, journey.column_label(view["rows"]), quiet=True)
    vs.fit_choice("hm_pick_col", cols, journey.column_label(view["cols"]), quiet=True)
    c1, c2 = st.columns(2)
    row = c1.selectbox(md(journey.column_label(view["rows"])), rows, key="hm_pick_row")
    col = c2.selectbox(md(journey.column_label(view["cols"])), cols, key="hm_pick_col")
    subset = journey.cell_feedback(ds, row, col if view["cols"] else None, rows=view["rows"], cols=view["cols"],
                                   filters=view["filters"])
    cell = cells[(cells["row"].astype(str) == row) & (cells["col"].astype(str) == col)]
    if cell.empty or subset.empty:
        st.info("No answers in this cell.")
        return
    rec = cell.iloc[0]
    verdict = ("too few answers to judge" if rec["suppressed"] else
               ("significantly " + ("above" if rec["delta"] > 0 else "below") + " overall") if rec["significant"]
               else "not significantly different from overall")
    st.markdown(f"**{md(row)} × {md(col)}**: {md(info['label'])} {_fmt(rec['value'], info)} from {int(rec['n']):,} "
                f"answers — {verdict}.")
    left, right = st.columns(2)
    with left:
        dist = journey.score_distribution(subset, view["metric"], info.get("scale"))
        if not dist.empty:
            st.plotly_chart(score_distribution_figure(dist, info["label"], title="How the answers spread"),
                            width="stretch", key="hm_dist")
    with right:
        if view["rows"] == "stage" and view["metric"] != "volume":
            tp_view = dict(view["filters"])
            if view["cols"]:
                tp_view[view["cols"]] = [col]
            tp = journey.journey_heatmap(ds, rows="touchpoint", cols=None, metric=view["metric"], min_n=view["min_n"],
                                         filters={**tp_view, "stage": [row]})
            if not tp.empty:
                st.markdown("**Touchpoints in this cell**")
                # worst first: lowest values when higher is better, highest otherwise
                tp = tp.sort_values(["suppressed", "value"], ascending=[True, bool(info["higher_is_better"])])
                st.dataframe(tp[["row", "value", "n", "ci_low", "ci_high", "suppressed"]].rename(
                    columns={"row": "touchpoint", "suppressed": "too few"}), hide_index=True, width="stretch",
                    column_config={c: st.column_config.NumberColumn(format="%.1f") for c in ("value", "ci_low", "ci_high")})
    verbatims(ds, subset, view["metric"])


def verbatims(ds: cxlens.Dataset, subset: pd.DataFrame, metric: str) -> None:
    comments = subset.dropna(subset=["comment"])
    st.markdown(f"**What customers said** ({len(comments):,} comments)")
    if comments.empty:
        st.caption("No comments in this cell.")
        return
    query = st.text_input("Search the comments", key="hm_search", placeholder="e.g. password, wait, refund")
    if query:
        comments = comments[comments["comment"].str.contains(query, case=False, regex=False, na=False)]
    column = metric_registry.spec(metric).column  # an answer on a scale to sort by (not the comment's sentiment)
    score_col = column if column in metric_registry.SCORE_COLUMNS and column != "sentiment" else None
    show = [c for c in ("date", "touchpoint", "persona", "channel", score_col, "comment") if c and c in comments]
    if score_col:
        worst_low = journey.metric_scale(ds, score_col).get("higher_is_better", True)  # worst answers first
        comments = comments.sort_values(score_col, ascending=worst_low, kind="stable")
    # st.dataframe renders text as text: spreadsheet HTML is shown, never interpreted.
    st.dataframe(comments[show].head(500), hide_index=True, width="stretch",
                 column_config={"comment": st.column_config.TextColumn("comment", width="large"),
                                "date": st.column_config.DateColumn("date")})
    # The table toolbar's download is off (client.disableDataExport): this one neutralises formulas.
    st.download_button("Download these comments (CSV)", comments_csv(comments[show]), "cxlens_comments.csv", "text/csv",
                       key="hm_comments_csv", icon=":material/download:")


def comments_csv(comments: pd.DataFrame) -> bytes:
    """The cell's comments (all of them, not only the 500 shown), safe to open in Excel."""
    return export.to_csv_bytes(comments)


def curve(ds: cxlens.Dataset, view: dict) -> None:
    if view["rows"] not in ROWS:
        return  # no journey to draw a curve along
    by = view["cols"] if view["cols"] not in (None, "month", "quarter") else None
    info = journey.metric_info(ds, view["metric"])
    data = journey.journey_curve(ds, by=by, metric=view["metric"], min_n=view["min_n"], filters=view["filters"])
    if data.empty or data["stage"].nunique() < 2:
        return
    st.subheader("Journey curve")
    st.caption(f"{md(info['label'])} stage by stage" + (f" for each {md(journey.column_label(by)).lower()}" if by else "")
               + f"; gaps are points with fewer than {view['min_n']} answers.")
    st.plotly_chart(journey_curve_figure(data, info["label"], unit=info["unit"], decimals=info["decimals"]),
                    width="stretch", key="hm_curve")
