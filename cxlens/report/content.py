"""What a deck and a report say: one function gathers every section from the public analyses.

:func:`gather` runs the analyses the pages show (headline KPIs and their change, the journey heatmap,
friction hotspots, the opportunity matrix, the maturity result and its next projects, a workshop's
results) with the view settings of :class:`ReportView`, and returns a :class:`Report` of plain data:
numbers in DataFrames, user text unescaped. The renderers (:mod:`.slides`, :mod:`.webpage`) place
that text as plain text (PowerPoint) or escape it (HTML). Pure: no Streamlit.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import pandas as pd

from .. import backlog as bl
from .. import friction, journey, overview, periods
from .. import opportunity_scales as osc
from .. import prioritisation as pr
from ..dataset import Dataset
from ..metric_registry import MIN_N
from ..opportunity_figures import matrix_keys

#: Rows of the hotspot ranking shown; hotspots that get a slide of their own (evidence, verbatims).
TOP_HOTSPOTS, HOTSPOT_DETAILS, VERBATIMS = 5, 3, 2
#: Items listed per quadrant of the opportunity matrix.
TOP_PER_QUADRANT = 3
VERBATIM_CHARS = 220


@dataclass(frozen=True)
class ReportView:
    """The view settings a deck or report is made with: the same the pages use (and put in the URL)."""

    metric: str | None = None  # heatmap metric (None: the page's default)
    rows: str | None = None  # "stage" | "touchpoint" | a segment (None: the page's default)
    cols: str | None = "persona"  # a segment, "month", "quarter", or None for one column
    min_n: int = MIN_N  # heatmap cells with fewer answers are greyed
    filters: dict | None = None  # {"date_from", "date_to", column: [values]} as on the heatmap page
    hotspot_by: str | None = None  # split each touchpoint by a segment
    hotspot_min_n: int = MIN_N
    weights: dict | None = None  # friction component weights
    hotspot_order: str = "affected"  # "affected" (customers hurt a month, when volumes are known) or "rank"
    customer_weight: float = 0.5  # value = w * customer value + (1 - w) * business value
    goal_weight: float = 0.0
    value_threshold: float | None = None  # quadrant lines (None: medians)
    effort_threshold: float | None = None
    title: str | None = None  # the deck's title (default: "CX Lens: <data set>")


@dataclass(frozen=True)
class Footer:
    n: str
    filters: str
    formula: str

    def text(self) -> str:
        return f"{self.n} · Filters: {self.filters} · {self.formula}"


@dataclass
class Section:
    """One slide (or one part of the HTML report). ``kind`` says which renderer draws it."""

    kind: str
    title: str
    footer: Footer
    lead: str = ""  # one plain sentence under the title
    table: pd.DataFrame | None = None  # shown as a table (values already formatted as text)
    data: dict = field(default_factory=dict)  # what the kind's chart needs


@dataclass
class Report:
    title: str
    subtitle: str
    sections: list[Section]
    created: dt.date


def filters_text(filters: dict | None) -> str:
    """The filters as one plain line ('none' without any)."""
    parts = []
    for key, value in (filters or {}).items():
        if value is None or value == [] or value == "":
            continue
        if key == "date_from":
            parts.append(f"from {pd.Timestamp(value):%d %b %Y}")
        elif key == "date_to":
            parts.append(f"to {pd.Timestamp(value):%d %b %Y}")
        else:
            values = [str(v) for v in (value if isinstance(value, (list, tuple, set)) else [value])]
            shown = ", ".join(values[:4]) + (f" and {len(values) - 4} more" if len(values) > 4 else "")
            parts.append(f"{journey.column_label(key)}: {shown}")
    return "; ".join(parts) or "none"


def fmt_metric(value: float, info: dict, signed: bool | None = None) -> str:
    """A metric value as the heatmap prints it: 63%, +12 (NPS), 3.82 (means), 1,204 (counts)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return "–"
    if signed if signed is not None else info["key"] == "nps":
        return f"{value:+.{info['decimals']}f}{info['unit']}"
    if info["key"] == "volume":
        return f"{value:,.0f}"
    return f"{value:.{info['decimals']}f}{info['unit']}"


