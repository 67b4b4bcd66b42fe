"""Import page pieces: show what was inferred and let the user correct it.

Every correction is written into a copy of the dataset's import recipe; "Apply"
stores it (source_panel.set_recipe) and the next run reloads the files with it.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

import cxlens
from cxlens import export, reading, value_merges
from cxlens.journey import column_label as journey_label
from cxlens.errors import DataError
from cxlens.loader import UNASSIGNED_STAGE
from cxlens.problems import summarise
from cxlens.schema import TABLES, column_names
from cxlens.template import template_workbook

from . import data_source, source_panel
from . import view_state as vs
from .markdown import md

KEEP = "(keep as its own column)"
SKIP_TABLE = "(not used)"
TABLE_LABELS = {"feedback": "Feedback (responses)", "touchpoints": "Touchpoint catalogue",
                "opportunities": "Opportunities", "maturity": "Maturity answers",
                "aggregates": "Published results (entity × measure)"}
AGGREGATE_SHAPES = {"long": "One row per entity × measure", "wide": "One row per entity, one column per measure"}
LAYOUTS = {"long": "One row per response × touchpoint", "wide": "One column per touchpoint (wide survey)",
           "complaints": "Complaint log (no scores)"}
WIDE_METRICS = ["csat", "rating", "ces", "nps"]
_UPLOADED_RECIPE_KEY = "cxlens_uploaded_recipe_digest"


def editable_recipe(ds: cxlens.Dataset) -> cxlens.Recipe:
    return cxlens.Recipe.from_json(ds.recipe.to_json())


def apply(recipe: cxlens.Recipe) -> None:
    source_panel.set_recipe(recipe)
    st.rerun()


def sources_table(ds: cxlens.Dataset) -> None:
    cols = [c for c in ("file", "sheet", "status", "table", "layout", "rows_read", "rows_used", "header_line",
                        "format", "encoding", "delimiter", "decimal", "detail") if c in ds.sources]
    st.dataframe(ds.sources[cols], hide_index=True, width="stretch",
                 column_config={"rows_read": st.column_config.NumberColumn("rows read", format="localized",
                                                                           help="Data rows in the file or sheet."),
                                "rows_used": st.column_config.NumberColumn(
                                    "rows used", format="localized",
                                    help="Rows loaded. A wide survey gives one per response and rated touchpoint, plus "
                                         "one per response for its answers about the whole experience (NPS, "
                                         "comment), so more than were read; rows left out are in the problem list."),
                                "header_line": st.column_config.NumberColumn("header on line", format="%d"),
                                "detail": st.column_config.TextColumn("why", width="large")})
    if "survey_export" in ds.sources:
        for _, row in ds.sources[ds.sources["survey_export"].notna()].iterrows():
            st.info(f"**{md(row['file'])}** — {md(row['survey_export'])}. Grid questions are read as one rating per "
                    "touchpoint; answers about the whole experience (recommendation, comments) once per respondent.",
                    icon=":material/ballot:")


def reading_summary(ds: cxlens.Dataset) -> None:
    """One sentence per file or sheet: what one row is, what it measures, what is missing."""
    for key, sentence in reading.describe(ds):
        st.markdown(f"**{md(key.replace('::', ' › '))}** — {md(sentence)}")


def open_questions(ds: cxlens.Dataset) -> None:
    """The load's open questions, each with its choices; an answer is written into the recipe and applied."""
    if not ds.questions:
        return
    st.subheader("Questions about your data")
    st.caption("CX Lens asks rather than guesses where a column's name and values do not say what it is. "
               "Your answers are kept in the import recipe, so next month's file loads the same way.")
    for q in ds.questions:
        where = q["key"].replace("::", " › ")
        with st.container(border=True):
            st.markdown(f"**{md(where)}** — {md(q['text'])}")
            ident = f"q:{q['key']}:{q['id']}"
            if q["kind"] == "columns":
                chosen = st.multiselect("Columns that are ratings", q["options"], default=q.get("suggested") or [],
                                        key=ident, format_func=str)
                label = "Use as ratings" if chosen else "None of them are ratings"
            elif q["kind"] == "choice":
                labels = q.get("labels") or {}
                chosen = st.radio("Read it as", q["options"], key=ident, format_func=lambda o: md(labels.get(o, o)),
                                  index=q["options"].index(q["suggested"]) if q.get("suggested") in q["options"] else 0)
                label = f"Read as {labels.get(chosen, chosen)}"
            else:
                none = "(none: they describe the customer)"
                options = [none] + q["options"]
                pick = st.radio("Column", options, key=ident, format_func=md, horizontal=len(options) <= 5)
                chosen = "" if pick == none else pick
                label = "Use as the touchpoint" if chosen else "No touchpoint column"
            if st.button(label, key=f"{ident}:apply", type="primary"):
                apply(reading.answer(ds.recipe, q["key"], q["id"], chosen))


