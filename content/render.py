"""Markdown to safe HTML: raw HTML is escaped by the parser, then the result is sanitised."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
ALLOWED_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "blockquote", "br",
                "hr", "code", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> str:
    """Render Markdown; any ``<script>`` or other HTML in the source comes out as text."""
    html = _MD.render(text)
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"https", "http"}, link_rel="noopener noreferrer nofollow")
