"""The annual report (*årsberetning*) as documents: a PDF/A that looks like a municipal
publication (WeasyPrint, ``reports/templates/reports/pdf/report.html``) and a Word file (python-docx,
``core.documents.DocxBuilder``) for those who must edit it further in the municipality's own
template.

Both are rendered from one :class:`ReportDocument`: the frozen ``ReportVersion.sections`` of an
approved report, or — for a draft (``version=None``) — the live sections the report includes,
in their order. The annex (*bilag*: the full text of the year's responses and comment letters)
always comes last, after a page break.

The PDF has a cover (council, title, municipality, period; the meeting that approved it, or
"Udkast" in red on a draft), a table of contents with page numbers (``target-counter``), the
council's name and "Side 3 af 12" on every page after the cover (``@page`` margin boxes), each
section under its title with its chart, and the annex.

With ``public=True`` every title, text and chart goes through the disclosure policy
(``core.disclosure.Disclosure.text`` for the council at the period's end): names of people who
did not consent become their role. The internal documents show what members see.

Approved versions are kept as files (``core.documents.stored_document``) under the hash of
their HTML, keyed by the version's SHA-256, so the letter to the committee, the agenda's
attachment and every public download are the same file; drafts are rendered live.

Documents are municipal records and always in Danish, whatever the reader's language."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from html import unescape
from typing import Any

import lxml.html  # type: ignore[import-untyped]  # lxml (python-docx uses it) ships no types
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from docx.enum.text import WD_BREAK
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from core.disclosure import Disclosure
from core.documents import (
    DOCUMENT_LANGUAGE,
    DocxBuilder,
    html_to_pdf,
    store_after_commit,
    stored_document,
)
from core.formats import long_date
from core.models import GeneratedDocument
from core.richtext import sanitise, sanitise_svg
from reports.models import AnnualReport, ReportVersion, SectionKind

PDF_TEMPLATE = "reports/pdf/report.html"
BLUE = RGBColor(0x00, 0x49, 0x93)
_TRANSLIT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)
_SVG_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_SVG_DESC = re.compile(r"<desc\b[^>]*>(.*?)</desc\s*>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_BLOCKS = r"p|li|h[1-6]|td|th|caption|blockquote|div|title|desc"
_BLOCK_START = re.compile(rf"(<(?:{_BLOCKS})\b[^>]*>)", re.IGNORECASE)
_BLOCK_START_NEWLINE = re.compile(rf"(<(?:{_BLOCKS})\b[^>]*>)\n", re.IGNORECASE)


# --- What both formats show ------------------------------------------------------------------------

@dataclass
class DocSection:
    kind: str
    title: str
    body: SafeString    # sanitised HTML, its headings one level below the section's title
    chart: SafeString   # an accessible SVG chart ("" when none)
    anchor: str         # the id the table of contents links to
    raw_body: str = ""  # the body before the headings moved (for Word)
    chart_caption: str = ""  # the chart's own title (<title>), printed above it

    @property
    def is_annex(self) -> bool:
        return self.kind == SectionKind.ANNEX


@dataclass
class ReportDocument:
    report: AnnualReport
    council: Any
    municipality_name: str   # "Albertslund Kommune"
    title: str               # "Årsberetning 2018"
    full_title: str          # "Årsberetning 2018 – Udsatterådet i Albertslund"
    period_text: str         # "1. januar – 31. december 2018"
    is_draft: bool
    status_text: str         # "Godkendt på rådets møde den 3. april 2019." | "Udkast – …"
    version: ReportVersion | None
    public: bool
    generated_at: dt.datetime
    sections: list[DocSection] = field(default_factory=list)  # in order, without the annex
    annex: list[DocSection] = field(default_factory=list)
    description: str = ""
    keywords: str = ""

    @property
    def contents(self) -> list[DocSection]:
        return [*self.sections, *self.annex]


def shift_headings(html: str, *, top: int = 3, exact: bool = False) -> str:
    """The body's headings moved down so the highest is ``h{top}`` (a section's title is h2
    in the PDF and on the public page); never below h6. With ``exact`` they move up to ``top``
    too (Word: the section's title is Heading 1, its own headings start at Heading 2)."""
    levels = [int(level) for _slash, level in _HEADING_TAG.findall(html)]
    if not levels or (min(levels) >= top and not exact) or min(levels) == top:
        return html
    shift = top - min(levels)
    return _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + shift, 6)}", html)


