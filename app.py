"""CX Lens: the router and frame of the app (run with `streamlit run app.py`).

Pages live in pages/ and stay thin; the data source in the sidebar is shared by
every page and lives in components/data_source.py.
"""

import streamlit as st

from components import data_source

st.set_page_config(page_title="CX Lens", page_icon=":material/insights:", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", default=True),
    st.Page("pages/import_data.py", title="Import & data quality", url_path="import"),
    st.Page("pages/journey_heatmap.py", title="Journey heatmap", url_path="heatmap"),
    st.Page("pages/friction_hotspots.py", title="Friction hotspots",
            url_path="hotspots"),
    st.Page("pages/opportunities.py", title="Opportunities", url_path="opportunities"),
    st.Page("pages/maturity.py", title="Maturity", url_path="maturity"),
    st.Page("pages/workshop.py", title="Workshop", url_path="workshop"),
]

page = st.navigation(PAGES, position="top")
data_source.render_sidebar()
with st.sidebar:
    st.divider()
    st.caption("CX Lens · open-source CX strategy workbench. Your uploads stay in this server's memory only.")
page.run()
