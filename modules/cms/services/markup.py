"""Page bodies as safe, limited markup: vendors write plain text with a few markdown-like
marks, and what they write is always escaped — no HTML of theirs reaches a visitor.

Supported: blank-line separated paragraphs, ``#``/``##``/``###`` headings, ``-`` or ``*``
bullet lists, ``1.`` numbered lists, ``**bold**``, ``*italic*``, ``[text](url)`` links
(http, https, mailto, tel and site-relative only) and single line breaks.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

HEADING = re.compile(r"^(#{1,3})\s+(.+)$")
BULLET = re.compile(r"^[-*]\s+(.+)$")
NUMBERED = re.compile(r"^\d{1,3}[.)]\s+(.+)$")
LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
ITALIC = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")
SAFE_URL = re.compile(r"^(https?://|mailto:|tel:|/(?!/)|#)", re.I)


def _inline(text: str) -> str:
    """Escape first, then turn the marks into tags: every character a vendor typed is text."""
    html = str(escape(text))

    def link(match: re.Match) -> str:
        label, url = match.group(1), match.group(2)
        # ``url`` is already escaped (``&amp;``, ``&quot;``); quotes cannot leave the attribute.
        if not SAFE_URL.match(url):
            return label
        external = url.lower().startswith(("http://", "https://"))
        rel = ' rel="noopener nofollow"' if external else ""
        return f'<a href="{url}"{rel}>{label}</a>'

    html = LINK.sub(link, html)
    html = BOLD.sub(r"<strong>\1</strong>", html)
    html = ITALIC.sub(r"<em>\1</em>", html)
    return html


def render_body(text: str | None) -> Markup:
    """``text`` as HTML: safe to output unescaped in a template."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        lines = [line.rstrip() for line in block.split("\n") if line.strip()]
        run_kind, run = None, []  # consecutive lines of one kind: a list, or a paragraph
        for line in lines + [None]:
            heading = HEADING.match(line) if line is not None else None
            kind = None if line is None or heading else _line_kind(line)
            if run and kind != run_kind:
                out.append(_close(run_kind, run))
                run = []
            if heading:
                level = len(heading.group(1)) + 1  # the page title is the h1
                out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
            elif line is not None:
                run_kind = kind
                run.append(line)
    return Markup("\n".join(out))


def _line_kind(line: str) -> str:
    if BULLET.match(line):
        return "ul"
    if NUMBERED.match(line):
        return "ol"
    return "p"


def _close(kind: str, lines: list[str]) -> str:
    if kind == "ul":
        return (
            "<ul>" + "".join(f"<li>{_inline(BULLET.match(line).group(1))}</li>" for line in lines) + "</ul>"
        )
    if kind == "ol":
        return (
            "<ol>" + "".join(f"<li>{_inline(NUMBERED.match(line).group(1))}</li>" for line in lines) + "</ol>"
        )
    return "<p>" + "<br>".join(_inline(line) for line in lines) + "</p>"


def plain_excerpt(text: str | None, length: int = 160) -> str:
    """The body's first words without marks, for lists and meta descriptions."""
    flat = LINK.sub(r"\1", text or "")
    flat = re.sub(r"[#*]+", "", flat)
    flat = " ".join(flat.split())
    return flat if len(flat) <= length else flat[: length - 1].rsplit(" ", 1)[0] + "…"