def table_editor(ds: cxlens.Dataset, recipe: cxlens.Recipe, key: str) -> None:
    """Controls for one file/sheet: use it as which table, layout, and the column mapping."""
    settings = recipe.tables[key]
    label = key.replace("::", " › ")
    options = list(TABLES) + ["aggregates", SKIP_TABLE]
    current = settings.get("table") if settings.get("use") else SKIP_TABLE
    current = current if current in options else SKIP_TABLE
    with st.expander(f"{md(label)} — {TABLE_LABELS.get(current, 'not used')}", expanded=current == "feedback"):
        if settings.get("guessed_columns"):
            st.warning("Touchpoint/stage columns were **guessed** ("
                       + ", ".join(md(c) for c in settings["guessed_columns"]) + "). Check the mapping below.",
                       icon=":material/help:")
        choice = st.selectbox("Use this table as", options, index=options.index(current),
                              format_func=lambda t: TABLE_LABELS.get(t, t), key=f"tbl:{key}")
        if choice == SKIP_TABLE:
            settings["use"] = False
            return
        settings["use"] = True
        if choice != settings.get("table"):
            settings["table"] = choice
            settings.pop("columns", None)  # re-infer the mapping for the new table type
            return
        if settings.get("format") == "csv" and settings.get("encoding"):
            _encoding_control(settings, key)
        if choice == "feedback":
            _layout_controls(settings, key)
        if choice == "aggregates":
            _aggregate_controls(settings, key)
            return
        headers = list(settings.get("columns", {}))
        if not headers:
            return
        canon = [KEEP] + column_names(choice)
        frame = pd.DataFrame({"column in file": headers,
                              "maps to": [settings["columns"][h] or KEEP for h in headers]})
        edited = st.data_editor(
            frame, hide_index=True, width="stretch", key=f"map:{key}", disabled=["column in file"],
            column_config={"maps to": st.column_config.SelectboxColumn(options=canon, required=True)},
        )
        mapping = {h: ("" if m == KEEP else m) for h, m in zip(edited["column in file"], edited["maps to"])}
        dupes = pd.Series([m for m in mapping.values() if m]).value_counts()
        if (dupes > 1).any():
            st.error("Each canonical column can be used once: " + ", ".join(dupes[dupes > 1].index), icon=":material/error:")
        settings["columns"] = mapping


def _layout_controls(settings: dict, key: str) -> None:
    layout = settings.get("layout", "long")
    layout = st.radio("Layout", list(LAYOUTS), index=list(LAYOUTS).index(layout), format_func=LAYOUTS.get,
                      key=f"layout:{key}", horizontal=True)
    settings["layout"] = layout
    headers = list(settings.get("columns", {}))
    if layout == "wide":
        vs.fit_choices(f"wide:{key}", headers, "Rating columns")
        chosen = st.multiselect("Rating columns (one per touchpoint)", headers,
                                default=[c for c in settings.get("value_columns", []) if c in headers],
                                key=f"wide:{key}")
        settings["value_columns"] = chosen
        metric = settings.get("wide_metric", "csat")
        settings["wide_metric"] = st.selectbox("The ratings measure", WIDE_METRICS, index=WIDE_METRICS.index(metric),
                                               key=f"wm:{key}", format_func=str.upper)
    elif layout == "complaints":
        none = "(none)"
        issue = settings.get("issue_column") or none
        product = settings.get("product_column") or none
        opts = [none] + headers
        vs.fit_choice(f"issue:{key}", opts, "Issue column", default=none)
        vs.fit_choice(f"prod:{key}", opts, "Product column", default=none)
        settings["issue_column"] = _none(st.selectbox("Issue column (becomes the touchpoint)", opts,
                                                      index=opts.index(issue) if issue in opts else 0,
                                                      key=f"issue:{key}"), none)
        settings["product_column"] = _none(st.selectbox("Product column (becomes the stage)", opts,
                                                        index=opts.index(product) if product in opts else 0,
                                                        key=f"prod:{key}"), none)


#: Text encodings offered on the Import page (Python codec names), Western European first.
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "cp1250", "iso-8859-15", "mac_roman", "utf-16", "cp437"]