def chart_title(svg: str) -> str:
    """The chart's accessible name (its ``<title>``) as plain text."""
    return unescape(_clean(_TAGS.sub("", " ".join(_SVG_TITLE.findall(svg or "")))))


def _period_text(report: AnnualReport) -> str:
    """"1. januar – 31. december 2018" (the year once when the period is inside one year)."""
    start, end = report.period_start, report.period_end
    first = long_date(start).rsplit(" ", 1)[0] if start.year == end.year else long_date(start)
    return f"{first} – {long_date(end)}"


def _status_text(report: AnnualReport, version: ReportVersion | None) -> str:
    _ = translation.gettext
    if version is None:
        if report.is_approved:
            return _("Arbejdsudgave af en godkendt beretning – ikke den godkendte tekst.")
        return _("Beretningen er endnu ikke godkendt af rådet.")
    meeting = version.meeting
    if meeting is not None:
        return _("Godkendt på rådets møde den %(date)s.") % {"date": long_date(timezone.localtime(meeting.starts_at))}
    return _("Godkendt den %(date)s.") % {"date": long_date(timezone.localtime(version.approved_at))}


def _raw_sections(report: AnnualReport, version: ReportVersion | None) -> list[dict]:
    if version is not None:
        return [dict(section) for section in version.sections or []]
    return [{"kind": s.kind, "title": s.title, "body": s.body, "chart": getattr(s, "chart", "") or ""}
            for s in report.sections.all() if s.included]


def report_document(*, report: AnnualReport, version: ReportVersion | None = None,
                    public: bool = False) -> ReportDocument:
    """The report as the documents lay it out. ``version`` None = the live draft."""
    _ = translation.gettext
    council = report.council
    disclosure = Disclosure.for_council(council, on=report.period_end) if public else None

    def text(value: str) -> str:
        if disclosure is None or not value:
            return value or ""
        # Each block starts a line, so a role put in place of a name at a paragraph's start is
        # capitalised ("Et medlem blev valgt …") like one at the start of a sentence.
        return _BLOCK_START_NEWLINE.sub(r"\1", disclosure.text(_BLOCK_START.sub(r"\1\n", value)))

    sections: list[DocSection] = []
    annex: list[DocSection] = []
    for index, raw in enumerate(_raw_sections(report, version), start=1):
        body = sanitise(text(raw.get("body", "")))
        chart = sanitise_svg(text(raw.get("chart", "")))
        section = DocSection(kind=raw.get("kind", ""), title=text(raw.get("title", "")),
                             body=mark_safe(shift_headings(body)),  # nosec B308 B703  # noqa: S308 – sanitised just above
                             chart=mark_safe(chart),  # nosec B308 B703  # noqa: S308 – sanitised just above
                             anchor=f"afsnit-{index}", raw_body=body, chart_caption=chart_title(chart))
        (annex if section.is_annex else sections).append(section)
    municipality = _("%(name)s Kommune") % {"name": council.municipality.name}
    title = report.title or _("Årsberetning %(year)s") % {"year": report.year}
    stamp = version.approved_at if version is not None else None
    if public and report.published_at is not None:
        stamp = report.published_at
    return ReportDocument(
        report=report, council=council, municipality_name=municipality, title=title,
        full_title=f"{title} – {council.name}", period_text=_period_text(report),
        is_draft=version is None, status_text=_status_text(report, version), version=version, public=public,
        generated_at=timezone.localtime(stamp) if stamp else timezone.localtime(),
        sections=sections, annex=annex,
        description=_("%(title)s for %(council)s, %(municipality)s, %(period)s") % {
            "title": title, "council": council.name, "municipality": municipality,
            "period": _period_text(report)},
        keywords=", ".join([_("Årsberetning"), council.name, municipality, str(report.year)]))


def public_page_section(section: DocSection) -> DocSection:
    """The section as the public HTML page shows it: its tables in the design system's look
    (the sanitised body has bare ``<table>`` tags; the page's styles allow no inline CSS)."""
    body = str(section.body).replace("<table>", '<table class="table table--compact">')
    return replace(section, body=mark_safe(body))  # nosec B308 B703  # noqa: S308 – the sanitised body with a class added


def report_html_context(*, report: AnnualReport, version: ReportVersion | None = None,
                        public: bool = False) -> dict:
    return {"doc": report_document(report=report, version=version, public=public)}


