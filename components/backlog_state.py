"""The opportunity backlog as the user edits it: sheet rows + stored edits/additions (app store)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

import cxlens
from cxlens import backlog as bl
from cxlens import friction
from cxlens import opportunity_scales as osc
from cxlens.store import StoreError

from . import data_source
from . import view_state as vs
from .markdown import md

_UNDO_FLASH = "cxlens_writeback_flash"  # message shown once after an undo

EDITABLE = ["opportunity", "goals", "customer_value", "business_value", "effort", "confidence", "reach", "cost",
            "time_criticality", "risk_reduction", "touchpoint", "stage", "owner", "status"]
STORED_FIELDS = ["opportunity_id", "opportunity", "touchpoint", "stage", "customer_value", "business_value",
                 "effort", "confidence", "reach", "cost", "owner", "goal", "status", "origin", "evidence",
                 "time_criticality", "risk_reduction", "goals"]


def _store():
    try:
        from .store_resource import get_store

        return get_store()
    except Exception as err:  # the store is optional for viewing; say why edits cannot be saved
        st.warning(f"Edits cannot be saved right now: the app database is not available ({md(type(err).__name__)}).")
        return None


def backlog_key() -> str:
    """Where the loaded data's edits are stored: its digest (an upload; a workspace's own key), and on the
    sample data ``sample:<scope>``, private to this person (components/identity.py): edits made on the
    sample never show to anyone else unless saved as their own workspace, which keeps this key."""
    loaded = data_source.current()
    if not loaded:
        return "none"
    if loaded[0].is_sample:
        from . import identity
        from .maturity_access import SAMPLE_BACKLOG_PREFIX

        return SAMPLE_BACKLOG_PREFIX + identity.scope()
    return loaded[0].digest


def scales(ds: cxlens.Dataset) -> dict[str, osc.Scale]:
    """The scale of every scored field, as detected when the data was loaded (cxlens.opportunity_scales)."""
    return osc.scales_for(ds.recipe.opportunity_scales)


def hotspots(ds: cxlens.Dataset) -> pd.DataFrame:
    """The friction hotspots of the loaded data (empty without touchpoints)."""
    if ds.feedback.empty or ds.feedback["touchpoint"].isna().all():
        return pd.DataFrame()
    return friction.friction_hotspots(ds)


def load(ds: cxlens.Dataset, spots: pd.DataFrame | None = None) -> pd.DataFrame:
    """The sheet's opportunities with every stored edit and addition applied, each item without evidence
    linked to its touchpoint's hotspot evidence (``spots``: friction hotspots, computed when None)."""
    base = bl.from_sheet(ds.opportunities)
    store = _store()
    try:
        merged = base if store is None else bl.merge_edits(base, store.list_opportunities(backlog_key(),
                                                                                          canonical=True))
    except StoreError as err:
        st.error(f"The backlog's saved edits could not be read, so the sheet's items are shown: {md(err)}",
                 icon=":material/database:")
        merged = base
    if merged.empty:
        return merged
    return bl.link_evidence(merged, hotspots(ds) if spots is None else spots, ds)


def save(rows: pd.DataFrame) -> int:
    if data_source.read_only():  # the page hides the editors; this keeps any other path from writing
        st.error("This shared workspace is read-only: only its owner can change the backlog.")
        return 0
    store = _store()
    if store is None or rows.empty:
        return 0
    records = []
    for rec in rows[[c for c in STORED_FIELDS if c in rows]].to_dict("records"):
        if "goals" in rec:
            rec["goals"] = goal_list(rec["goals"])
        records.append({k: (None if not isinstance(v, (dict, list)) and pd.isna(v) else v) for k, v in rec.items()})
    try:
        store.save_opportunities(backlog_key(), records)
    except StoreError as err:
        st.error(f"The edits could not be saved: {md(err)}", icon=":material/database:")
        return 0
    return len(records)


def writeback_notice(read_only: bool) -> None:
    """The latest workshop round written into this backlog's scores, with a one-click undo."""
    kind, message = st.session_state.pop(_UNDO_FLASH, (None, None))
    if kind:
        (st.success if kind == "success" else st.info)(message, icon=":material/undo:")
    store = _store()
    if store is None:
        return
    key = backlog_key()
    try:
        writebacks = store.list_writebacks(key)
    except Exception:  # the notice is optional; the page works without it
        return
    if writebacks.empty:
        return
    latest = writebacks.iloc[0]
    n = int(latest["opportunities"])
    with st.container(border=True, key="writeback_notice"):
        st.markdown(f":material/groups: **The scores of {n} opportunit{'ies' if n != 1 else 'y'} come from the "
                    f"{md(latest['source'])}** (value and effort; see *scores from* in the backlog). "
                    "The previous values are kept.")
        if read_only:
            return
        if st.button("Undo this write-back", icon=":material/undo:", key="writeback_undo",
                     help="Put back the scores these opportunities had before. Scores edited since are kept."):
            try:
                restored, kept = store.undo_writeback(key, int(latest["id"]))
            except StoreError as err:
                st.error(f"The write-back could not be undone: {md(err)}", icon=":material/database:")
                return
            text = f"Put back the previous scores of {restored} opportunit{'ies' if restored != 1 else 'y'}."
            if kept:
                text += f" {kept} had been changed since and were left as they are."
            st.session_state[_UNDO_FLASH] = ("success", text)
            st.rerun()


