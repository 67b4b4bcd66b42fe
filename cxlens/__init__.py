"""CX Lens core: load customer-experience spreadsheets and turn them into decisions.

Pure Python (pandas, plotly); never imports streamlit, so every function here
works the same in a notebook. Public API::

    import cxlens
    ds = cxlens.load("export.xlsx")        # -> cxlens.Dataset
    ds.feedback, ds.touchpoints, ds.opportunities, ds.maturity, ds.problems, ds.recipe
"""

from .errors import DataError
from .loader import Dataset, Recipe, load

__all__ = ["DataError", "Dataset", "Recipe", "load"]
__version__ = "0.1.0"
