"""The opportunity backlog: sheet rows, hotspot candidates and in-app additions in one frame."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd

from . import opportunity_scales as osc
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


def opportunities_from_hotspots(hotspots: pd.DataFrame, dataset, top: int = 5, verbatims: int = 3,
                                scale: osc.Scale | None = None) -> pd.DataFrame:
    """Candidate opportunities from the ``top`` ranked friction hotspots, with their evidence attached.

    - customer_value, on ``scale`` (customer value's scale in the data; 1-10 by default, bottom lo,
      top hi) = lo + (hi - lo) x affected / max(affected) over the candidates (customers hurt per
      month), or lo + (hi - lo) x friction / 100 when no volumes are known (1 + 9 x ... on 1-10);
      rounded to 0.1, or to a whole position on a word scale;
    - reach = the touchpoint's monthly volume; confidence = 0.5 + 0.4 x min(n, 400) / 400 (more answers,
      more confidence, capped at 0.9);
    - business value and effort are left blank for the team to estimate;
    - evidence = :func:`hotspot_evidence`.
    """
    scale = scale or osc.DEFAULTS["customer_value"]
    ranked = hotspots[~hotspots["too_few"].astype(bool) & hotspots["rank"].notna()].sort_values("rank").head(top)
    if ranked.empty:
        return pd.DataFrame(columns=BACKLOG_COLUMNS)
    has_affected = ranked["affected"].notna().any()
    most = ranked["affected"].max() if has_affected else None
    rows = []
    for _, h in ranked.iterrows():
        tp = str(h["touchpoint"])
        share = h["affected"] / most if has_affected and most and pd.notna(h["affected"]) else h["friction"] / 100
        value = scale.low + scale.span * float(share)
        value = float(round(value)) if scale.words else round(value, 1)
        name = f"Reduce friction at {tp}"
        rows.append({
            "opportunity_id": opportunity_id(name, "hotspot"), "opportunity": name, "touchpoint": tp,
            "stage": str(h["stage"]), "customer_value": value, "business_value": np.nan,
            "effort": np.nan, "confidence": round(0.5 + 0.4 * min(int(h["n"]), 400) / 400, 2),
            "reach": h.get("volume", np.nan), "status": "Idea", "origin": "hotspot",
            "evidence": hotspot_evidence(h, dataset, verbatims),
        })
    out = pd.DataFrame(rows).reindex(columns=BACKLOG_COLUMNS)
    for c in NUMERIC:
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    return out


def hotspot_evidence(hotspot: pd.Series, dataset, verbatims: int = 3) -> dict:
    """The evidence of one friction hotspot row (cxlens.friction.friction_hotspots): touchpoint, stage,
    n, friction (0-100 %) with its 95% interval, each component (%), customers affected per month, and
    up to ``verbatims`` of the worst comments (cxlens.friction.sample_verbatims). A touchpoint with too
    few answers to rank says so."""
    from . import friction as fr

    h, tp = hotspot, str(hotspot["touchpoint"])
    evidence: dict = {"touchpoint": tp, "stage": str(h["stage"]), "answers (n)": int(h["n"]) if pd.notna(h["n"]) else 0}
    if pd.notna(h.get("friction")):
        evidence["friction"] = (f"{h['friction']:.0f}% (95% interval {h['friction_low']:.0f}-"
                                f"{h['friction_high']:.0f}%)")
    if bool(h.get("too_few", False)):
        evidence["ranking"] = f"not ranked: fewer than {fr.MIN_N} answers"
    evidence.update({fr.COMPONENTS[c]: f"{h[c]:.0f}%" for c in fr.COMPONENTS if c in h.index and pd.notna(h[c])})
    if pd.notna(h.get("affected")):
        evidence["customers affected / month"] = f"{h['affected']:,.0f}"
    quotes = fr.sample_verbatims(dataset, tp, n=verbatims)
    evidence["verbatims"] = [str(q) for q in quotes["comment"]] if not quotes.empty else []
    return evidence


def _touchpoint_key(name) -> str:
    return re.sub(r"\s+", " ", str(name)).strip().casefold()


def link_evidence(backlog: pd.DataFrame, hotspots: pd.DataFrame, dataset, verbatims: int = 3) -> pd.DataFrame:
    """Give every item without evidence (sheet ideas, app additions) its touchpoint's hotspot evidence
    (:func:`hotspot_evidence`), like a generated candidate. Touchpoints match ignoring case and
    spacing; items whose touchpoint has no hotspot row, and items that carry evidence, are unchanged."""
    if backlog.empty or hotspots is None or hotspots.empty or "touchpoint" not in hotspots:
        return backlog
    rows = {_touchpoint_key(h["touchpoint"]): h for _, h in hotspots.iterrows() if pd.notna(h["touchpoint"])}
    out = backlog.copy()
    cache: dict[str, dict] = {}
    for i, item in out.iterrows():
        has = isinstance(item.get("evidence"), dict) and bool(item.get("evidence"))
        key = _touchpoint_key(item["touchpoint"]) if pd.notna(item.get("touchpoint")) else ""
        if has or key not in rows:
            continue
        if key not in cache:
            cache[key] = hotspot_evidence(rows[key], dataset, verbatims)
        out.at[i, "evidence"] = dict(cache[key])
    return out
