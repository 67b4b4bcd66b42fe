"""The opportunity backlog: sheet rows, hotspot candidates and in-app additions in one frame."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd

from .schema import column_names

BACKLOG_COLUMNS = ["opportunity_id", *column_names("opportunities"), "time_criticality", "risk_reduction", "origin",
                   "evidence"]
NUMERIC = ["customer_value", "business_value", "effort", "confidence", "reach", "cost", "time_criticality",
           "risk_reduction"]


def opportunity_id(name: str, origin: str = "sheet") -> str:
    """A stable id from the name (so edits stored under it survive reloading the same sheet)."""
    slug = re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-")[:40]
    digest = hashlib.sha1(f"{origin}:{name}".encode()).hexdigest()[:8]
    return f"{slug}-{digest}"


def from_sheet(opportunities: pd.DataFrame) -> pd.DataFrame:
    """Backlog rows for the canonical opportunities table (origin 'sheet')."""
    out = pd.DataFrame({c: opportunities[c] if c in opportunities else np.nan for c in BACKLOG_COLUMNS})
    for c in out.columns:
        if isinstance(out[c].dtype, pd.CategoricalDtype):
            out[c] = out[c].astype("object")
    out["origin"] = "sheet"
    out["opportunity_id"] = [opportunity_id(n, "sheet") for n in out["opportunity"]]
    out["evidence"] = None
    for c in NUMERIC:
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    return out.reset_index(drop=True)


def merge_edits(base: pd.DataFrame, stored: pd.DataFrame) -> pd.DataFrame:
    """Stored rows (edits and additions) replace base rows with the same id; new ids are appended."""
    if stored is None or stored.empty:
        return base
    stored = stored.reindex(columns=BACKLOG_COLUMNS)
    keep = base[~base["opportunity_id"].isin(stored["opportunity_id"])]
    merged = pd.concat([keep, stored], ignore_index=True)
    for c in NUMERIC:
        merged[c] = pd.to_numeric(merged[c], errors="coerce").astype("float64")
    return merged
