"""Decks and reports of the current data and views (issue 18): ``cxlens.deck`` and ``cxlens.html_report``.

:mod:`.content` gathers the sections from the public analyses; :mod:`.slides` renders them as an
editable PowerPoint deck (python-pptx), :mod:`.webpage` as one self-contained HTML file.
"""

from __future__ import annotations

import pandas as pd

from ..dataset import Dataset
from .content import Report, ReportView, gather

__all__ = ["Report", "ReportView", "deck", "gather", "html_report"]


def _report(ds: Dataset, view: ReportView | None, settings: dict, extras: dict) -> Report:
    if view is None:
        view = ReportView(**settings)
    elif settings:
        raise TypeError("pass either view=ReportView(...) or the settings as keywords, not both")
    return gather(ds, view, **extras)


def deck(ds: Dataset, view: ReportView | None = None, *, label: str = "the loaded data",
         backlog: pd.DataFrame | None = None, maturity_answers: pd.DataFrame | None = None,
         maturity_model=None, workshop: dict | None = None, **settings) -> bytes:
    """An editable PowerPoint deck (.pptx bytes) of ``ds`` with the view settings the pages use.

    ``view`` or the keywords of :class:`ReportView` (metric, rows, cols, min_n, filters, hotspot_by,
    weights, customer_weight, ...); ``label`` names the data on the title slide; ``backlog``,
    ``maturity_answers``, ``maturity_model`` and ``workshop`` as in :func:`gather`. Slides: title, headline
    KPIs with their change, the journey heatmap (a coloured table), top hotspots and their evidence, the
    opportunity matrix (a native scatter chart) and its top items, the maturity radar and next projects,
    workshop results; sections the data cannot fill are left out.
    """
    from .slides import render

    return render(_report(ds, view, settings, dict(label=label, backlog=backlog, maturity_answers=maturity_answers,
                                                   maturity_model=maturity_model, workshop=workshop)))


def html_report(ds: Dataset, view: ReportView | None = None, *, label: str = "the loaded data",
                backlog: pd.DataFrame | None = None, maturity_answers: pd.DataFrame | None = None,
                maturity_model=None, workshop: dict | None = None, **settings) -> str:
    """The same content as :func:`deck` as one self-contained, printable HTML page (plotly inline, no network)."""
    from .webpage import render

    return render(_report(ds, view, settings, dict(label=label, backlog=backlog, maturity_answers=maturity_answers,
                                                   maturity_model=maturity_model, workshop=workshop)))
