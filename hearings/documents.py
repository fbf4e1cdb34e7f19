"""The council's letters as documents: consultation responses (*høringssvar*) and comments on a
committee's agenda (*kommentarbreve*), as PDF/A with WeasyPrint from
``hearings/templates/hearings/pdf/letter.html`` and as Word with python-docx.

A letter is described by a ``LetterDocument`` that the selectors build
(``hearings.selectors.consultations.response_document`` and
``hearings.selectors.letters.comment_letter_document``); this module only lays it out as a
Danish municipal letter: letterhead with the council name(s), municipality and e-mail, the
recipient, "Albertslund, 12. marts 2019", the subject in bold, the intro, one section per
heading, the closing and the signatures, and "Side 1 af 2" in the footer.

Letters are municipal records, so they are always written in Danish whatever the language
of the person who downloads them. The PDF is PDF/A-3b with title, author (the council
name(s)), subject, keywords, language and creation date in its metadata, for the
municipality's records system (ESDH)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from docx.shared import Pt, RGBColor

from core.documents import DOCUMENT_LANGUAGE, DocxBuilder, html_to_pdf, stored_document
from core.formats import long_date
from core.models import GeneratedDocument

LETTER_TEMPLATE = "hearings/pdf/letter.html"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
_TRANSLIT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})


@dataclass
class LetterSection:
    heading: str
    text: str


@dataclass
class LetterDocument:
    councils: list          # sending Council objects; first = lead (joint responses: several)
    date: dt.date
    recipient_name: str
    subject: str            # e.g. "Høringssvar vedrørende Ungestrategi 2019"
    intro: str              # may be multi-paragraph (blank line = new paragraph)
    sections: list[LetterSection]
    closing: str = ""
    signatures: list[str] = field(default_factory=list)   # "Anna Jensen, formand, Udsatterådet i Albertslund"
    reference: str = ""     # e.g. case code
    kind: str = "response"  # "response" | "comments" (PDF metadata/title)


# --- Shared layout values -----------------------------------------------------------------------

def paragraphs(text: str) -> list[str]:
    """A free text split into paragraphs at blank lines (single line breaks stay in the paragraph)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return [chunk.strip() for chunk in _PARAGRAPH_BREAK.split(text) if chunk.strip()] if text else []


def council_names(councils) -> str:
    """"Udsatterådet i Albertslund" or, joint, "Udsatterådet i Albertslund og Handicaprådet i Albertslund"."""
    names = [c.name for c in councils]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " og " + names[-1]


def _municipality_names(councils) -> list[str]:
    seen: list[str] = []
    for council in councils:
        name = f"{council.municipality.name} Kommune"
        if name not in seen:
            seen.append(name)
    return seen


@dataclass
class _Signature:
    name: str
    lines: list[str]