def report_html(*, report: AnnualReport, version: ReportVersion | None = None, public: bool = False) -> str:
    """The HTML the PDF is rendered from (also for the benchmark's pure WeasyPrint render)."""
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string(PDF_TEMPLATE, report_html_context(report=report, version=version, public=public))


def report_filename(report: AnnualReport, ext: str, *, draft: bool = False) -> str:
    """"aarsberetning-2018-udsatteraadet-i-albertslund.pdf" ("…-udkast.pdf" for a draft)."""
    stem = slugify(f"aarsberetning {report.year} {report.council.name}".translate(_TRANSLIT))[:80].rstrip("-")
    return f"{stem}{'-udkast' if draft else ''}.{ext.lstrip('.')}"


# --- PDF ---------------------------------------------------------------------------------------------

def report_pdf_document(*, report: AnnualReport, version: ReportVersion | None = None,
                        public: bool = False) -> GeneratedDocument | bytes:
    """The report as PDF/A-3b (tagged, with title, author, subject, keywords and language). An
    approved ``version`` is rendered once and kept (the kept file); a draft is rendered each time
    (bytes)."""
    html = report_html(report=report, version=version, public=public)
    if version is None:
        return html_to_pdf(html)
    return stored_document(council=report.council, kind="reports.report.public" if public else "reports.report",
                           key=version.sha256, source=html, render=lambda: html_to_pdf(html),
                           name=report_filename(report, "pdf"))


def report_pdf(*, report: AnnualReport, version: ReportVersion | None = None, public: bool = False) -> bytes:
    """``report_pdf_document``'s bytes."""
    document = report_pdf_document(report=report, version=version, public=public)
    return document if isinstance(document, bytes) else document.read()


def keep_report_pdfs(*, report: AnnualReport, version: ReportVersion) -> None:
    """After approval or publication: render the internal and the public PDF once the transaction
    commits and keep them, so the letter and the downloads are served from the files."""
    report_pk, version_pk = report.pk, version.pk

    def store() -> None:
        fresh = AnnualReport.objects.select_related("council", "council__municipality").get(pk=report_pk)
        kept = ReportVersion.objects.select_related("meeting").get(pk=version_pk)
        report_pdf(report=fresh, version=kept)
        if fresh.is_published:
            report_pdf(report=fresh, version=kept, public=True)

    store_after_commit(store)


# --- Word --------------------------------------------------------------------------------------------

def report_docx(*, report: AnnualReport, version: ReportVersion | None = None, public: bool = False) -> bytes:
    """The same report as a Word document: cover, contents, every section with its headings,
    paragraphs, lists and tables (the economy table), each chart as its text, and the annex."""
    with translation.override(DOCUMENT_LANGUAGE):
        return _docx(report_document(report=report, version=version, public=public))


def _docx(doc: ReportDocument) -> bytes:
    _ = translation.gettext
    word = DocxBuilder(space_after=6)
    word.properties(title=doc.full_title, author=doc.council.name, subject=doc.description, keywords=doc.keywords,
                    category=_("Årsberetning"))
    word.letterhead(doc.council.name, [doc.municipality_name], size=15, color=BLUE, line_size=10, space_after=60)
    cover = word.document.add_paragraph()
    run = cover.add_run(doc.title)
    run.bold = True
    run.font.size = Pt(30)
    run.font.color.rgb = BLUE
    word.paragraph(doc.period_text)
    status = word.paragraph()
    if doc.is_draft:
        mark = status.add_run(_("UDKAST") + "\n")
        mark.bold = True
        mark.font.color.rgb = RGBColor(0xA0, 0x00, 0x00)
    status.add_run(doc.status_text)
    _page_break(word)

    word.heading(_("Indhold"), level=1, color=BLUE)
    for section in doc.sections:
        word.paragraph(section.title, style="List Number")
    for section in doc.annex:  # the annex without a number, as in the PDF
        word.paragraph(section.title)
    for index, section in enumerate(doc.contents):
        if index == 0 or section.is_annex and section is doc.annex[0]:
            _page_break(word)
        word.heading(section.title, level=1, color=BLUE)
        _docx_html(word, shift_headings(section.raw_body, top=2, exact=True))
        if section.chart:
            _docx_chart(word, str(section.chart))

    word.header(f"{doc.council.name} · {doc.title}", size=8)
    word.page_numbers_footer(_("Side"), _("af"))
    return word.to_bytes()


