"""Escaping user text for every Streamlit element that renders markdown.

Labels of widgets, captions, spinners, expanders, buttons, toasts, tabs, metric labels, st.status,
and the options of radio buttons, segmented controls and pills render markdown (selectbox and
multiselect options do not, in Streamlit 1.67). Column headers, values, sheet and file names,
goal, workshop and workspace names reaching any of them go through `md`, and only `md`.
"""

import re

_MD_SPECIAL = "\\`*_{}[]<>()#+-.!|~$:&"
# A word joiner (invisible, never a line break) after "://", in "www." and after "@": remark-gfm turns
# bare URLs and e-mail addresses into links *after* backslash escapes are resolved, so escaping alone
# leaves them clickable.
_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?i:(?<=www))(?=\.)|(?<=@)")


def md(text: object) -> str:
    """User text made literal in markdown: no images, links, bare URLs, e-mail links, emphasis,
    HTML, character references, directives (:red[..], :material/..:), LaTeX or headings."""
    s = _AUTOLINK.sub(_JOINER, str(text))
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in s)