def _encoding_control(settings: dict, key: str) -> None:
    """The text file's encoding: detected, or the user's choice when accents come out wrong ('Ã©' for 'é')."""
    current = str(settings["encoding"])
    options = [current] + [e for e in ENCODINGS if e != current]
    vs.fit_choice(f"enc:{key}", options, "Text encoding")
    settings["encoding"] = st.selectbox(
        "Text encoding", options, index=0, key=f"enc:{key}",
        help="Detected from the file. If accented letters look wrong ('Ã©' for 'é', '?' in words), choose the "
             "encoding the exporting tool used (Excel on Windows: cp1252) and apply the corrections.")


def _aggregate_controls(settings: dict, key: str) -> None:
    """Which columns hold the entity, the measure(s), the value and the respondent count."""
    headers = list(settings.get("columns") or {})
    if not headers:
        return
    roles = dict(settings.get("aggregate") or {})
    none = "(none)"
    opts = [none] + headers
    shape = st.radio("Layout", list(AGGREGATE_SHAPES), format_func=AGGREGATE_SHAPES.get, horizontal=True,
                     index=list(AGGREGATE_SHAPES).index(roles.get("shape", "long")), key=f"agshape:{key}")

    def pick(label: str, role: str, allow_none: bool = True, help: str | None = None) -> str | None:
        choices = opts if allow_none else headers
        current = roles.get(role) if roles.get(role) in choices else choices[0]
        vs.fit_choice(f"ag{role}:{key}", choices, label)
        return _none(st.selectbox(label, choices, index=choices.index(current), key=f"ag{role}:{key}", help=help),
                     none)

    c1, c2 = st.columns(2)
    with c1:
        roles["entity"] = pick("Entity (what a value describes)", "entity", allow_none=False)
    with c2:
        roles["entity_label"] = pick("Entity name shown (optional)", "entity_label")
    if shape == "long":
        c1, c2, c3 = st.columns(3)
        with c1:
            roles["measure"] = pick("Measure", "measure", allow_none=False)
        with c2:
            roles["measure_label"] = pick("Measure name shown (optional)", "measure_label")
        with c3:
            roles["value"] = pick("Value", "value", allow_none=False)
        roles["measures"] = []
    else:
        vs.fit_choices(f"agmeasures:{key}", headers, "Measure columns")
        roles["measures"] = st.multiselect("Measure columns (one value per entity each)", headers,
                                           default=[h for h in roles.get("measures") or [] if h in headers],
                                           key=f"agmeasures:{key}")
        roles["measure"] = roles["measure_label"] = roles["value"] = None
    roles["n"] = pick("Respondents behind each value (optional)", "n",
                      help="With a count, shares get 95% intervals; without, views say precision is unknown.")
    roles["shape"] = shape
    roles.setdefault("segments", [])
    settings["aggregate"] = roles


def _none(value: str, none: str) -> str | None:
    return None if value == none else value


def scales_editor(recipe: cxlens.Recipe) -> None:
    if not recipe.scales:
        st.caption("No score columns were found.")
        return
    rows = [{"metric": m, "lowest": s["min"], "highest": s["max"],
             "not-applicable codes": ", ".join(f"{v:g}" for v in s.get("na_values") or []),
             "higher is better": bool(s.get("higher_is_better", True))} for m, s in recipe.scales.items()]
    edited = st.data_editor(pd.DataFrame(rows), hide_index=True, width="stretch", key="scales", disabled=["metric"],
                            column_config={"lowest": st.column_config.NumberColumn(step=1),
                                           "highest": st.column_config.NumberColumn(step=1),
                                           "higher is better": st.column_config.CheckboxColumn(
                                               help="Untick for reversed scales (e.g. 1 = very satisfied, or an "
                                                    "effort scale where 7 = very easy).")})
    for _, row in edited.iterrows():
        codes = []
        for part in str(row["not-applicable codes"] or "").split(","):
            part = part.strip()
            if part:
                try:
                    codes.append(float(part))
                except ValueError:
                    st.error(f"'{md(part)}' is not a number; not-applicable codes are numbers like 0 or 99.")
        recipe.scales[row["metric"]] = {**recipe.scales.get(row["metric"], {}),
                                        "min": float(row["lowest"]), "max": float(row["highest"]),
                                        "na_values": codes, "higher_is_better": bool(row["higher is better"])}
    for metric, scale in recipe.scales.items():
        if scale.get("labels"):
            words = ", ".join(f"{md(text)} = {score:g}" for text, score in scale["labels"].items())
            st.caption(f"**{md(metric)}**: answers written as words were read as scores "
                       f"({md(scale.get('label_scale', ''))}): {words}.")
    text = st.text_input("Text answers that mean 'no answer' (comma-separated)", ", ".join(recipe.na_codes),
                         key="na_codes")
    recipe.na_codes = [c.strip().lower() for c in text.split(",") if c.strip()]
    fmt = st.text_input("Date format (blank = detect)", recipe.date_format or "", key="date_format",
                        help="Python strftime codes, e.g. %d/%m/%Y for 31/01/2026 or %m/%d/%Y for 01/31/2026.")
    recipe.date_format = fmt.strip() or None


