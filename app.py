"""CX Lens: the router and frame of the app (run with `streamlit run app.py`).

Pages live in pages/ and stay thin; the data source in the sidebar is shared by
every page and lives in components/data_source.py.
"""

import streamlit as st

from components import data_source
from components.frame import frame_run

# (script, title). Each page's URL is its file name (/journey_heatmap ...): on a fresh server the first
# deep link is resolved by file name before st.navigation has run (see components/frame.py).
PAGES = [
    ("pages/overview.py", "Overview"),
    ("pages/import_data.py", "Import & data quality"),
    ("pages/journey_heatmap.py", "Journey heatmap"),
    ("pages/friction_hotspots.py", "Friction hotspots"),
    ("pages/opportunities.py", "Opportunities"),
    ("pages/maturity.py", "Maturity"),
    ("pages/workshop.py", "Workshop"),
]


def main() -> None:
    st.set_page_config(page_title="CX Lens", page_icon=":material/insights:", layout="wide")
    pages = [st.Page(path, title=title, default=(i == 0)) for i, (path, title) in enumerate(PAGES)]
    page = st.navigation(pages, position="top")
    with frame_run():
        data_source.render_sidebar()
        with st.sidebar:
            st.divider()
            st.caption("CX Lens · open-source CX strategy workbench. Your uploads stay in this server's memory only.")
        page.run()


if __name__ == "__main__":
    main()