def _clip(text: object, limit: int) -> str:
    s = "" if text is None or (isinstance(text, float) and math.isnan(text)) else " ".join(str(text).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _num(value: float, digits: int = 2) -> str:
    return "–" if value is None or pd.isna(value) else f"{value:.{digits}f}"


def _responses(ds: Dataset) -> int:
    fb = ds.feedback
    return int(fb["response_id"].nunique()) if fb["response_id"].notna().any() else len(fb)


# ----------------------------------------------------------------------------- sections


def title_section(ds: Dataset, label: str, view: ReportView) -> Section:
    dates = ds.feedback["date"].dropna()
    period = f"{dates.min():%d %b %Y} – {dates.max():%d %b %Y}" if not dates.empty else "no dates"
    n = _responses(ds)
    lines = [f"Data: {label}", f"Period: {period}", f"{n:,} responses, {len(ds.feedback):,} feedback rows"]
    return Section("title", view.title or f"CX Lens: {label}", Footer(f"n = {n:,} responses", filters_text(None),
                                                                     "Formulas: docs/metrics.md"),
                   lead="\n".join(lines), data={"period": period, "n": n})


def kpi_section(ds: Dataset) -> Section | None:
    """Headline KPIs (as on the Overview) with the latest 90 days against the 90 before."""
    kpis = overview.headline_kpis(ds)
    changes = overview.kpi_changes(ds)
    dates = ds.feedback["date"].dropna()
    rows = []
    for k in kpis:
        before = now = change = ""
        if k.key in ("csat", "nps", "ces", "rating") and not dates.empty:
            end = dates.max().normalize()
            start = end - pd.Timedelta(days=overview.CHANGE_DAYS - 1)
            r = periods.compare_periods(ds, k.key, (start, end)).iloc[0]
            info = journey.metric_info(ds, k.key)
            if r["n_before"] and r["n_now"]:
                before, now = fmt_metric(r["value_before"], info), fmt_metric(r["value_now"], info)
                pts = dict(info, unit=" pts" if info["unit"] == "%" else info["unit"])  # a change of a share: points
                bare = dict(info, unit="")
                change = (f"{fmt_metric(r['diff'], pts, signed=True)} "
                          f"[{fmt_metric(r['ci_low'], bare, True)}, {fmt_metric(r['ci_high'], bare, True)}]")
                change += f" {changes[k.key].split(' ')[0]}" if k.key in changes else ""
        rows.append({"KPI": k.label, "Value": k.formatted() + (f" ({k.detail})" if k.key == "period" else ""),
                     "n": f"{k.n:,}" if k.n is not None else "", f"{overview.CHANGE_DAYS} days before": before,
                     f"Latest {overview.CHANGE_DAYS} days": now, "Change [95% interval]": change})
    if not rows:
        return None
    table = pd.DataFrame(rows)
    if not (table[f"Latest {overview.CHANGE_DAYS} days"] != "").any():
        table = table[["KPI", "Value", "n"]]
    formula = ("CSAT % top-2-box; NPS % promoters − % detractors; CES mean; change: Newcombe, NPS diff., Welch, "
               "B-H")
    return Section("kpis", "Headline KPIs", Footer(f"n = {_responses(ds):,} responses", "none", formula),
                   lead=("▲/▼: the latest 90 days differ from the 90 before beyond chance (no arrow: no significant "
                         "change)." if changes else "No score changed significantly in the latest 90 days."), table=table)


def default_view(ds: Dataset, view: ReportView) -> tuple[str, str, str | None]:
    """(metric, rows, cols) of the heatmap: the view's when they fit the data, else the page's defaults."""
    metric = view.metric if view.metric in journey.available_metrics(ds) else journey.default_metric(ds)
    row_options = journey.row_options(ds)
    rows = view.rows if view.rows in row_options else (row_options[0] if row_options else None)
    if view.rows is None and rows == "stage" and ds.feedback["stage"].nunique() < 2 and "touchpoint" in row_options:
        rows = "touchpoint"  # one stage (none assigned yet) is a one-row heatmap: show the touchpoints
    columns = [c for c in journey.available_columns(ds) if c != rows]
    cols = view.cols if view.cols in columns else None
    if view.cols is not None and cols is None:
        cols = "persona" if "persona" in columns else (columns[0] if columns else None)
    return metric, rows, cols


def heatmap_section(ds: Dataset, view: ReportView) -> Section | None:
    metric, rows, cols = default_view(ds, view)
    if metric is None or rows is None:
        return None
    info = journey.metric_info(ds, metric)
    cells = journey.journey_heatmap(ds, rows=rows, cols=cols, metric=metric, min_n=view.min_n, filters=view.filters)
    if cells.empty:
        return None
    overall = journey.metric_overall(ds, metric, view.filters)
    n = int(cells["n"].sum())
    lead = (f"{info['label']} overall: {fmt_metric(overall.value, info)} from {overall.n:,} answers. ▲/▼: the cell's "
            f"95% interval lies above/below overall; grey: fewer than {view.min_n} answers.")
    return Section("heatmap", f"Journey heatmap: {info['label']}",
                   Footer(f"n = {n:,} answers", filters_text(view.filters), info["description"]),
                   lead=lead, data={"cells": cells, "info": info, "overall": overall.value,
                                    "rows": journey.column_label(rows), "cols": journey.column_label(cols),
                                    "bounds": journey.metric_bounds(info)})


def hotspot_sections(ds: Dataset, view: ReportView) -> list[Section]:
    if ds.feedback.empty or ds.feedback["touchpoint"].isna().all():
        return []
    spots = friction.friction_hotspots(ds, by=view.hotspot_by, weights=view.weights, min_n=view.hotspot_min_n)
    order = "rank"
    if spots["affected"].notna().any() and view.hotspot_order != "rank":
        spots, order = friction.rank_by_affected(spots), "affected_rank"
    spots = spots.sort_values([order, "rank"], na_position="last", kind="stable").reset_index(drop=True)
    ranked = spots[~spots["too_few"]]
    if ranked.empty:
        return []
    components = friction.available_components(ds)
    what = (f"{friction.COMPONENTS[components[0]].lower()} (%)" if len(components) == 1 else
            f"weighted mean of {len(components)} components (% of answers)")
    formula = (f"Friction = {what}, ranked by its 95% lower bound" + (" × volume" if order == "affected_rank" else ""))
    top = ranked.head(TOP_HOTSPOTS)
    by = view.hotspot_by
    table = pd.DataFrame({
        "#": [str(i + 1) for i in range(len(top))],
        "Touchpoint": [_clip(str(t) + (f" ({r[by]})" if by else ""), 60) for t, (_, r) in
                       zip(top["touchpoint"], top.iterrows())],
        "Stage": [_clip(v, 40) for v in top["stage"].astype("object").fillna("")],
        "n": [f"{int(v):,}" for v in top["n"]],
        "Friction [95%]": [f"{f:.0f}% [{lo:.0f}–{hi:.0f}]" for f, lo, hi in
                           zip(top["friction"], top["friction_low"], top["friction_high"])],
    })
    if order == "affected_rank":
        table["Hurt / month (at least)"] = [f"{a:,.0f} ({lo:,.0f})" for a, lo in zip(top["affected"], top["affected_low"])]
    footer = Footer(f"n = {int(ranked['n'].sum()):,} answers", filters_text(None), formula)
    first = top.iloc[0]
    lead = (f"Biggest hotspot: {first['touchpoint']} ({first['stage']}), friction {first['friction']:.0f}% "
            f"(at least {first['friction_low']:.0f}%) from {int(first['n']):,} answers.")
    out = [Section("hotspots", "Top friction hotspots", footer, lead=lead, table=table, data={"spots": spots})]
    seen: list[str] = []
    changes = _friction_changes(ds, view)
    for _, row in top.iterrows():
        if len(seen) >= HOTSPOT_DETAILS:
            break
        if str(row["touchpoint"]) in seen:
            continue
        seen.append(str(row["touchpoint"]))
        out.append(_hotspot_detail(ds, row, view, formula, len(seen), changes))
    return out


def _friction_changes(ds: Dataset, view: ReportView) -> pd.DataFrame:
    """Each touchpoint's friction in the latest 90 days vs the 90 before (friction.friction_change), as the
    Friction hotspots page's "Rising and falling" shows it; empty without dates or enough answers."""
    periods_ = periods.latest_periods(ds)
    if periods_ is None:
        return pd.DataFrame(columns=friction.CHANGE_COLUMNS)
    now, before = periods_
    return friction.friction_change(ds, now, before, weights=view.weights, min_n=view.hotspot_min_n)


def _hotspot_detail(ds: Dataset, row: pd.Series, view: ReportView, formula: str, number: int,
                    changes: pd.DataFrame) -> Section:
    touchpoint = str(row["touchpoint"])
    drivers = friction.hotspot_drivers(row, view.weights)
    facts = [f"{d['label']}: {d['value']:.0f}% of answers ({d['contribution']:.1f} points)"
             for _, d in drivers.head(3).iterrows()]
    segment_col = next((c for c in ("persona", "channel") if c in ds.segment_columns), None)
    if segment_col:
        worst = friction.worst_segment(ds, touchpoint, segment_col, view.hotspot_min_n, view.weights)
        if worst is not None:
            facts.append(f"Worst {journey.column_label(segment_col).lower()}: {worst[segment_col]}, friction "
                         f"{worst['friction']:.0f}% from {int(worst['n']):,} answers")
    change = changes[(changes["touchpoint"] == touchpoint) & ~changes["too_few"].astype(bool)]
    if not change.empty:
        c = change.iloc[0]
        # significance is judged across all touchpoints (Benjamini-Hochberg), as on the hotspots page
        verdict = "significant" if c["significant"] else "not significant"
        facts.append("Latest 90 days vs the 90 before: " + periods.describe_change(
            "friction", c["friction_before"], c["friction_now"], c["diff"], c["ci_low"], c["ci_high"],
            int(c["n_before"]), int(c["n_now"])).rstrip(".") + f"; {verdict} across all touchpoints.")
    quotes = friction.sample_verbatims(ds, touchpoint, n=VERBATIMS)
    verbatims = [_clip(q, VERBATIM_CHARS) for q in quotes["comment"]] if not quotes.empty else []
    lead = (f"{touchpoint} ({row['stage']}): friction {row['friction']:.0f}% "
            f"[{row['friction_low']:.0f}–{row['friction_high']:.0f}] from {int(row['n']):,} answers.")
    return Section("hotspot", f"Hotspot {number}: {_clip(touchpoint, 45)}",
                   Footer(f"n = {int(row['n']):,} answers", filters_text(None), formula), lead=lead,
                   data={"facts": facts, "verbatims": verbatims, "drivers": drivers})


def matrix_sections(ds: Dataset, view: ReportView, backlog: pd.DataFrame | None) -> list[Section]:
    scales = osc.scales_for(ds.recipe.opportunity_scales)
    if backlog is None:
        backlog = bl.from_sheet(ds.opportunities) if not ds.opportunities.empty else pd.DataFrame()
    if backlog.empty:
        return []
    ranked = pr.prioritise(backlog, "value_effort", {"customer": view.customer_weight, "goal": view.goal_weight},
                           view.value_threshold, view.effort_threshold, scales=scales)
    plotted = ranked[ranked["value"].notna() & ranked["effort"].notna()]
    if plotted.empty:
        return []
    vt, et = pr.thresholds(ranked["value"], ranked["effort"], view.value_threshold, view.effort_threshold)
    v_scale, e_scale = osc.value_scale(scales), scales["effort"]
    lines = "medians" if (view.value_threshold, view.effort_threshold) == (None, None) else "chosen values"
    footer = Footer(f"n = {len(plotted):,} scored opportunities", "none",
                    f"Value = customer value × {view.customer_weight:g} + business value × "
                    f"{1 - view.customer_weight:g}; quadrant lines at the {lines}")
    counts = plotted["quadrant"].value_counts()
    lead = " · ".join(f"{counts.get(q, 0)} {q.lower()}{'s' if counts.get(q, 0) != 1 else ''}" for q in pr.QUADRANTS)
    plotted = plotted.reset_index(drop=True)
    keys = matrix_keys(plotted)
    rows, labelled = [], []
    for q in pr.QUADRANTS:
        items = plotted[plotted["quadrant"] == q].assign(key=keys).sort_values("key", kind="stable")
        for i, (idx, r) in enumerate(items.head(TOP_PER_QUADRANT).iterrows()):
            labelled.append(idx)
            rows.append({"Quadrant": q if i == 0 else "", "#": str(int(r["key"])),
                         "Opportunity": _clip(r["opportunity"], 55),
                         "Value": v_scale.format(r["value"]), "Effort": e_scale.format(r["effort"])})
    matrix = Section("matrix", "Opportunity matrix: value × effort", footer, lead=lead,
                     data={"ranked": plotted, "keys": keys, "labelled": labelled, "vt": vt, "et": et,
                           "v_scale": v_scale, "e_scale": e_scale})
    top = Section("quadrants", "Top items per quadrant", footer,
                  lead=f"Up to {TOP_PER_QUADRANT} per quadrant, highest value first; # = the number on the matrix.",
                  table=pd.DataFrame(rows))
    return [matrix, top]


def maturity_sections(ds: Dataset, answers: pd.DataFrame | None, model=None) -> list[Section]:
    import cxlens

    answers = ds.maturity if answers is None else answers
    if answers is None or answers.empty:
        return []
    try:
        result = cxlens.maturity_scores(answers, model)
    except ValueError:  # MaturityError: no usable answer; the Maturity page says why
        return []
    recs = cxlens.recommend(result, model, dataset=ds, top=3)
    footer = Footer(f"n = {result.n_raters:,} raters", "none",
                    "Dimension score = mean of the raters' statement means; overall = weighted mean (docs/maturity.md)")
    dims = result.dimensions
    radar = Section("maturity", f"CX maturity: {result.stage}", footer, lead=result.headline(),
                    data={"result": result, "dimensions": dims, "scale_max": float(result.model.scale_max),
                          "scale_min": float(getattr(result.model, "scale_min", 1) or 1)})
    evidence = [_clip(e, 200) for e in recs["evidence"] if isinstance(e, str) and e]
    table = pd.DataFrame({"Dimension": dims["dimension"].astype(str).to_numpy(),
                          "Score": [_num(v) for v in dims["score"]], "Target": [_num(v) for v in dims["target"]],
                          "Gap": [_num(v) for v in dims["gap"]], "Raters (spread)": [
                              f"{int(n)} ({_num(sp)})" for n, sp in zip(dims["n_raters"], dims["spread"])],
                          "Note": ["floor" if f else ("raters disagree" if d else "")
                                   for f, d in zip(dims["floor"], dims["disagreement"])]})
    scores = Section("dimensions", "Maturity by dimension", footer,
                     lead="Floor: the weakest dimension, which holds the rest back. Spread: the raters' standard deviation.",
                     table=table)
    table = pd.DataFrame({"#": [str(int(r)) for r in recs["rank"]], "Project": [_clip(p, 90) for p in recs["project"]],
                          "Dimension": recs["dimension"].astype(str).to_numpy(),
                          "Why": [_clip(w, 160) for w in recs["why"]]})
    projects = Section("projects", "Recommended next projects", footer,
                       lead="Weakest dimension first: " + ", ".join(result.floor_dimensions) + ".", table=table,
                       data={"evidence": evidence})
    return [radar, scores, projects]


def workshop_section(workshop: dict | None) -> Section | None:
    """``workshop``: {"name", "mode", "results" (anonymised round results), "date"}; see components."""
    from .. import workshop as wk

    if not workshop or workshop.get("results") is None or workshop["results"].empty:
        return None
    results, mode = wk.anonymise(workshop["results"]), workshop.get("mode", "score")
    table = wk.consensus_table(results, mode)
    if mode == "dots":
        shown = pd.DataFrame({"Opportunity": [_clip(o, 70) for o in table["Opportunity"]],
                              "Dots": [wk.fmt(d, 0) for d in table["Dots"]], "People": table["People"].astype(str)})
        formula = "Dots = dots given to the item; totals shown from the anonymity minimum of voters"
    else:
        shown = pd.DataFrame({"Opportunity": [_clip(o, 70) for o in table["Opportunity"]],
                              "Value": [wk.fmt(v) for v in table["Value"]], "Effort": [wk.fmt(v) for v in table["Effort"]],
                              "Spread (sd)": [wk.fmt(v) for v in table["Spread"]],
                              "Votes": table["Votes"].astype(int).astype(str)})
        formula = "Mean of the room's votes (1-10); spread = the larger standard deviation; shown from the anonymity minimum"
    voters = int(results.attrs.get("voter_count", results.get("voter_count", pd.Series([0])).max() or 0))
    return Section("workshop", f"Workshop: {_clip(workshop.get('name', ''), 60)}",
                   Footer(f"n = {voters:,} voters", "none", formula),
                   lead="Biggest disagreement first: discuss these before acting on the average."
                   if mode != "dots" else "Most dots first.", table=shown.head(8))


def gather(ds: Dataset, view: ReportView | None = None, *, label: str = "the loaded data",
           backlog: pd.DataFrame | None = None, maturity_answers: pd.DataFrame | None = None,
           maturity_model=None, workshop: dict | None = None) -> Report:
    """Every section a deck and a report show, in order; sections without data are left out.

    ``backlog``: the opportunity backlog as the page shows it (stored edits applied; default the data's
    Opportunities sheet); ``maturity_answers`` and ``maturity_model``: the assessment's (default the data's
    Maturity sheet and the default model); ``workshop``: a workshop's anonymised results (see
    :func:`workshop_section`).
    """
    view = view or ReportView()
    sections = [title_section(ds, label, view)]
    if not ds.feedback.empty:
        sections += [s for s in (kpi_section(ds), heatmap_section(ds, view)) if s is not None]
        sections += hotspot_sections(ds, view)
    sections += matrix_sections(ds, view, backlog)
    sections += maturity_sections(ds, maturity_answers, maturity_model)
    w = workshop_section(workshop)
    if w is not None:
        sections.append(w)
    title = sections[0].title
    return Report(title, sections[0].lead, sections, dt.date.today())