def goal_list(value) -> list[str]:
    """Goal tags as a plain list of ids (the editor may hand back arrays, tuples or None)."""
    if isinstance(value, (list, tuple, np.ndarray, pd.Series)):
        return [str(v) for v in list(value) if v is not None and str(v)]
    return []


def table(backlog: pd.DataFrame, goals: pd.DataFrame) -> None:
    """The backlog as a read-only table (a shared workspace seen by someone other than its owner)."""
    names = dict(zip(goals["goal_id"], goals["name"].astype(str)))
    view = backlog[["opportunity"] + [c for c in EDITABLE if c != "opportunity"] + ["score_source"]].copy()
    view["goals"] = view["goals"].map(lambda v: ", ".join(names.get(g, g) for g in goal_list(v)))
    labels = {c: c.replace("_", " ") for c in view.columns}
    labels.update(goals="goals served", reach="reach / month", score_source="scores from")
    st.dataframe(view, hide_index=True, width="stretch",
                 column_config={**labels, "confidence": st.column_config.NumberColumn("confidence", format="percent")})


def _score_column(field: str, label: str, scale: osc.Scale, what: str = "") -> st.column_config.NumberColumn:
    """An editor column bounded by the field's scale; a word scale says which number is which word."""
    words = ", ".join(f"{i} = {w}" for i, w in enumerate(scale.words, 1))
    return st.column_config.NumberColumn(
        label, min_value=scale.low, max_value=scale.high, step=scale.step,
        help=(what + " " if what else "") + (f"On the sheet's scale: {words}." if words else f"Scale {scale.label}."))


def score_input(container, label: str, scale: osc.Scale, value: float | None, key: str, placeholder: str | None = None):
    """A number input on the field's scale (its value clamped into the scale), or a choice of words."""
    kept = st.session_state.get(key)  # a value kept from data on another scale must not break the widget
    if kept is not None and (not isinstance(kept, (int, float)) or not scale.low <= kept <= scale.high):
        st.session_state.pop(key, None)
    if scale.words:
        options = list(range(1, len(scale.words) + 1))
        index = None if value is None else min(options, key=lambda o: abs(o - value)) - 1
        chosen = container.selectbox(f"{label} ({scale.label})", options, index=index, key=key,
                                     format_func=lambda o: scale.words[o - 1], placeholder=placeholder or "Choose")
        return None if chosen is None else float(chosen)
    if value is not None:
        value = float(min(max(value, scale.low), scale.high))
    return container.number_input(f"{label} ({scale.label})", float(scale.low), float(scale.high), value,
                                  float(scale.step), key=key, placeholder=placeholder)


