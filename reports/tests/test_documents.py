"""The annual report as documents: the PDF/A read back with pdftotext (cover, contents with page
numbers, section titles, figures, the chart, the annex with the letters, the running header and
footer, the metadata), its first pages rendered to PNG in test-artifacts/ for a person to look at, and the Word file
read back with python-docx. Reports are built straight from the models
(``reports.tests.documents_builders``)."""

import datetime as dt
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from councils.models import Municipality
from reports import documents
from reports.models import SectionKind
from reports.tests.documents_builders import SECTIONS, approve, publish, report_with_sections

pytestmark = pytest.mark.django_db
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (make test-packages)")
# Where the first pages go as PNG for a person to look at (like check_axe's screenshots);
# STEMME_PDF_PNG_DIR puts them elsewhere.
SCREENSHOTS = Path(os.environ.get("STEMME_PDF_PNG_DIR", Path(__file__).resolve().parents[2] / "test-artifacts"))


@pytest.fixture
def council(make_council, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    council = make_council("albertslund", name="Udsatterådet i Albertslund", term_start=dt.date(2018, 1, 1),
                           term_end=dt.date(2021, 12, 31))
    Municipality.objects.filter(pk=council.municipality_id).update(name="Albertslund")
    council.municipality.refresh_from_db()
    return council


def pdftotext(data: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode()


def pages(text: str) -> list[str]:
    return text.split("\f")


def words(text: str) -> str:
    return " ".join(text.split())


def render_pngs(data: bytes, name: str, *, last: int = 3) -> list[Path]:
    """The first pages as PNG in ``SCREENSHOTS`` (``pdftoppm -png -r 60``), to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    source = SCREENSHOTS / f"{name}.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", str(last), str(source),
                    str(SCREENSHOTS / name)], check=True)
    return sorted(SCREENSHOTS.glob(f"{name}-*.png"))


@needs_poppler
def test_the_approved_pdf_reads_like_a_municipal_publication(council):
    from meetings.services import plan

    start = dt.datetime(2019, 4, 3, 16, tzinfo=dt.UTC)
    meeting = plan.meeting_create(council=council, kind="ordinary", starts_at=start,
                                  ends_at=start + dt.timedelta(hours=2), location="Rådhuset")
    report = report_with_sections(council)
    version = approve(report, meeting=meeting)
    data = documents.report_pdf(report=report, version=version)
    render_pngs(data, "report-approved")
    text = pdftotext(data)
    sheets = pages(text)

    # The cover: municipality, council, title, period, the meeting that approved it; no page number.
    cover = words(sheets[0])
    for expected in ("ALBERTSLUND KOMMUNE", "Udsatterådet i Albertslund", "Årsberetning 2018",
                     "Perioden 1. januar – 31. december 2018", "Godkendt på rådets møde den 3. april 2019."):
        assert expected in cover, expected
    assert "Udkast" not in cover and "UDKAST" not in cover and "Side" not in cover

    # The contents: every section with the page it starts on, the annex last without a number.
    contents = sheets[1]
    entries = dict(re.findall(r"^\s*(?:\d+\.)?\s+(\S.*?)[ .]*\.\s+(\d+)\s*$", contents, re.M))
    titles = [title for _kind, title, _body in SECTIONS]
    assert list(entries) == titles
    for title, page in entries.items():
        heading = next(n for n, sheet in enumerate(sheets, start=1) if re.search(
            rf"^\s*(\d+\.\s+)?{re.escape(title)}\s*$", sheet, re.M) and n > 2)
        assert int(page) == heading, (title, page, heading)
    assert re.search(r"^\s*1\.\s+Indledning", contents, re.M)
    assert re.search(r"^\s+Bilag: høringssvar og kommentarer", contents, re.M)  # unnumbered

    # Every page after the cover: the council's name in the header, "Side n af N" in the footer.
    total = len([s for s in sheets if s.strip()])
    for number, sheet in enumerate(sheets[1:total], start=2):
        assert "Udsatterådet i Albertslund" in sheet.splitlines()[0]
        assert f"Side {number} af {total}" in sheet

    body = words(text)
    # The sections' figures, the table, the chart's caption and its labels.
    for figure in ("Rådet holdt 4 møder i 2018. Forretningsordenen krævede 4 møder om året.",
                   "Pr. 1. april 2019 sad der 9 medlemmer i rådet.", "Årsmøde for udsatteråd i Odense: 4 medlemmer",
                   "Rådet brugte 33.125 kr. af et budget på 40.000 kr.", "Diæter i alt 20.000 kr. 16.800 kr.",
                   "Figur: Fremmøde pr. møde i 2018", "17. april 12. juni 4. september 27. november"):
        assert figure in body, figure
    # The annex from a page of its own, with the letters' full text under their headings.
    annex = words(next(s for s in sheets if "Bilag: høringssvar og kommentarer" in s and "BILAG" in s))
    assert annex.index("BILAG") < annex.index("Høringssvar om ungestrategien") < annex.index(
        "Kommentarer til Socialudvalgets møde 4. december 2018")
    assert "Rådet anbefaler, at strategien får et mål om boliger til unge." in annex
    assert "Anbefalinger og fremadrettet" not in annex

    # PDF/A metadata for the records system.
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "Årsberetning 2018 – Udsatterådet i Albertslund"
    assert reader.metadata.author == "Udsatterådet i Albertslund"
    assert "Albertslund Kommune" in reader.metadata.subject
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert b"pdfaid:part" in root["/Metadata"].get_data()
    def flat(outline):
        return [entry for item in outline for entry in (flat(item) if isinstance(item, list) else [item])]

    assert {"Årsberetning 2018", "Indhold", "1. Indledning", "Bilag: høringssvar og kommentarer"} <= {
        entry.title for entry in flat(reader.outline)}  # bookmarks: the headings


@needs_poppler
def test_the_draft_pdf_is_marked_udkast_on_the_cover_and_every_page(council):
    report = report_with_sections(council)
    data = documents.report_pdf(report=report)
    render_pngs(data, "report-draft")
    sheets = [s for s in pages(pdftotext(data)) if s.strip()]
    cover = words(sheets[0])
    assert "UDKAST" in cover and "Beretningen er endnu ikke godkendt af rådet." in cover
    assert "Godkendt" not in cover
    assert all("UDKAST" in sheet.splitlines()[0] for sheet in sheets[1:])


@needs_poppler
def test_the_draft_is_the_live_included_sections_in_their_order(council):
    report = report_with_sections(council)
    report.sections.filter(kind=SectionKind.LIBRARY).update(included=False)
    report.sections.filter(kind=SectionKind.ECONOMY).update(position=0)
    report.sections.filter(kind=SectionKind.INTRODUCTION).update(position=2)
    # The annex comes last whatever its position.
    report.sections.filter(kind=SectionKind.ANNEX).update(position=1)
    body = words(pdftotext(documents.report_pdf(report=report)))
    assert "Rapporter til inspiration" not in body
    contents = body[body.index("Indhold"):body.index("Bilag: høringssvar og kommentarer")]
    assert contents.index("1. Økonomi") < contents.index("2. Sammensætning") < contents.index("3. Indledning")
    assert body.rindex("BILAG") > body.rindex("Anbefalinger og fremadrettet")
    # A section edited after approval changes the draft, never the approved version.
    version = approve(report)
    report.sections.filter(kind=SectionKind.THEMES).update(body="<p>Skrevet om bagefter.</p>")
    assert "Skrevet om bagefter." in words(pdftotext(documents.report_pdf(report=report)))
    assert "Skrevet om bagefter." not in words(pdftotext(documents.report_pdf(report=report, version=version)))


def test_an_approved_pdf_is_kept_under_the_versions_hash(council):
    from core.models import GeneratedDocument

    report = report_with_sections(council)
    version = approve(report)
    first = documents.report_pdf(report=report, version=version)
    kept = GeneratedDocument.objects.get(council=council, kind="reports.report")
    assert kept.key == version.sha256 and kept.read() == first
    assert documents.report_pdf(report=report, version=version) == first
    assert GeneratedDocument.objects.filter(council=council).count() == 1
    publish(report)
    documents.report_pdf(report=report, version=version, public=True)
    assert GeneratedDocument.objects.filter(council=council, kind="reports.report.public").count() == 1
    documents.report_pdf(report=report)  # a draft is never kept
    assert GeneratedDocument.objects.filter(council=council).count() == 2


def test_the_word_file_has_the_cover_headings_lists_table_and_chart_text(council):
    report = report_with_sections(council)
    version = approve(report)
    word = Document(io.BytesIO(documents.report_docx(report=report, version=version)))
    paragraphs = [p for p in word.paragraphs if p.text.strip()]
    texts = [p.text for p in paragraphs]

    assert texts[0].startswith("Udsatterådet i Albertslund") and "Albertslund Kommune" in texts[0]
    assert "Årsberetning 2018" in texts and "Godkendt den 3. april 2019." in texts
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Indhold", *(title for _kind, title, _body in SECTIONS)]
    assert [p.text for p in paragraphs if p.style.name == "Heading 2"][:1] == ["Rådets formål"]
    bullets = [p.text for p in paragraphs if p.style.name == "List Bullet"]
    assert "2 medlemmer af kommunalbestyrelsen" in bullets and "Temadag om hjemløshed: 3 medlemmer" in bullets
    assert "Figur: Fremmøde pr. møde i 2018. Fremmødet lå mellem 6 og 9 af 10 medlemmer, i gennemsnit 7,5." in texts
    # The economy table with its header row; the meetings table too.
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in word.tables]
    economy = next(t for t in tables if t[0] == ["Kategori", "Budget", "Forbrug"])
    assert economy[1:] == [["Mødeforplejning", "8.000 kr.", "6.450 kr."],
                           ["Temadage og konferencer", "12.000 kr.", "9.875 kr."],
                           ["Diæter i alt", "20.000 kr.", "16.800 kr."], ["I alt", "40.000 kr.", "33.125 kr."]]
    assert ["Møde", "Til stede"] in [t[0] for t in tables]
    # The annex last, the letters' text in it.
    assert texts.index("Bilag: høringssvar og kommentarer") > texts.index("Anbefalinger og fremadrettet")
    assert texts[-1] == "Rådet beder udvalget huske natcaféen i budgettet."
    assert word.core_properties.title == "Årsberetning 2018 – Udsatterådet i Albertslund"
    assert word.core_properties.language == "da-DK"
    header = word.sections[0].header.paragraphs[0].text
    assert header == "Udsatterådet i Albertslund · Årsberetning 2018"


def test_the_public_documents_name_nobody_without_consent(council, add_member):
    add_member(council, "Yrsa Skjultvedsen", publish=False, start=dt.date(2018, 2, 1))
    sections = [(SectionKind.INTRODUCTION, "Indledning",
                 "<p>Yrsa Skjultvedsen blev valgt som formand.</p><ul><li>Yrsa Skjultvedsens oplæg</li></ul>")]
    report = report_with_sections(council, sections=sections)
    version = approve(report)
    publish(report)
    internal = documents.report_docx(report=report, version=version)
    public = documents.report_docx(report=report, version=version, public=True)
    assert "Skjultvedsen" in " ".join(p.text for p in Document(io.BytesIO(internal)).paragraphs)
    public_text = " ".join(p.text for p in Document(io.BytesIO(public)).paragraphs)
    assert "Skjultvedsen" not in public_text and "Et medlem blev valgt som formand." in public_text
    html = documents.report_html(report=report, version=version, public=True)
    assert "Skjultvedsen" not in html and "Et medlems oplæg" in html


def test_headings_in_a_body_move_below_the_section_title():
    assert documents.shift_headings("<h2>A</h2><p>x</p><h3>B</h3>") == "<h3>A</h3><p>x</p><h4>B</h4>"
    assert documents.shift_headings("<h4>A</h4>") == "<h4>A</h4>"
    assert documents.shift_headings("<h1>A</h1><h6>B</h6>") == "<h3>A</h3><h6>B</h6>"
    assert documents.shift_headings("<h3>A</h3><h4>B</h4>", top=2, exact=True) == "<h2>A</h2><h3>B</h3>"
    assert documents.shift_headings("<h3>A</h3>", top=2) == "<h3>A</h3>"


def test_the_file_name_is_plain_ascii(council):
    report = report_with_sections(council, sections=[])
    assert documents.report_filename(report, "pdf") == "aarsberetning-2018-udsatteraadet-i-albertslund.pdf"
    assert documents.report_filename(report, "docx", draft=True) == (
        "aarsberetning-2018-udsatteraadet-i-albertslund-udkast.docx")
