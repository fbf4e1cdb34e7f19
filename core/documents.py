"""The one way Stemme renders documents: PDF with WeasyPrint (``html_to_pdf``) and Word with
python-docx (``DocxBuilder``). The agenda and minutes (meetings), the council's letters
(hearings), the printed letters (notifications) and the annual report all go through here.

Documents are municipal records: PDF/A-3b by default, tagged, with title, author, subject,
keywords, language and creation date in the metadata for the municipality's records system
(ESDH). The metadata usually comes from the HTML itself (``<title>``, ``<meta name="author">``,
``<meta name="description">``, ``<meta name="keywords">``, ``dcterms.created``, ``<html
lang>``); a keyword argument given to ``html_to_pdf`` overrides it."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from weasyprint import HTML

from core.models import GeneratedDocument

DOCUMENT_LANGUAGE = "da"
PDF_VARIANT = "pdf/a-3b"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_EXTENSIONS = {"application/pdf": ".pdf", DOCX_CONTENT_TYPE: ".docx"}

logger = logging.getLogger(__name__)


def html_to_pdf(html: str, *, title: str | None = None, authors: Sequence[str] | None = None,
                subject: str | None = None, keywords: Sequence[str] | None = None,
                created: dt.datetime | None = None, lang: str | None = None,
                pdf_variant: str | None = PDF_VARIANT, tagged: bool = True) -> bytes:
    """The HTML as PDF (WeasyPrint). ``pdf_variant=None`` writes a plain PDF; ``tagged`` adds the
    structure tags screen readers and PDF/A-a need."""
    options = {"pdf_variant": pdf_variant, "pdf_tags": tagged} if pdf_variant else {}
    document = HTML(string=html, base_url=None).render(**options)
    metadata = document.metadata
    if title is not None:
        metadata.title = title
    if authors is not None:
        metadata.authors = list(authors)
    if subject is not None:
        metadata.description = subject
    if keywords is not None:
        metadata.keywords = list(keywords)
    if created is not None:
        metadata.created = created.isoformat()
    if lang is not None:
        metadata.lang = lang
    return document.write_pdf(**options)


class DocxBuilder:
    """An A4 Word document with Stemme's defaults (Arial 11 pt, Danish) and the few blocks the
    agenda, the minutes and the letters are made of. ``document`` is python-docx's own for the
    rest."""

    def __init__(self, *, left: float = 2.5, right: float = 2.5, top: float = 2.0, bottom: float = 2.0,
                 font: str = "Arial", size: int = 11, space_after: int | None = None):
        self.document = Document()
        self.section = self.document.sections[0]
        section = self.section
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin, section.right_margin = Cm(left), Cm(right)
        section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
        normal = self.document.styles["Normal"]
        normal.font.name = font
        normal.font.size = Pt(size)
        if space_after is not None:
            normal.paragraph_format.space_after = Pt(space_after)

    def properties(self, *, title: str, author: str, subject: str, keywords: str, category: str | None = None,
                   language: str = "da-DK") -> None:
        """The core properties the records system reads (created: now)."""
        props = self.document.core_properties
        props.title = title
        props.author = author
        props.subject = subject
        props.keywords = keywords
        props.created = timezone.now().replace(tzinfo=None)
        props.language = language
        if category is not None:
            props.category = category

    def letterhead(self, name: str, lines: Iterable[str], *, size: int, color: RGBColor | None = None,
                   line_size: int | None = None, space_after: int | None = None) -> Paragraph:
        """The sender in bold at the top, with one line each below it (municipality, e-mail)."""
        head = self.document.add_paragraph()
        run = head.add_run(name)
        run.bold = True
        run.font.size = Pt(size)
        if color is not None:
            run.font.color.rgb = color
        for line in lines:
            added = head.add_run("\n" + line)
            if line_size is not None:
                added.font.size = Pt(line_size)
        if space_after is not None:
            head.paragraph_format.space_after = Pt(space_after)
        return head

    def heading(self, text: str, level: int = 1, *, color: RGBColor | None = None) -> Paragraph:
        heading = self.document.add_heading(text, level=level)
        if color is not None:
            for run in heading.runs:
                run.font.color.rgb = color
        return heading

    def paragraph(self, text: str = "", *, style: str | None = None, italic: bool = False,
                  align_right: bool = False) -> Paragraph:
        paragraph = self.document.add_paragraph(text, style=style)
        if italic:
            paragraph.runs[0].italic = True
        if align_right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        return paragraph

    def labelled(self, label: str, text: str) -> None:
        """A bold label with the text below it, one paragraph per blank-line-separated chunk."""
        if not text:
            return
        heading = self.document.add_paragraph()
        heading.add_run(label).bold = True
        heading.paragraph_format.space_after = Pt(0)
        for chunk in text.split("\n\n"):
            self.document.add_paragraph(chunk.strip())

    def table(self, rows: Iterable[Sequence[str]], *, cols: int, header: Sequence[str] | None = None,
              style: str | None = None, bold_first_column: bool = False) -> Table:
        """A table of text cells; the header row and (for label/value tables) the first column bold."""
        table = self.document.add_table(rows=1 if header else 0, cols=cols)
        if style:
            table.style = style
        if header:
            for cell, label in zip(table.rows[0].cells, header, strict=True):
                cell.text = label
                cell.paragraphs[0].runs[0].bold = True
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                cell.text = value
            if bold_first_column:
                cells[0].paragraphs[0].runs[0].bold = True
        return table

    def header(self, text: str, *, size: int | None = None) -> None:
        header = self.section.header.paragraphs[0]
        header.text = text
        header.alignment = WD_ALIGN_PARAGRAPH.LEFT
        if size is not None:
            header.runs[0].font.size = Pt(size)

    def footer(self, text: str) -> None:
        self.section.footer.paragraphs[0].text = text

    def page_numbers_footer(self, page: str, of: str, *, size: int = 8) -> None:
        """"Side 1 af 2" at the right of the footer (Word's PAGE and NUMPAGES fields)."""
        footer = self.section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT

        def field_run(instruction: str) -> None:
            run = footer.add_run()
            begin, instr, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
            begin.set(qn("w:fldCharType"), "begin")
            instr.set(qn("xml:space"), "preserve")
            instr.text = instruction
            end.set(qn("w:fldCharType"), "end")
            run._r.append(begin)
            run._r.append(instr)
            run._r.append(end)
            run.font.size = Pt(size)

        footer.add_run(page + " ").font.size = Pt(size)
        field_run("PAGE")
        footer.add_run(" " + of + " ").font.size = Pt(size)
        field_run("NUMPAGES")

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


# --- Generated documents kept as files -----------------------------------------------------------

def stored_document(*, council: Any, kind: str, source: str, render: Callable[[], bytes], name: str, key: object = "",
                    content_type: str = "application/pdf", language: str = DOCUMENT_LANGUAGE) -> GeneratedDocument:
    """The document rendered from ``source`` (its HTML, or a fingerprint of everything it shows),
    kept as a file: the first call renders it (``render()``) and stores the bytes with the hash of
    ``source``; every later call with the same source returns the stored file without rendering.
    Changed content is a new hash, so a new document. For documents that are sent or published;
    drafts are rendered live."""
    sha256 = hashlib.sha256(source.encode()).hexdigest()
    lookup = {"council": council, "kind": kind, "language": language, "sha256": sha256}
    found = GeneratedDocument.objects.filter(**lookup).first()
    if found is not None and found.file and found.file.storage.exists(found.file.name):
        return found
    data = render()
    document = found or GeneratedDocument(key=str(key)[:80], name=name[:200], content_type=content_type, **lookup)
    document.size = len(data)
    document.file.save(f"{sha256}{_EXTENSIONS.get(content_type, '')}", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # another request stored the same document a moment ago
        document.file.storage.delete(document.file.name)
        return GeneratedDocument.objects.get(**lookup)
    return document


def document_response(request: HttpRequest, content: GeneratedDocument | bytes, *, filename: str,
                      content_type: str = "application/pdf", inline: bool = True,
                      cache_control: str | None = None) -> HttpResponse | FileResponse:
    """The response for a document download. A kept document (``stored_document``) is streamed
    from its file (``FileResponse``, never read into memory), with its content hash as ``ETag``
    and the time it was kept as ``Last-Modified``, so a browser that has it gets 304 Not Modified.
    Bytes (a draft rendered on request) are sent as they are."""
    response: HttpResponse | FileResponse | None
    if isinstance(content, GeneratedDocument):
        etag = f'"{content.sha256}"'
        modified = int(content.created_at.timestamp())
        response = get_conditional_response(request, etag=etag, last_modified=modified)
        if response is None:
            response = FileResponse(content.file.open("rb"), content_type=content.content_type)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(modified)
    else:
        response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename) or ""
    if cache_control:
        response["Cache-Control"] = cache_control
    return response


def store_after_commit(store: Callable[[], object]) -> None:
    """Render and keep a document that has just been sent or published, once the transaction
    has committed, so the first download is served from the file. A failure here is only logged:
    the document is then rendered on its first download instead."""

    def run() -> None:
        try:
            store()
        except Exception:  # noqa: BLE001 – keeping the file early is an optimisation, never an error
            logger.exception("Could not keep the generated document")

    transaction.on_commit(run)