def _page_break(word: DocxBuilder) -> None:
    word.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def _docx_chart(word: DocxBuilder, svg: str) -> None:
    """A chart in Word is its text: the chart's name and description (the numbers are in the
    section's own text or table)."""
    _ = translation.gettext
    title = chart_title(svg)
    desc = unescape(_clean(_TAGS.sub("", " ".join(_SVG_DESC.findall(svg)))))
    if title or desc:
        paragraph = word.document.add_paragraph()
        paragraph.add_run(_("Figur") + ": ").bold = True
        paragraph.add_run(" ".join(part for part in (title + ("." if title and not title.endswith(".") else ""), desc)
                                   if part)).italic = True


def _docx_html(word: DocxBuilder, html: str) -> None:
    if not html or not html.strip():
        return
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    _docx_blocks(word, root)


def _docx_blocks(word: DocxBuilder, element: Any) -> None:
    if _clean(element.text or ""):
        word.paragraph(_clean(element.text))
    for child in element:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if re.fullmatch(r"h[1-6]", tag):
            word.heading(_clean(child.text_content()), level=min(int(tag[1]), 4), color=RGBColor(0x1A, 0x1A, 0x1A))
        elif tag == "p":
            _runs(word.document.add_paragraph(), child)
        elif tag in ("ul", "ol"):
            _docx_list(word, child, numbered=tag == "ol")
        elif tag == "table":
            _docx_table(word, child)
        elif tag == "blockquote":
            _runs(word.document.add_paragraph(style="Quote"), child)
        elif tag in ("div", "section", "figure", "article"):
            _docx_blocks(word, child)
        elif tag in ("figcaption", "caption"):
            word.paragraph(_clean(child.text_content()), italic=True)
        elif tag and tag != "br":
            _runs(word.document.add_paragraph(), child)
        if _clean(child.tail or ""):
            word.paragraph(_clean(child.tail))


def _docx_list(word: DocxBuilder, element: Any, *, numbered: bool, depth: int = 0) -> None:
    style = ("List Number" if numbered else "List Bullet") + (f" {depth + 1}" if depth else "")
    for item in element:
        if not isinstance(item.tag, str) or item.tag.lower() != "li":
            continue
        nested = [c for c in item if isinstance(c.tag, str) and c.tag.lower() in ("ul", "ol")]
        paragraph = word.document.add_paragraph(style=style)
        _runs(paragraph, item, skip=set(nested))
        for sub in nested:
            _docx_list(word, sub, numbered=sub.tag.lower() == "ol", depth=min(depth + 1, 2))


def _docx_table(word: DocxBuilder, element: Any) -> None:
    rows: list[list[str]] = []
    header: list[str] | None = None
    caption = element.find("caption")
    if caption is not None and _clean(caption.text_content()):
        word.paragraph(_clean(caption.text_content())).runs[0].bold = True
    for tr in element.iter("tr"):
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("th", "td")]
        values = [_clean(c.text_content()) for c in cells]
        in_head = tr.getparent() is not None and tr.getparent().tag == "thead"
        if header is None and not rows and (in_head or (cells and all(c.tag.lower() == "th" for c in cells))):
            header = values
        else:
            rows.append(values)
    cols = max([len(header or [])] + [len(r) for r in rows] + [1])
    header = header + [""] * (cols - len(header)) if header is not None else None
    table = word.table([r + [""] * (cols - len(r)) for r in rows], cols=cols, header=header, style="Table Grid")
    # Figures read right-aligned, as in the PDF.
    for row in table.rows:
        for cell in row.cells[1:]:
            for paragraph in cell.paragraphs:
                if re.fullmatch(r"[-−]?[\d.,\s]+( kr\.?| %)?", paragraph.text or "x"):
                    paragraph.alignment = 2  # WD_ALIGN_PARAGRAPH.RIGHT


def _runs(paragraph: Paragraph, element: Any, *, bold: bool = False, italic: bool = False,
          underline: bool = False, skip: set | None = None) -> None:
    """The inline content of ``element`` as runs: bold, italic, underline and line breaks kept."""

    def add(text: str | None) -> None:
        if text:
            text = re.sub(r"\s+", " ", text)
            run = paragraph.add_run(text)
            run.bold, run.italic, run.underline = bold or None, italic or None, underline or None

    add(element.text)
    for child in element:
        if skip and child in skip:
            continue
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "br":
            paragraph.add_run().add_break()
        elif tag:
            _runs(paragraph, child, bold=bold or tag in ("strong", "b", "th"), italic=italic or tag in ("em", "i"),
                  underline=underline or tag == "u")
        add(child.tail)
