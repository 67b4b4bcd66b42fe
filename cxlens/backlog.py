"""The opportunity backlog: sheet rows, hotspot candidates and in-app additions in one frame."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd

from .schema import column_names

BACKLOG_COLUMNS = ["opportunity_id", *dict.fromkeys([*column_names("opportunities"), "time_criticality",
                                                   "risk_reduction"]), "origin", "evidence", "goals",
                   "score_source"]  # goals: goal ids tagged in the app (None = use the `goal` cell)
# score_source: where value and effort came from when not the sheet, e.g. a workshop write-back
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
    out["goals"] = None
    out["score_source"] = None  # the sheet's own scores
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


def opportunities_from_hotspots(hotspots: pd.DataFrame, dataset, top: int = 5, verbatims: int = 3) -> pd.DataFrame:
    """Candidate opportunities from the ``top`` ranked friction hotspots, with their evidence attached.

    - customer_value (1-10) = 1 + 9 x affected / max(affected) over the candidates (customers hurt per
      month), or 1 + 9 x friction / 100 when no volumes are known;
    - reach = the touchpoint's monthly volume; confidence = 0.5 + 0.4 x min(n, 400) / 400 (more answers,
      more confidence, capped at 0.9);
    - business value and effort are left blank for the team to estimate;
    - evidence = touchpoint, stage, n, friction with its 95% interval, each component, customers
      affected, and up to ``verbatims`` of the worst comments.
    """
    from . import friction as fr

    ranked = hotspots[~hotspots["too_few"].astype(bool) & hotspots["rank"].notna()].sort_values("rank").head(top)
    if ranked.empty:
        return pd.DataFrame(columns=BACKLOG_COLUMNS)
    has_affected = ranked["affected"].notna().any()
    scale = ranked["affected"].max() if has_affected else None
    rows = []
    for _, h in ranked.iterrows():
        tp = str(h["touchpoint"])
        value = 1 + 9 * (h["affected"] / scale) if has_affected and scale and pd.notna(h["affected"]) else \
            1 + 9 * h["friction"] / 100
        components = {fr.COMPONENTS[c]: f"{h[c]:.0f}%" for c in fr.COMPONENTS if c in h.index and pd.notna(h[c])}
        quotes = fr.sample_verbatims(dataset, tp, n=verbatims)
        evidence = {
            "touchpoint": tp, "stage": str(h["stage"]), "answers (n)": int(h["n"]),
            "friction": f"{h['friction']:.0f}% (95% interval {h['friction_low']:.0f}-{h['friction_high']:.0f}%)",
            **components,
        }
        if pd.notna(h.get("affected")):
            evidence["customers affected / month"] = f"{h['affected']:,.0f}"
        evidence["verbatims"] = [str(q) for q in quotes["comment"]] if not quotes.empty else []
        name = f"Reduce friction at {tp}"
        rows.append({
            "opportunity_id": opportunity_id(name, "hotspot"), "opportunity": name, "touchpoint": tp,
            "stage": str(h["stage"]), "customer_value": round(float(value), 1), "business_value": np.nan,
            "effort": np.nan, "confidence": round(0.5 + 0.4 * min(int(h["n"]), 400) / 400, 2),
            "reach": h.get("volume", np.nan), "status": "Idea", "origin": "hotspot", "evidence": evidence,
        })
    out = pd.DataFrame(rows).reindex(columns=BACKLOG_COLUMNS)
    for c in NUMERIC:
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    return out