def _signature(text: str) -> _Signature:
    """"Anna Jensen, formand, Udsatterådet i Albertslund" → name and the lines below it."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        return _Signature(name="", lines=[])
    return _Signature(name=parts[0], lines=[line[:1].upper() + line[1:] for line in parts[1:]])


def _kind_label(kind: str) -> str:
    _ = translation.gettext
    return _("Kommentarer til dagsorden") if kind == "comments" else translation.pgettext("one response", "Høringssvar")


def needs_greeting(closing: str) -> bool:
    """False when the closing already ends with a greeting ("Venlig hilsen …")."""
    last = (paragraphs(closing) or [""])[-1].lower()
    return not ("hilsen" in last or "hilsner" in last)


def _context(doc: LetterDocument) -> dict:
    _ = translation.gettext
    lead = doc.councils[0]
    names = council_names(doc.councils)
    date_long = long_date(doc.date)
    label = _kind_label(doc.kind)
    title = doc.subject or f"{label} – {names}"
    sections = [{"heading": s.heading, "paragraphs": paragraphs(s.text)} for s in doc.sections]
    closing = paragraphs(doc.closing)
    return {
        "doc": doc,
        "label": label,
        "title": title,
        "sender": names,
        "councils": list(doc.councils),
        "emails": [c.email for c in doc.councils if c.email],
        "municipalities": _municipality_names(doc.councils),
        "place_date": f"{lead.municipality.name}, {date_long}",
        "date_long": date_long,
        "description": _("%(label)s fra %(sender)s til %(recipient)s, %(date)s") % {
            "label": label, "sender": names, "recipient": doc.recipient_name or "–", "date": date_long},
        "keywords": ", ".join([label, *(c.name for c in doc.councils), *_municipality_names(doc.councils)]),
        "intro": paragraphs(doc.intro),
        "sections": sections,
        "closing": closing,
        "greeting": _("Med venlig hilsen") if needs_greeting(doc.closing) else "",
        "signatures": [_signature(s) for s in doc.signatures if s.strip()],
        "generated_at": timezone.localtime(),
    }


# --- PDF ----------------------------------------------------------------------------------------

def letter_html(doc: LetterDocument) -> str:
    """The HTML the PDF is rendered from (for benchmarks and debugging)."""
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string(LETTER_TEMPLATE, _context(doc))


def letter_pdf(doc: LetterDocument) -> bytes:
    """The letter as PDF/A-3b (tagged, with metadata), always in Danish."""
    return html_to_pdf(letter_html(doc))


def letter_fingerprint(doc: LetterDocument) -> str:
    """A hash of everything the letter shows (councils' names, e-mails and municipalities included),
    so a cached PDF is used only while the letter would come out the same."""
    data = {
        "councils": [[c.name, c.email, c.municipality.name] for c in doc.councils],
        "date": doc.date.isoformat(), "recipient": doc.recipient_name, "subject": doc.subject, "intro": doc.intro,
        "sections": [[s.heading, s.text] for s in doc.sections], "closing": doc.closing,
        "signatures": doc.signatures, "reference": doc.reference, "kind": doc.kind, "template": LETTER_TEMPLATE,
    }
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def letter_pdf_document(doc: LetterDocument, *, key="") -> GeneratedDocument:
    """``letter_pdf`` of a sent letter, kept as a file (``core.documents.stored_document``) under
    the letter's fingerprint: rendered once, then the same file for the e-mail, the public PDF link
    and every download, where WeasyPrint is the slow part. ``key`` names the letter or consultation."""
    return stored_document(council=doc.councils[0], kind=f"hearings.{doc.kind}", key=key,
                           source=letter_fingerprint(doc), render=lambda: letter_pdf(doc),
                           name=letter_filename(doc, "pdf"))


def letter_pdf_cached(doc: LetterDocument, *, key="") -> bytes:
    """``letter_pdf_document``'s bytes (an e-mail's attachment)."""
    return letter_pdf_document(doc, key=key).read()


def letter_filename(doc: LetterDocument, ext: str) -> str:
    """"hoeringssvar-vedroerende-ungestrategi-2019-2019-03-12.pdf": the subject (or the kind) and the date."""
    stem = _ascii_slug(doc.subject)[:60].rstrip("-")
    if not stem:
        stem = "kommentarer" if doc.kind == "comments" else "hoeringssvar"
    return f"{stem}-{doc.date:%Y-%m-%d}.{ext.lstrip('.')}"


def _ascii_slug(text: str) -> str:
    return slugify((text or "").translate(_TRANSLIT))


# --- Word ---------------------------------------------------------------------------------------

def letter_docx(doc: LetterDocument) -> bytes:
    """The same letter as a Word document (for the secretariat to adjust before sending by hand)."""
    with translation.override(DOCUMENT_LANGUAGE):
        return _docx(_context(doc))


def _docx(context: dict) -> bytes:
    _ = translation.gettext
    doc: LetterDocument = context["doc"]

    word = DocxBuilder(right=2.0, bottom=2.2, space_after=6)
    word.section.different_first_page_header_footer = False
    word.properties(title=context["title"], author=context["sender"], subject=context["description"],
                    keywords=context["keywords"], category=context["label"])
    word.letterhead(context["sender"], context["municipalities"] + context["emails"], size=15,
                    color=RGBColor(0x00, 0x49, 0x93), line_size=10, space_after=18)

    recipient = word.paragraph()
    if doc.recipient_name:
        recipient.add_run(_("Til")).bold = True
        recipient.add_run("\n" + doc.recipient_name)
    word.paragraph(context["place_date"], align_right=True)
    if doc.reference:
        word.paragraph(_("Sag: %(ref)s") % {"ref": doc.reference}, align_right=True)

    subject = word.paragraph()
    subject.paragraph_format.space_before = Pt(12)
    subject_run = subject.add_run(context["title"])
    subject_run.bold = True
    subject_run.font.size = Pt(13)

    for chunk in context["intro"]:
        word.paragraph(chunk)
    for sec in context["sections"]:
        word.heading(sec["heading"], level=2, color=RGBColor(0x1A, 0x1A, 0x1A))
        for chunk in sec["paragraphs"]:
            word.paragraph(chunk)
    for chunk in context["closing"]:
        word.paragraph(chunk)
    if context["greeting"]:
        word.paragraph(context["greeting"]).paragraph_format.space_before = Pt(12)
    signatures = context["signatures"]
    if signatures:
        table = word.document.add_table(rows=1, cols=min(len(signatures), 2))
        for index, signature in enumerate(signatures):
            if index and index % 2 == 0:
                table.add_row()
            cell = table.rows[index // 2].cells[index % 2]
            para = cell.paragraphs[0]
            para.paragraph_format.space_before = Pt(18)
            para.add_run(signature.name).bold = True
            for line in signature.lines:
                para.add_run("\n" + line)

    word.header(f"{context['sender']} · {context['date_long']}", size=8)
    word.page_numbers_footer(_("Side"), _("af"))
    return word.to_bytes()
