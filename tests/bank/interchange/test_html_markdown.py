"""The small HTML-to-Markdown converter: the tags quiz exports use, nothing executed or fetched, linear time."""

from __future__ import annotations

import time

import pytest

from quizengine.bank.interchange.html_markdown import escape_markdown, html_to_markdown, looks_like_html


@pytest.mark.parametrize(("source", "markdown"), [
    ("<p>One</p><p>Two</p>", "One\n\nTwo"),
    ("<b>bold</b> and <em>italic</em>", "**bold** and *italic*"),
    ("x<br>y<br/>z", "x\ny\nz"),
    ("<ul><li>a</li><li>b</li></ul>", "- a\n- b"),
    ("<ol><li>a</li><li>b</li></ol>", "1. a\n2. b"),
    ("<pre><code>if a &lt; b:\n    pass</code></pre>", "```\nif a < b:\n    pass\n```"),
    ("use <code>a*b</code>", "use `a*b`"),
    ("2*3*4 &amp; a_b", "2\\*3\\*4 & a\\_b"),  # text that was literal in HTML stays literal in Markdown
    ('<a href="https://example.org/x">docs</a>', "[docs](https://example.org/x)"),
    ('<a href="javascript:alert(1)">click</a>', "click"),  # only http(s) links survive
    ("<script>alert(1)</script>safe", "safe"),
    ("<style>p {color: red}</style>text", "text"),
    ("<!-- hidden -->shown", "shown"),
    ("a < b", "a \\< b"),
    ("<unknown>kept text</unknown>", "kept text"),
])
def test_conversions(source: str, markdown: str) -> None:
    assert html_to_markdown(source).text == markdown


def test_images_become_reported_links() -> None:
    converted = html_to_markdown('<img src="https://example.org/a.png" alt="a chart">')
    assert converted.text == "[image: a chart](https://example.org/a.png)"
    assert converted.images == ["https://example.org/a.png"]


def test_detection_and_escaping() -> None:
    assert looks_like_html("<p>x</p>") and looks_like_html("a<br/>b")
    assert not looks_like_html("a < b and c > d")
    assert escape_markdown("*_`[") == "\\*\\_\\`\\["


@pytest.mark.parametrize("source", ["<" * 200_000, "<a" * 100_000, "<script>" * 50_000, "<!--" * 50_000,
                                    "</" * 100_000, '<a href="' * 50_000, "<b>x" * 50_000, "<li>" * 50_000],
                         ids=["lone-lt", "unclosed-tags", "scripts", "comments", "closers", "attributes", "tags",
                              "list-items"])
def test_pathological_input_is_linear(source: str) -> None:
    started = time.perf_counter()
    html_to_markdown(source)
    assert time.perf_counter() - started < 2.0  # quadratic behaviour would take minutes
