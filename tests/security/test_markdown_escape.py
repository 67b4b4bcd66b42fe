"""Finding 2 of issue 20: the one escaping helper for user text in markdown (components/markdown.py).

remark-gfm turns bare URLs, www. addresses and e-mail addresses into links after backslash escapes
are resolved, so `md` breaks them with an invisible word joiner; everything else is backslash-escaped."""

import re

import pytest

from components.markdown import md

JOINER = "\u2060"


def _unescaped(s: str) -> str:
    return re.sub(r"\\(.)", r"\1", s)


@pytest.mark.parametrize("text", [
    "http://example.invalid/u", "HTTPS://example.invalid", "www.example.invalid", "WWW.Example.invalid",
    "someone@example.invalid", "mailto:someone@example.invalid", "ftp://example.invalid",
])
def test_bare_urls_and_addresses_cannot_become_links(text):
    out = md(text)
    plain = _unescaped(out)
    assert JOINER in plain
    assert plain.replace(JOINER, "") == text  # reads the same
    assert not re.search(r"(?i)(https?|ftp)://|www\.|@[\w-]", plain)  # the autolink patterns of remark-gfm


@pytest.mark.parametrize("text", [
    "![m](http://example.invalid/x.png)", "[l](javascript:alert(1))", "<img src=x onerror=alert(1)>",
    "&lt;b&gt;", "&#60;img&#62;", ":red[x] :material/home:", "$x^2$", "# heading", "**b** _i_ ~s~ `c`",
])
def test_markdown_and_html_are_escaped(text):
    out = md(text)
    special = set("\\`*_{}[]<>()#+-.!|~$:&")
    i = 0
    while i < len(out):  # every special character is preceded by a backslash
        if out[i] == "\\":
            assert out[i + 1] in special
            i += 2
            continue
        assert out[i] not in special, (out, i)
        i += 1
