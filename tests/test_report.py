"""Deck and HTML report (issue 18): the .pptx opened with python-pptx, the HTML parsed, on a small hand-made
dataset whose numbers are worked out by hand; user text stays inert in both."""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd
import pytest

import cxlens
from cxlens import backlog as bl
from cxlens.report import ReportView, gather

pptx = pytest.importorskip("pptx", reason="python-pptx is in requirements.txt")
from pptx import Presentation  # noqa: E402
from pptx.enum.chart import XL_CHART_TYPE  # noqa: E402

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x.test","click")'


def _feedback_csv() -> bytes:
    """Sign-up (Onboarding) and the <script> touchpoint (Billing), personas A and B, CSAT on 1-5.

    Sign-up x A: 40 answers, 30 top-2 (75%); Sign-up x B: 40, 20 top-2 (50%); script x A: 40, 10 top-2 (25%);
    script x B: 10, 5 top-2. Overall 65 / 130 = 50%. Bottom-two-box (friction): Sign-up 30 of 80 = 37.5%,
    script 35 of 50 = 70%. The script touchpoint's unhappy answers under A carry the formula as comment.
    """
    lines = ["Date,Stage,Touchpoint,Persona,CSAT (1-5),Comment"]
    cells = [("Onboarding", "Sign-up", "A", 40, 30), ("Onboarding", "Sign-up", "B", 40, 20),
             ("Billing", SCRIPT, "A", 40, 10), ("Billing", SCRIPT, "B", 10, 5)]
    for stage, tp, persona, n, good in cells:
        for i in range(n):
            day = pd.Timestamp("2025-01-01") + pd.Timedelta(days=(i * 4) % 180)
            score = 5 if i < good else 1
            comment = '"=HYPERLINK(""http://x.test"",""click"")"' if tp == SCRIPT and persona == "A" and score == 1 \
                else ""
            lines.append(f"{day:%Y-%m-%d},{stage},{tp},{persona},{score},{comment}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def small():
    return cxlens.load(_feedback_csv(), filename="small.csv")


@pytest.fixture(scope="module")
def backlog():
    """One item per quadrant: values 9, 8, 3, 2 (median 5.5), efforts 2, 9, 1, 8 (median 5)."""
    frame = pd.DataFrame({"opportunity": ["Quick fix", "Big project", "Small tweak", FORMULA],
                          "customer_value": [9, 8, 3, 2], "business_value": [9, 8, 3, 2], "effort": [2, 9, 1, 8]})
    return bl.from_sheet(frame)


@pytest.fixture(scope="module")
def maturity_answers(sample_dataset):
    return sample_dataset.maturity


@pytest.fixture(scope="module")
def deck(small, backlog, maturity_answers):
    data = cxlens.deck(small, label="Small test", backlog=backlog, maturity_answers=maturity_answers)
    return Presentation(io.BytesIO(data)), data


def _texts(slide) -> list[str]:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
    return out


def _named(slide, name: str) -> str:
    (shape,) = [s for s in slide.shapes if s.name == name]
    return shape.text_frame.text


def _title(slide) -> str:
    return _named(slide, "Title")


def _table(slide) -> list[list[str]]:
    (shape,) = [s for s in slide.shapes if s.has_table]
    return [[c.text for c in row.cells] for row in shape.table.rows]


def _slide(prs, title: str):
    (slide,) = [s for s in prs.slides if _title(s) == title]
    return slide


def test_deck_has_every_section_in_order(deck):
    prs, _ = deck
    assert [_title(s) for s in prs.slides] == [
        "CX Lens: Small test", "Headline KPIs", "Journey heatmap: CSAT (% top-2-box)", "Top friction hotspots",
        f"Hotspot 1: {SCRIPT}", "Hotspot 2: Sign-up", "Opportunity matrix: value × effort", "Top items per quadrant",
        f"CX maturity: {cxlens.maturity_scores(cxlens.load(_sample_path()).maturity).stage}",
        "Maturity by dimension", "Recommended next projects"]


def _sample_path():
    from .conftest import SAMPLE_XLSX

    return SAMPLE_XLSX


def test_heatmap_is_a_coloured_table_with_the_hand_computed_cells(deck, small):
    prs, _ = deck
    rows = _table(_slide(prs, "Journey heatmap: CSAT (% top-2-box)"))
    assert rows == [["Stage", "A", "B"],
                    ["Onboarding", "75% ▲ n=40", "50% n=40"],
                    ["Billing", "25% ▼ n=40", "too few n=10"]]
    cells = cxlens.journey_heatmap(small, rows="stage", cols="persona", metric="csat")
    assert sorted(cells["value"].round(6)) == [25.0, 50.0, 50.0, 75.0]  # the public function agrees
    shape = [s for s in _slide(prs, "Journey heatmap: CSAT (% top-2-box)").shapes if s.has_table][0]
    fill = {(i, j): str(shape.table.cell(i, j).fill.fore_color.rgb) for i in (1, 2) for j in (1, 2)}
    # overall 50%: 75% is the darkest purple of the PuOr scale, 25% the darkest orange, 50% the white middle
    assert (fill[1, 1], fill[2, 1], fill[1, 2], fill[2, 2]) == ("542788", "B35806", "F7F7F7", "D4D7DC")


def test_kpis_and_hotspots_match_the_public_functions(deck, small):
    prs, _ = deck
    kpis = {r[0]: r for r in _table(_slide(prs, "Headline KPIs"))[1:]}
    assert kpis["CSAT"][1:3] == ["50%", "130"]
    assert kpis["Responses"][1] == "130"
    end = small.feedback["date"].max().normalize()
    change = cxlens.compare_periods(small, "csat", (end - pd.Timedelta(days=89), end)).iloc[0]
    assert kpis["CSAT"][5].startswith(f"{change['diff']:+.0f} pts [")
    spots = _table(_slide(prs, "Top friction hotspots"))
    assert spots[0] == ["#", "Touchpoint", "Stage", "n", "Friction [95%]"]
    ranked = cxlens.friction_hotspots(small)
    assert [r[1] for r in spots[1:]] == [SCRIPT, "Sign-up"] == ranked["touchpoint"].astype(str).tolist()
    assert spots[1][3:] == ["50", f"70% [{ranked['friction_low'][0]:.0f}–{ranked['friction_high'][0]:.0f}]"]
    assert spots[2][4].startswith("38% [")  # 30 of 80 = 37.5%
    detail = "\n".join(_texts(_slide(prs, f"Hotspot 1: {SCRIPT}")))
    assert f"“{FORMULA}”" in detail  # the verbatim, as plain text


def test_matrix_is_a_native_xy_scatter_with_one_series_per_quadrant(deck):
    prs, _ = deck
    slide = _slide(prs, "Opportunity matrix: value × effort")
    (chart,) = [s.chart for s in slide.shapes if s.has_chart]
    assert chart.chart_type == XL_CHART_TYPE.XY_SCATTER
    series = {s.name: (list(s.iter_values()), list(s._element.xpath("./c:xVal//c:v/text()"))) for s in
              chart.plots[0].series}
    assert series["Quick win"] == ([9.0], ["2.0"])
    assert series["Big bet"] == ([8.0], ["9.0"])
    assert series["Fill-in"] == ([3.0], ["1.0"])
    assert series["Money pit"] == ([2.0], ["8.0"])
    assert series["Value line"][0] == [5.5, 5.5] and series["Effort line"][1] == ["5.0", "5.0"]
    top = _table(_slide(prs, "Top items per quadrant"))
    assert top[1:] == [["Quick win", "1", "Quick fix", "9", "2"], ["Big bet", "2", "Big project", "8", "9"],
                       ["Fill-in", "3", "Small tweak", "3", "1"], ["Money pit", "4", FORMULA, "2", "8"]]


def test_maturity_is_a_native_radar_with_the_scores(deck, small, maturity_answers):
    prs, _ = deck
    result = cxlens.maturity_scores(maturity_answers)
    slide = _slide(prs, f"CX maturity: {result.stage}")
    (chart,) = [s.chart for s in slide.shapes if s.has_chart]
    assert chart.chart_type == XL_CHART_TYPE.RADAR_MARKERS
    score = chart.plots[0].series[0]
    assert score.name == "Score"
    assert list(score.values) == pytest.approx(result.dimensions["score"].tolist())
    assert list(chart.plots[0].categories) == result.dimensions["dimension"].tolist()
    dims = _table(_slide(prs, "Maturity by dimension"))
    assert dims[0] == ["Dimension", "Score", "Target", "Gap", "Raters (spread)", "Note"]
    assert [(r[0], r[1]) for r in dims[1:]] == [(d, f"{v:.2f}") for d, v in
                                                 zip(result.dimensions["dimension"], result.dimensions["score"])]
    floor = [r[0] for r in dims[1:] if r[5] == "floor"]
    assert floor == result.floor_dimensions
    projects = _table(_slide(prs, "Recommended next projects"))
    recs = cxlens.recommend(result, dataset=small)
    assert projects[0] == ["#", "Project", "Dimension"]
    assert [r[1:] for r in projects[1:]] == [[p, d] for p, d in zip(recs["project"], recs["dimension"])]


def test_every_slide_has_a_footer_with_n_filters_and_formula_and_no_text_under_18pt(deck):
    prs, data = deck
    for slide in prs.slides:
        footer = _named(slide, "Footer")
        assert re.match(r"n = [\d,]+ \w+", footer) and "· Filters: " in footer, footer
        assert len(footer.split("\n")) == 2 and footer.split("\n")[1]  # the formula line
        assert "…" not in footer  # whole: each line fits one line at 18 pt
    sizes = set()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if re.match(r"ppt/(slides/slide|charts/chart)\d+\.xml", name):
                sizes |= {int(v) for v in re.findall(r'\bsz="(\d+)"', z.read(name).decode())}
    assert sizes and min(sizes) >= 1800, sorted(sizes)


def test_footer_names_the_filters_of_the_view(small):
    report = gather(small, ReportView(filters={"persona": ["A"], "date_from": "2025-02-01"}))
    heat = [s for s in report.sections if s.kind == "heatmap"][0]
    assert heat.footer.filters == "Persona: A; from 01 Feb 2025"
    assert heat.footer.n == "n = 64 answers"  # persona A from 1 Feb (day 31): i = 8..39 in both cells, 2 x 32
    fb = small.feedback
    assert int(((fb["persona"] == "A") & (fb["date"] >= "2025-02-01")).sum()) == 64


def test_user_text_is_plain_text_in_the_pptx(deck):
    prs, data = deck
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        slides = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("ppt/slides/slide"))
        workbooks = [n for n in z.namelist() if n.endswith(".xlsx")]
        embedded = [z.read(n) for n in workbooks]
    assert "<script>" not in slides and "&lt;script&gt;alert(1)&lt;/script&gt;" in slides  # XML text, escaped
    assert "hlinkClick" not in slides and "<a:fld" not in slides  # no hyperlink or field was made of it
    assert "=HYPERLINK(&quot;http://x.test&quot;" in slides or '=HYPERLINK("http://x.test"' in slides
    import openpyxl

    for blob in embedded:  # a chart's data: no cell is a formula
        wb = openpyxl.load_workbook(io.BytesIO(blob))
        assert not [c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_radar_categories_starting_with_formula_characters_are_neutralised(maturity_answers):
    answers = maturity_answers.copy()
    first = str(answers["dimension"].iloc[0])
    model = cxlens.maturity_scores(answers).model
    from dataclasses import replace

    dims = tuple(replace(d, name="=" + d.name) if d.name == first else d for d in model.dimensions)
    answers["dimension"] = answers["dimension"].astype(str).replace(first, "=" + first)
    data = cxlens.deck(cxlens.load(_feedback_csv(), filename="s.csv"), maturity_answers=answers,
                       maturity_model=replace(model, dimensions=dims))
    prs = Presentation(io.BytesIO(data))
    (chart,) = [s.chart for s in prs.slides for s in s.shapes if s.has_chart]
    assert chart.plots[0].categories[0] == "'=" + first
    import openpyxl

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        (name,) = [n for n in z.namelist() if n.endswith(".xlsx")]
        ws = openpyxl.load_workbook(io.BytesIO(z.read(name))).active
    assert ws["A2"].value == "'=" + first and ws["A2"].data_type == "s"


def test_html_report_is_self_contained_and_escapes_user_text(small, backlog, maturity_answers):
    page = cxlens.html_report(small, label="Small test", backlog=backlog, maturity_answers=maturity_answers)
    assert page.startswith("<!DOCTYPE html>")
    tags = re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", page, flags=re.I)
    assert not [t for t in tags if re.search(r"\b(?:src|href)\s*=", t, flags=re.I)], tags
    assert SCRIPT not in page and "alert(1)</" not in page  # never as markup (plotly's JSON writes \\u003c)
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>" in page
    assert "“=HYPERLINK(&quot;http://x.test&quot;,&quot;click&quot;)”" in page
    assert page.count("Plotly.newPlot") == 4  # heatmap, hotspots, matrix, radar
    assert page.count("<section") == 10 and "@media print" in page
    for title in ("Headline KPIs", "Top friction hotspots", "Top items per quadrant", "Recommended next projects"):
        assert f"<h2>{title}</h2>" in page


def test_sections_without_data_are_left_out(small):
    report = gather(small)  # no opportunities, no maturity answers, no workshop
    assert [s.kind for s in report.sections] == ["title", "kpis", "heatmap", "hotspots", "hotspot", "hotspot"]


def test_workshop_results_get_a_slide(small):
    results = pd.DataFrame({
        "round": 1, "opportunity_id": ["a", "a", "b", "b"], "name": ["Alpha", "Alpha", FORMULA, FORMULA],
        "criterion": ["value", "effort"] * 2, "n": [4, 4, 3, 3], "mean": [8.0, 3.0, 5.0, 6.0],
        "median": [8.0, 3.0, 5.0, 6.0], "std": [1.0, 0.5, 2.0, 1.5], "min": [7.0, 2.0, 3.0, 4.0],
        "max": [9.0, 4.0, 7.0, 8.0], "spread": [1.0, 0.5, 2.0, 1.5], "total": [32.0, 12.0, 15.0, 18.0],
        "participant_count": 5, "voter_count": 4, "progress": 0.8})
    data = cxlens.deck(small, workshop={"name": "Q3 planning", "mode": "score", "results": results})
    prs = Presentation(io.BytesIO(data))
    rows = _table(_slide(prs, "Workshop: Q3 planning"))
    # anonymised as everywhere (3 votes: mean shown, sd hidden, it needs 4), so Alpha's spread leads
    assert rows == [["Opportunity", "Value", "Effort", "Spread (sd)", "Votes"],
                    ["Alpha", "8.0", "3.0", "1.0", "4"], [FORMULA, "5.0", "6.0", "–", "3"]]


def test_view_settings_are_checked_against_the_data(small):
    with pytest.raises(TypeError):
        cxlens.deck(small, ReportView(), metric="csat")
    report = gather(small, ReportView(metric="no_such_metric", cols="no_such_column"))
    heat = [s for s in report.sections if s.kind == "heatmap"][0]
    assert heat.data["cols"] == "Persona"  # the page's default instead of a column the data lacks


@pytest.mark.datasets
def test_deck_of_the_airline_file_shows_its_touchpoints(shared_datasets):
    """The issue's real file: no stages assigned (one 'Unassigned' stage), so the heatmap rows are the
    14 touchpoints, continued on a second slide; the worst hotspot is in-flight wifi (as on the page)."""
    ds = cxlens.load(shared_datasets / "airline_passenger_satisfaction_test.csv")
    prs = Presentation(io.BytesIO(cxlens.deck(ds, label="Airline")))
    titles = [_title(s) for s in prs.slides]
    heat = [s for s in prs.slides if _title(s).startswith("Journey heatmap: CSAT")]
    rows = [r[0] for s in heat for r in _table(s)[1:]]
    assert len(rows) == 14 and rows[0] == "Inflight wifi service"
    assert titles[titles.index("Top friction hotspots") + 1] == "Hotspot 1: Inflight wifi service"
    assert cxlens.friction_hotspots(ds)["touchpoint"].iloc[0] == "Inflight wifi service"


def test_hotspot_slides_state_the_change_the_hotspots_page_shows(sample_dataset):
    """The deck's change sentence is friction.friction_change's row for the touchpoint (latest 90 days vs the
    90 before), with its significance across all touchpoints, not a second calculation."""
    from cxlens import friction, periods
    from cxlens.report import ReportView, content

    sections = content.hotspot_sections(sample_dataset, ReportView())
    now, before = periods.latest_periods(sample_dataset)
    changes = friction.friction_change(sample_dataset, now, before)
    detail = sections[1]
    touchpoint = detail.title.removeprefix("Hotspot 1: ")
    row = changes[changes["touchpoint"] == touchpoint].iloc[0]
    fact = next(f for f in detail.data["facts"] if f.startswith("Latest 90 days"))
    assert f"from {row['friction_before']:.0f}% to {row['friction_now']:.0f}%" in fact
    assert f"n = {int(row['n_before'])} → {int(row['n_now'])}" in fact
    assert fact.endswith(("; significant across all touchpoints.", "; not significant across all touchpoints."))
    assert ("; significant" in fact) == bool(row["significant"])