def _label_columns(ds: cxlens.Dataset) -> dict[str, str]:
    """Column in the loaded feedback -> its header in the file, for columns whose labels split customers."""
    headers = {}
    for settings in ds.recipe.tables.values():
        for header, canonical in (settings.get("columns") or {}).items():
            if canonical in ("persona", "channel", "touchpoint", "stage"):
                headers.setdefault(canonical, header)
    out = {c: headers[c] for c in ("touchpoint", "stage", "persona", "channel") if c in headers}
    out.update({c: c for c in ds.segment_columns if c not in out})
    return out


def values_editor(ds: cxlens.Dataset, recipe: cxlens.Recipe) -> None:
    """Merge labels that mean the same ('CC' and 'Credit Card'): suggested pairs to tick, and any pair by hand."""
    columns = _label_columns(ds)
    merged = {h: dict(m) for h, m in recipe.value_map.items()}
    suggestions = value_merges.suggest(ds.feedback, list(columns))
    if merged:
        st.markdown("**Merged so far** (kept in the recipe; untick to undo):")
        for header, mapping in list(merged.items()):
            for label, into in list(mapping.items()):
                keep = st.checkbox(f"{md(header)}: “{md(label)}” → “{md(into)}”", value=True,
                                   key=f"merged:{header}:{label}")
                if not keep:
                    mapping.pop(label)
    if suggestions:
        st.markdown("**Labels that look like one another.** Tick the pairs that mean the same; they are merged when "
                    "you apply the corrections.")
        for m in suggestions:
            header = columns[m.column]
            if st.checkbox(f"{md(journey_label(m.column))}: merge “{md(m.label)}” ({m.rows:,} rows) into "
                           f"“{md(m.into)}” — {md(m.reason)}", value=False, key=f"merge:{m.column}:{m.label}"):
                merged.setdefault(header, {})[m.label] = m.into
    elif not merged:
        st.caption("No labels look like other spellings of each other.")
    with st.expander("Merge other labels"):
        if not columns:
            st.caption("The data has no label columns.")
        else:
            column = st.selectbox("Column", list(columns), format_func=journey_label, key="merge_col")
            labels = sorted(ds.feedback[column].dropna().astype(str).unique())
            c1, c2 = st.columns(2)
            picked = c1.multiselect("Labels to merge", labels, key="merge_from")
            into = c2.selectbox("Into", labels, key="merge_into") if labels else None
            for label in picked:
                if into and label != into:
                    merged.setdefault(columns[column], {})[label] = into
    recipe.value_map = {h: m for h, m in merged.items() if m}


