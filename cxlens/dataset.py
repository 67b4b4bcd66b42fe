"""The core types every part of CX Lens shares: :class:`Dataset` (what a load produced) and
:class:`Recipe` (everything inferred while loading, editable and re-usable).

Apart from the loading pipeline (cxlens/loader.py), so an analysis module needs only these types,
not the loader. Pure: no Streamlit.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

import pandas as pd

from . import aggregates, cleaning
from .errors import DataError
from .schema import column_names

RECIPE_VERSION = 1
#: The stage of touchpoints no data or catalogue places in the journey.
UNASSIGNED_STAGE = "Unassigned"


@dataclass
class Recipe:
    """Everything inferred while loading, in a form the user can edit and re-use.

    Keys of ``tables`` are "file::sheet" for workbooks and "file" for text files,
    but a table entry also applies to a file of another name with the same sheet
    name, so next month's export loads with this month's recipe.
    """

    version: int = RECIPE_VERSION
    #: per table: {"use", "table", "layout", "columns": {header: canonical|""}, "wide_metric", "value_columns",
    #:             "issue_column", "product_column", "format", "encoding", "delimiter", "decimal"}
    tables: dict[str, dict] = field(default_factory=dict)
    #: per metric: {"min", "max", "na_values", "higher_is_better", "column" (the header it was read from)}
    scales: dict[str, dict] = field(default_factory=dict)
    #: touchpoint -> stage, for data without stages (or to correct them)
    stage_map: dict[str, str] = field(default_factory=dict)
    #: stages in journey order
    stage_order: list[str] = field(default_factory=list)
    na_codes: list[str] = field(default_factory=lambda: list(cleaning.DEFAULT_NA_CODES))
    date_format: str | None = None
    #: per scored opportunity field: {"min", "max", "words"?}, detected at each load
    #: (cxlens.opportunity_scales; fields absent from the data are filled by its rule)
    opportunity_scales: dict[str, dict] = field(default_factory=dict)
    #: labels merged by the user, per column header: {header: {label: merged label}} (cxlens.value_merges)
    value_map: dict[str, dict[str, str]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False, default=str)

    @classmethod
    def from_json(cls, text: str | bytes) -> "Recipe":
        try:
            data = json.loads(text)
        except (ValueError, TypeError) as exc:
            raise DataError("The import recipe is not valid JSON. Download it again from the Import page.") from exc
        if not isinstance(data, dict) or data.get("version") != RECIPE_VERSION:
            raise DataError("This import recipe was made by another version of CX Lens or is not a recipe file.")
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})

    def table_settings(self, key: str, sheet: str, *, fallback: bool = True) -> dict:
        """The settings for table ``key``: its own entry, else (with ``fallback``) the entry of a
        sheet of the same name in another workbook, or the only entry of a one-CSV recipe."""
        if key in self.tables:
            return self.tables[key]
        if not fallback:
            return {}
        if sheet:
            for k, v in self.tables.items():
                if k.split("::", 1)[-1] == sheet:
                    return v
        elif len(self.tables) == 1:
            # a single-table recipe applies to the next text export whatever its file name
            only = next(iter(self.tables.values()))
            if "::" not in next(iter(self.tables)):
                return only
        return {}


@dataclass
class Dataset:
    """The canonical tables, the quality report and the recipe that produced them."""

    feedback: pd.DataFrame
    touchpoints: pd.DataFrame
    opportunities: pd.DataFrame
    maturity: pd.DataFrame
    problems: pd.DataFrame
    recipe: Recipe
    #: one row per file/sheet read: what was detected and how many rows were used
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)
    strategy: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: published results, one row per entity x measure (see cxlens.aggregates)
    aggregates: pd.DataFrame = field(default_factory=aggregates.empty_frame)

    @property
    def segment_columns(self) -> list[str]:
        """Columns of ``feedback`` that split customers into groups (persona, channel, and extra ones)."""
        out = [c for c in ("persona", "channel") if self.feedback[c].notna().any()]
        canon = set(column_names("feedback")) | {"source_file", "source_row", "source_sheet"}
        for c in self.feedback.columns:
            if c not in canon and isinstance(self.feedback[c].dtype, pd.CategoricalDtype):
                out.append(c)
        return out

    @property
    def metrics(self) -> list[str]:
        """Canonical metrics that have at least one value."""
        return [m for m in ("csat", "nps", "ces", "rating", "sentiment", "complaint", "abandoned")
                if self.feedback[m].notna().any()]

    @property
    def questions(self) -> list[dict]:
        """What the load could not decide and asks the user (Import page), each with its table ``key``.

        A question's ``kind`` is "columns" (choose several of ``options``) or "column" (choose one or
        none); ``suggested`` is the loader's best guess, applied only once the user confirms it.
        """
        return [{**q, "key": key} for key, settings in self.recipe.tables.items() if settings.get("use")
                for q in settings.get("questions", [])]

    @property
    def stages(self) -> list[str]:
        cat = self.feedback["stage"]
        if isinstance(cat.dtype, pd.CategoricalDtype):
            return [str(s) for s in cat.cat.categories]
        return []
