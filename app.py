"""CX Lens: the router and frame of the app (run with `streamlit run app.py`).

Pages live in pages/ and stay thin; the data source in the sidebar is shared by
every page: components/source_panel.py draws it, components/data_source.py holds what is loaded.
"""

import streamlit as st

from components import auth, draft_view, report_download, source_panel, workspace_view
from components.frame import frame_run

# (script, title). Each page's URL is its file name (/journey_heatmap ...): on a fresh server the first
# deep link is resolved by file name before st.navigation has run (see components/frame.py).
PAGES = [
    ("pages/overview.py", "Overview"),
    ("pages/import_data.py", "Import & data quality"),
    ("pages/journey_heatmap.py", "Journey heatmap"),
    ("pages/friction_hotspots.py", "Friction hotspots"),
    ("pages/why.py", "Why"),
    ("pages/opportunities.py", "Opportunities"),
    ("pages/maturity.py", "Maturity"),
    ("pages/workshop.py", "Workshop"),
]


def main() -> None:
    # A projected big screen, a presentation and a participant's phone need the whole width.
    focused = any(k in st.query_params for k in ("screen", "present", "join"))
    st.set_page_config(page_title="CX Lens", page_icon=":material/insights:", layout="wide",
                       initial_sidebar_state="collapsed" if focused else "auto")
    pages = [st.Page(path, title=title, default=(i == 0)) for i, (path, title) in enumerate(PAGES)]
    allowed = auth.gate()  # always True unless sign-in is configured ([auth] in secrets.toml)
    page = st.navigation(pages, position="top" if allowed else "hidden")
    if allowed and auth.auth_configured() and not st.query_params:
        # Back from the sign-in provider (always on the home page): reopen the link opened before.
        pending = auth.take_link()
        if pending is not None:
            path, params = pending
            target = next((p for p in pages if p.url_path == path), None)
            if target is not None and (params or target.url_path):
                st.switch_page(target, query_params=params or None)
    with frame_run():
        if not allowed:
            auth.login_screen(page.url_path)
            return
        workspace_view.remember_page(page.url_path)
        source_panel.render_sidebar()
        try:
            page.run()
        finally:
            # After the page, so a share link and a deck carry the view the page has just set.
            report_download.sidebar()
            source_panel.render_share_panel()
            auth.account_sidebar()
            with st.sidebar:
                st.divider()
                st.caption(draft_view.footer_note())


if __name__ == "__main__":
    main()