def stages_editor(ds: cxlens.Dataset, recipe: cxlens.Recipe) -> None:
    fb = ds.feedback
    if fb["touchpoint"].isna().all():
        st.caption("No touchpoints yet: map a touchpoint column first.")
        return
    pairs = (fb[["touchpoint", "stage"]].dropna(subset=["touchpoint"]).astype("object")
             .drop_duplicates("touchpoint").reset_index(drop=True))
    pairs["stage"] = pairs["stage"].fillna(UNASSIGNED_STAGE)
    unassigned = int((pairs["stage"] == UNASSIGNED_STAGE).sum())
    if unassigned:
        st.info(f"{unassigned} touchpoint(s) have no stage. Type a stage for each (e.g. Booking, Airport, "
                "In-flight); touchpoints with the same stage are grouped together.", icon=":material/route:")
    with st.form("quick_assign", border=True):
        st.markdown("**Assign several touchpoints to a stage at once**")
        q1, q2 = st.columns([1, 3])
        stage_name = q1.text_input("Stage", key="assign_stage", placeholder="e.g. In-flight")
        chosen = q2.multiselect("Touchpoints", list(pairs["touchpoint"]), key="assign_touchpoints")
        if st.form_submit_button("Assign and apply") and stage_name.strip() and chosen:
            recipe.stage_map = {**recipe.stage_map, **{str(t): stage_name.strip() for t in chosen}}
            apply(recipe)
    edited = st.data_editor(pairs, hide_index=True, width="stretch", key="stage_map", disabled=["touchpoint"],
                            column_config={"stage": st.column_config.TextColumn(required=True)})
    changed = {str(t): str(s).strip() for t, s, old in zip(edited["touchpoint"], edited["stage"], pairs["stage"])
               if str(s).strip() and str(s).strip() != old}
    recipe.stage_map = {**recipe.stage_map, **changed}
    stages = list(dict.fromkeys([s for s in ds.stages if s in set(edited["stage"])] +
                                [s for s in edited["stage"] if s not in ds.stages]))
    order = pd.DataFrame({"stage": stages, "position": range(1, len(stages) + 1)})
    st.caption("Journey order of the stages (1 = first). Edit the positions to reorder.")
    edited_order = st.data_editor(order, hide_index=True, key="stage_order", disabled=["stage"],
                                  column_config={"position": st.column_config.NumberColumn(min_value=1, step=1)})
    recipe.stage_order = list(edited_order.sort_values("position", kind="stable")["stage"])


def recipe_controls(ds: cxlens.Dataset, *, allow_upload: bool = True) -> None:
    c1, c2, c3 = st.columns(3)
    c1.download_button("Download recipe (JSON)", ds.recipe.to_json(), file_name="cxlens_recipe.json",
                       mime="application/json", width="stretch",
                       help="Save how these files were read; upload it next month to load the new export the same way.")
    if not allow_upload:
        return
    uploaded = c2.file_uploader("Upload a recipe", type=["json"], key="recipe_upload", label_visibility="collapsed")
    if uploaded is not None:
        raw = uploaded.getvalue()
        digest = hashlib.sha256(raw).hexdigest()
        if st.session_state.get(_UPLOADED_RECIPE_KEY) != digest:
            try:
                recipe = cxlens.Recipe.from_json(raw)
            except DataError as err:
                st.error(md(err))
            else:
                st.session_state[_UPLOADED_RECIPE_KEY] = digest
                apply(recipe)
    if data_source.has_custom_recipe():
        if c3.button("Reset to detected settings", width="stretch"):
            st.session_state.pop(_UPLOADED_RECIPE_KEY, None)
            source_panel.set_recipe(None)
            st.rerun()


def quality_report(ds: cxlens.Dataset) -> None:
    problems = ds.problems
    read = int(ds.sources.get("rows_read", pd.Series(dtype=float)).fillna(0).sum())
    used = int(ds.sources.get("rows_used", pd.Series(dtype=float)).fillna(0).sum())
    summary = summarise(problems)
    missing = int(summary.loc[summary["action"] == "set to missing", "count"].sum()) if len(summary) else 0
    not_used = int(summary.loc[summary["action"] == "row not used", "count"].sum()) if len(summary) else 0
    c = st.columns(4)
    c[0].metric("Rows read", f"{read:,}", border=True, help="Data rows in every file and sheet that was used.")
    c[1].metric("Rows in the data", f"{used:,}", border=True,
                help="Rows after reshaping: a wide survey has one row per answered touchpoint.")
    c[2].metric("Values set to missing", f"{missing:,}", border=True,
                help="No-answer codes, text in number columns, values outside the scale, unreadable dates.")
    c[3].metric("Rows not used", f"{not_used:,}", border=True, help="Rows with no touchpoint, score or comment.")
    if problems.empty:
        st.success("No problems: every value was read as it was.", icon=":material/check:")
        return
    st.dataframe(summary, hide_index=True, width="stretch")
    with st.expander("Every affected cell (up to 50 examples per problem)"):
        st.dataframe(problems, hide_index=True, width="stretch")
    d1, d2 = st.columns(2)
    d1.download_button("Download report (CSV)", export.to_csv_bytes(problems), file_name="cxlens_data_quality.csv",
                       mime="text/csv", width="stretch")
    d2.download_button("Download report (Excel)", export.to_xlsx_bytes({"Summary": summary, "All problems": problems}),
                       file_name="cxlens_data_quality.xlsx", width="stretch",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def template_download() -> None:
    st.download_button("Download the Excel template", template_workbook(), file_name="cxlens_template.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       help="The four sheets CX Lens understands best, with a 'Read me' sheet describing every column.")
