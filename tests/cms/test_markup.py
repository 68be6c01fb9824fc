"""Page bodies: a few marks become HTML, everything else a vendor types stays text."""

from __future__ import annotations

import pytest

from modules.cms.services.markup import plain_excerpt, render_body


def test_marks_become_headings_lists_emphasis_and_links():
    html = render_body(
        "## 1. Scope\nThese terms apply.\n- one\n- two\n\n1. first\n2. second\n\n"
        "**bold**, *italic*, [mail](mailto:a@b.lu) and [page](/storefront/x/pages/terms)\nnext line"
    )
    assert html == (
        "<h3>1. Scope</h3>\n<p>These terms apply.</p>\n<ul><li>one</li><li>two</li></ul>\n"
        "<ol><li>first</li><li>second</li></ol>\n"
        '<p><strong>bold</strong>, <em>italic</em>, <a href="mailto:a@b.lu">mail</a> and '
        '<a href="/storefront/x/pages/terms">page</a><br>next line</p>'
    )


@pytest.mark.parametrize(
    "text",
    [
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "[x](//evil.example/)",
        "[x](data:text/html,<script>alert(1)</script>)",
        '[x](https://ok.lu/" onmouseover="alert(1))',
    ],
)
def test_nothing_a_vendor_types_becomes_markup_of_their_own(text):
    html = str(render_body(text))
    assert "<img" not in html and "javascript:" not in html and "//evil" not in html
    assert "<script" not in html and '" onmouseover' not in html


def test_an_excerpt_has_no_marks():
    assert (
        plain_excerpt("## Hello\n\n**Big** [news](https://x.lu) " + "word " * 60, 40)
        == "Hello Big news word word word word…"
    )
    assert render_body("") == "" and render_body(None) == ""
