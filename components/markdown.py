"""Escaping user text for st.markdown."""

_MD_SPECIAL = "\\`*_{}[]<>()#+-.!|~$:"


def md(text: object) -> str:
    """User text made literal inside st.markdown (no links, emphasis or HTML from a spreadsheet)."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in str(text))
