"""CX Lens core: load customer-experience spreadsheets and turn them into decisions.

Pure Python (pandas, plotly); never imports streamlit, so every function here
works the same in a notebook. Public API::

    import cxlens
    ds = cxlens.load("export.xlsx")        # -> cxlens.Dataset
    ds.feedback, ds.touchpoints, ds.opportunities, ds.maturity, ds.problems, ds.recipe, ds.aggregates

    cxlens.journey_heatmap(ds, rows="stage", cols="persona", metric="nps")   # one row per cell
    cxlens.journey_curve(ds, by="persona", metric="csat")                   # one row per stage x segment
    cxlens.friction_hotspots(ds)                                            # touchpoints ranked by friction
    cxlens.prioritise(ds.opportunities, method="rice")                      # scores, ranks, quadrants
    cxlens.compare_methods(ds.opportunities)                                 # rank per framework
    result = cxlens.maturity_scores(ds.maturity)                            # dimension scores, stage
    cxlens.recommend(result, dataset=ds)                                    # next projects with evidence
    cxlens.compare_periods(ds, "csat", ("2025-04-01", "2025-06-30"))       # this quarter vs the last
    cxlens.change_grid(ds, "stage", "persona", "csat", now, before)        # the change per heatmap cell
    cxlens.published_ranking(ds.aggregates, "Hospital overall rating")      # published results, ranked
    cxlens.deck(ds, metric="nps", cols="channel")                           # an editable .pptx (bytes)
    cxlens.html_report(ds)                                                   # the same as one HTML page
    cxlens.theme_impact(ds, metric="nps")                                   # comment themes ranked by impact
    cxlens.key_drivers(ds, "satisfaction")                                  # what drives an outcome (share of R²)

Each function's docstring states its inputs, outputs, units and ranges (formulas:
docs/metrics.md, docs/prioritisation.md, docs/maturity.md). The analysis functions are
imported on first use, so ``import cxlens`` stays quick.
"""

from importlib import import_module

from .errors import DataError
from .loader import Dataset, Recipe, load

#: Public analysis functions: name -> (module, attribute), imported on first use.
_ANALYSIS = {
    "journey_heatmap": ("journey", "journey_heatmap"),
    "journey_curve": ("journey", "journey_curve"),
    "available_metrics": ("journey", "available_metrics"),
    "metric_overall": ("journey", "metric_overall"),
    "friction_hotspots": ("friction", "friction_hotspots"),
    "prioritise": ("prioritisation", "prioritise"),
    "compare_methods": ("prioritisation", "compare_methods"),
    "maturity_scores": ("maturity", "maturity_scores"),
    "recommend": ("maturity", "recommend"),
    "compare_periods": ("periods", "compare_periods"),
    "change_grid": ("periods", "change_grid"),
    "published_ranking": ("aggregates", "ranking"),
    "published_matrix": ("aggregates", "matrix"),
    "deck": ("report", "deck"),
    "html_report": ("report", "html_report"),
    "theme_impact": ("theme_effects", "theme_impact"),
    "key_drivers": ("drivers", "key_drivers"),
}

__all__ = ["DataError", "Dataset", "Recipe", "load", *_ANALYSIS]
__version__ = "0.1.0"


def __getattr__(name: str):
    if name in _ANALYSIS:
        module, attribute = _ANALYSIS[name]
        value = getattr(import_module(f".{module}", __name__), attribute)
        globals()[name] = value  # later lookups skip this function
        return value
    raise AttributeError(f"module 'cxlens' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_ANALYSIS))
