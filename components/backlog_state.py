"""The opportunity backlog as the user edits it: sheet rows + stored edits/additions (app store)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import cxlens
from cxlens import backlog as bl
from cxlens import friction

from . import data_source
from .markdown import md

EDITABLE = ["opportunity", "customer_value", "business_value", "effort", "confidence", "reach", "cost",
            "touchpoint", "stage", "owner", "goal", "status"]
STORED_FIELDS = ["opportunity_id", "opportunity", "touchpoint", "stage", "customer_value", "business_value",
                 "effort", "confidence", "reach", "cost", "owner", "goal", "status", "origin", "evidence"]


def _store():
    try:
        from .store_resource import get_store

        return get_store()
    except Exception as err:  # the store is optional for viewing; say why edits cannot be saved
        st.warning(f"Edits cannot be saved right now: the app database is not available ({md(type(err).__name__)}).")
        return None


def backlog_key() -> str:
    loaded = data_source.current()
    return loaded[0].digest if loaded else "none"


def load(ds: cxlens.Dataset) -> pd.DataFrame:
    """The sheet's opportunities with every stored edit and addition applied."""
    base = bl.from_sheet(ds.opportunities)
    store = _store()
    if store is None:
        return base
    stored = store.list_opportunities(backlog_key(), canonical=True)
    return bl.merge_edits(base, stored)


def save(rows: pd.DataFrame) -> int:
    store = _store()
    if store is None or rows.empty:
        return 0
    records = []
    for rec in rows[[c for c in STORED_FIELDS if c in rows]].to_dict("records"):
        records.append({k: (None if not isinstance(v, (dict, list)) and pd.isna(v) else v) for k, v in rec.items()})
    store.save_opportunities(backlog_key(), records)
    return len(records)


def editor(backlog: pd.DataFrame) -> None:
    """An editable backlog table; 'Save' stores changed and new rows (they survive restarts)."""
    view = backlog[["opportunity_id"] + EDITABLE + ["origin"]].copy()
    edited = st.data_editor(
        view, key="backlog_editor", hide_index=True, width="stretch", num_rows="dynamic",
        disabled=["opportunity_id", "origin"],
        column_config={
            "opportunity_id": None,
            "customer_value": st.column_config.NumberColumn("customer value", min_value=1, max_value=10, step=0.5),
            "business_value": st.column_config.NumberColumn("business value", min_value=1, max_value=10, step=0.5),
            "effort": st.column_config.NumberColumn("effort", min_value=1, max_value=10, step=0.5),
            "confidence": st.column_config.NumberColumn("confidence", min_value=0.0, max_value=1.0, step=0.05,
                                                        format="percent"),
            "reach": st.column_config.NumberColumn("reach / month", min_value=0, format="%d"),
            "cost": st.column_config.NumberColumn("cost", min_value=0, format="%d"),
        })
    if st.button("Save backlog changes", type="primary", icon=":material/save:"):
        changed = _changed_rows(view, edited)
        n = save(changed)
        st.toast(f"Saved {n} row(s)." if n else "Nothing changed.")
        if n:
            st.rerun()


def _changed_rows(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    after = after.copy()
    new = after["opportunity_id"].isna() | (after["opportunity_id"].astype("object") == "")
    after.loc[new, "origin"] = "app"
    after.loc[new, "opportunity_id"] = [bl.opportunity_id(n, "app") for n in after.loc[new, "opportunity"].fillna("")]
    after = after[after["opportunity"].notna() & (after["opportunity"].astype(str).str.strip() != "")]
    merged = after.merge(before, on="opportunity_id", how="left", suffixes=("", "_before"), indicator=True)
    differs = merged["_merge"] == "left_only"
    for col in EDITABLE:
        a, b = merged[col], merged[f"{col}_before"]
        differs |= ~((a == b) | (a.isna() & b.isna())).astype(bool)
    return after[after["opportunity_id"].isin(merged.loc[differs, "opportunity_id"])]


def add_hotspot_candidates(ds: cxlens.Dataset, backlog: pd.DataFrame) -> None:
    if ds.feedback["touchpoint"].isna().all():
        return
    with st.expander("Add candidates from the friction hotspots"):
        st.markdown("Each candidate carries its evidence (touchpoint, friction components, n, verbatims). "
                    "Customer value comes from the customers it hurts per month; estimate business value and "
                    "effort with the team.")
        top = st.number_input("How many top hotspots", 1, 15, 5, key="cand_top")
        cands = bl.opportunities_from_hotspots(friction.friction_hotspots(ds), ds, top=int(top))
        fresh = cands[~cands["opportunity_id"].isin(backlog["opportunity_id"])]
        st.dataframe(cands[["opportunity", "stage", "customer_value", "confidence", "reach"]], hide_index=True,
                     width="stretch")
        if st.button(f"Add {len(fresh)} new candidate(s) to the backlog", disabled=fresh.empty):
            save(fresh)
            st.rerun()


def quick_edit(ranked: pd.DataFrame) -> None:
    """Edit one opportunity's scores in a form (keyboard- and phone-friendly twin of the table editor)."""
    names = dict(zip(ranked["opportunity_id"], ranked["opportunity"].astype(str)))
    if not names:
        return
    selected = st.session_state.get("opp_selected")
    ids = list(names)
    chosen = st.selectbox("Edit one opportunity", ids, index=ids.index(selected) if selected in ids else 0,
                          format_func=names.get, key="quick_edit_id")
    row = ranked.set_index("opportunity_id").loc[chosen]

    def val(col, default):
        return float(row[col]) if pd.notna(row[col]) else default

    with st.form("quick_edit"):
        c = st.columns(4)
        cv = c[0].number_input("Customer value (1-10)", 1.0, 10.0, val("customer_value", 5.0), 0.5, key=f"qe_cv_{chosen}")
        bv = c[1].number_input("Business value (1-10)", 1.0, 10.0, val("business_value", 5.0), 0.5, key=f"qe_bv_{chosen}")
        ef = c[2].number_input("Effort (1-10)", 1.0, 10.0, val("effort", 5.0), 0.5, key=f"qe_effort_{chosen}")
        co = c[3].number_input("Confidence (0-1)", 0.0, 1.0, val("confidence", 0.5), 0.05, key=f"qe_conf_{chosen}")
        if st.form_submit_button("Save scores", type="primary"):
            updated = ranked[ranked["opportunity_id"] == chosen].copy()
            updated[["customer_value", "business_value", "effort", "confidence"]] = [cv, bv, ef, co]
            save(updated)
            st.session_state["opp_selected"] = chosen
            st.rerun()