def editor(backlog: pd.DataFrame, goals: pd.DataFrame, scales: dict | None = None) -> None:
    """An editable backlog table; 'Save' stores changed and new rows (they survive restarts).

    ``backlog`` has its goal tags resolved (cxlens.strategy.attach_goals); the goals column picks
    from ``goals``. Score columns are bounded by the data's ``scales``.
    """
    sc = scales or osc.DEFAULTS
    view = backlog[["opportunity_id"] + EDITABLE + ["origin", "score_source"]].copy()
    view["goals"] = view["goals"].map(goal_list)
    names = dict(zip(goals["goal_id"], goals["name"].astype(str)))
    edited = st.data_editor(
        view, key="backlog_editor", hide_index=True, width="stretch", num_rows="dynamic",
        disabled=["opportunity_id", "origin", "score_source"],
        column_config={
            "opportunity_id": None,
            "score_source": st.column_config.TextColumn(
                "scores from", help="Where value and effort came from, e.g. a workshop round written into the "
                                    "backlog. Empty: the sheet or an edit in the app."),
            "opportunity": st.column_config.TextColumn("opportunity", pinned=True),
            "goals": st.column_config.MultiselectColumn(
                "goals served", options=list(names), format_func=lambda g: names.get(g, g), width="medium",
                help="The strategy goals this opportunity serves (edit the goals in the Strategy panel above)."),
            "time_criticality": _score_column("time_criticality", "time criticality", sc["time_criticality"],
                                              "WSJF: how much value is lost by waiting."),
            "risk_reduction": _score_column("risk_reduction", "risk reduction", sc["risk_reduction"],
                                            "WSJF: risk reduced or opportunity enabled."),
            "customer_value": _score_column("customer_value", "customer value", sc["customer_value"]),
            "business_value": _score_column("business_value", "business value", sc["business_value"]),
            "effort": _score_column("effort", "effort", sc["effort"], "Higher is more work."),
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
        if col == "goals":
            differs |= a.map(lambda v: tuple(goal_list(v))) != b.map(lambda v: tuple(goal_list(v)))
            continue
        differs |= ~((a == b) | (a.isna() & b.isna())).astype(bool)
    return after[after["opportunity_id"].isin(merged.loc[differs, "opportunity_id"])]


def add_hotspot_candidates(ds: cxlens.Dataset, backlog: pd.DataFrame, spots: pd.DataFrame | None = None,
                           scales: dict | None = None) -> None:
    spots = hotspots(ds) if spots is None else spots
    if spots.empty:
        return
    scale = (scales or osc.DEFAULTS)["customer_value"]
    with st.expander("Add candidates from the friction hotspots", expanded=backlog.empty):
        st.markdown("Each candidate carries its evidence (touchpoint, friction components, n, verbatims). "
                    f"Customer value ({scale.label}) comes from the customers it hurts per month; estimate "
                    "business value and effort with the team.")
        top = st.number_input("How many top hotspots", 1, 15, 5, key="cand_top")
        cands = bl.opportunities_from_hotspots(spots, ds, top=int(top), scale=scale)
        fresh = cands[~cands["opportunity_id"].isin(backlog["opportunity_id"])]
        st.dataframe(cands[["opportunity", "stage", "customer_value", "confidence", "reach"]], hide_index=True,
                     width="stretch")
        if st.button(f"Add {len(fresh)} new candidate(s) to the backlog", disabled=fresh.empty):
            save(fresh)
            st.rerun()


def quick_edit(ranked: pd.DataFrame, goals: pd.DataFrame, scales: dict | None = None) -> None:
    """Edit one opportunity's scores in a form (keyboard- and phone-friendly twin of the table editor),
    each score on the data's scale."""
    sc = scales or osc.DEFAULTS
    names = dict(zip(ranked["opportunity_id"], ranked["opportunity"].astype(str)))
    if not names:
        return
    selected = st.session_state.get("opp_selected")
    ids = list(names)
    vs.fit_choice("quick_edit_id", ids, "Edit one opportunity", default=selected, fmt=lambda i: names.get(i, i))
    chosen = st.selectbox("Edit one opportunity", ids, index=ids.index(selected) if selected in ids else 0,
                          format_func=names.get, key="quick_edit_id")
    row = ranked.set_index("opportunity_id").loc[chosen]

    def val(col, default):
        return float(row[col]) if pd.notna(row[col]) else default

    goal_names = dict(zip(goals["goal_id"], goals["name"].astype(str)))
    with st.form("quick_edit"):
        c = st.columns(4)
        cv = score_input(c[0], "Customer value", sc["customer_value"], val("customer_value", None), f"qe_cv_{chosen}",
                         placeholder="not scored")
        bv = score_input(c[1], "Business value", sc["business_value"], val("business_value", None), f"qe_bv_{chosen}",
                         placeholder="not scored")
        ef = score_input(c[2], "Effort", sc["effort"], val("effort", None), f"qe_effort_{chosen}",
                         placeholder="not scored")
        co = c[3].number_input("Confidence (0-1)", 0.0, 1.0, val("confidence", 0.5), 0.05, key=f"qe_conf_{chosen}")
        g1, g2, g3 = st.columns([2, 1, 1])
        tags = g1.multiselect("Goals it serves", list(goal_names), default=[t for t in goal_list(row["goals"])
                                                                              if t in goal_names],
                              format_func=lambda g: goal_names.get(g, g), key=f"qe_goals_{chosen}",
                              placeholder="Not tied to any goal" if goal_names else "No strategy goals yet")
        tc = score_input(g2, "Time criticality, WSJF", sc["time_criticality"], val("time_criticality", None),
                         f"qe_tc_{chosen}", placeholder="blank = 0")
        rr = score_input(g3, "Risk reduction, WSJF", sc["risk_reduction"], val("risk_reduction", None),
                         f"qe_rr_{chosen}", placeholder="blank = 0")
        if st.form_submit_button("Save scores", type="primary"):
            updated = ranked[ranked["opportunity_id"] == chosen].copy()
            updated[["customer_value", "business_value", "effort", "confidence"]] = [
                np.nan if v is None else v for v in (cv, bv, ef, co)]
            updated["time_criticality"] = np.nan if tc is None else tc
            updated["risk_reduction"] = np.nan if rr is None else rr
            updated["goals"] = pd.Series([list(tags)], index=updated.index, dtype="object")
            save(updated)
            st.session_state["opp_selected"] = chosen
            st.rerun()
