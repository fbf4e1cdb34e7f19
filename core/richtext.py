"""Rich text people write in the browser (the annual report's sections): sanitised with nh3 to a
short list of tags before it is stored, turned into plain lines for a diff, and guarded against
CPR numbers.

What is kept: paragraphs and line breaks, bold/italic/underline, lists, headings h2–h4, quotes,
links (http, https and mailto only, ``rel="noopener"``) and simple tables (the economy table).
Everything else is dropped: scripts and styles with their content, event handlers, ``style``
and ``class`` attributes, images, forms, frames.

Charts are not rich text. An SVG chart the machine drafts (the attendance chart) is kept apart
from the editable body and cleaned with :func:`sanitise_svg`, which allows only the drawing
elements and the accessible name and description."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

from core.errors import ApplicationError
from core.text import contains_cpr
from core.validators import CPR_MESSAGE

ALLOWED_TAGS: frozenset[str] = frozenset({
    "p", "br", "div", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "a",
    "table", "caption", "thead", "tbody", "tr", "th", "td",
})
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
_DROP_WITH_CONTENT = {"script", "style", "svg", "math", "template", "iframe", "object", "noscript"}

SVG_TAGS: frozenset[str] = frozenset({
    "svg", "g", "title", "desc", "rect", "line", "polyline", "path", "circle", "text", "tspan",
})
_SVG_GEOMETRY = {"x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height", "d", "points",
                 "fill", "stroke", "stroke-width", "class", "transform", "text-anchor", "dominant-baseline",
                 "font-size", "font-weight", "font-family", "aria-hidden"}
SVG_ATTRIBUTES: dict[str, set[str]] = {
    "svg": {"role", "viewbox", "viewBox", "width", "height", "xmlns", "aria-labelledby", "aria-describedby",
            "aria-label", "class", "focusable", "preserveAspectRatio", "preserveaspectratio"},
    "title": {"id"},
    "desc": {"id"},
    **{tag: set(_SVG_GEOMETRY) for tag in ("g", "rect", "line", "polyline", "path", "circle", "text", "tspan")},
}


def sanitise(html: str | None) -> str:
    """The HTML with only the allowed tags and attributes left (see the module's docstring)."""
    if not html:
        return ""
    cleaned = nh3.clean(html, tags=set(ALLOWED_TAGS), attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
                        clean_content_tags=set(_DROP_WITH_CONTENT), url_schemes=set(URL_SCHEMES),
                        link_rel="noopener", url_relative="deny", strip_comments=True)
    return cleaned.strip()


def sanitise_svg(svg: str | None) -> str:
    """A machine-drawn chart with only SVG drawing elements and its accessible name left."""
    if not svg:
        return ""
    return nh3.clean(svg, tags=set(SVG_TAGS), attributes={k: set(v) for k, v in SVG_ATTRIBUTES.items()},
                     clean_content_tags={"script", "style", "foreignObject", "a"}, url_schemes=set(),
                     link_rel=None, strip_comments=True).strip()


_SVG_RE = re.compile(r"<svg\b.*?</svg\s*>", re.IGNORECASE | re.DOTALL)


def split_svg(html: str | None) -> tuple[str, str]:
    """Split machine HTML into (the HTML without its SVG charts, the charts): the charts are
    shown beside the text and never become part of what people edit."""
    if not html:
        return "", ""
    charts = _SVG_RE.findall(html)
    return _SVG_RE.sub("", html), "\n".join(charts)


_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "table", "ul", "ol",
               "caption", "pre"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.cells: list[str] | None = None

    def _end_line(self) -> None:
        line = re.sub(r"\s+", " ", "".join(self.current)).strip()
        if line:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "svg"):
            self.skip += 1
        elif tag == "br":
            self._end_line()
        elif tag == "li":
            self._end_line()
            self.current.append("• ")
        elif tag in ("td", "th") and self.current and "".join(self.current).strip():
            self.current.append(" | ")
        elif tag in _BLOCK_TAGS:
            self._end_line()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._end_line()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "svg"):
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self._end_line()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.current.append(data)


def html_to_text(html: str | None) -> str:
    """The text of rich HTML as lines (one per paragraph, list item, heading or table row), for a
    diff people can read and for searching the text for figures and CPR numbers."""
    if not html:
        return ""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    parser._end_line()
    return "\n".join(parser.lines)


def check_no_cpr(html: str | None, *, field: str = "body") -> None:
    """Refuse rich text that holds a CPR number, in its text or in its markup (a link)."""
    if contains_cpr(html_to_text(html)) or contains_cpr(html):
        raise ApplicationError(CPR_MESSAGE, field=field, code="cpr")
