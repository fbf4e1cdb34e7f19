"""The council's letters as documents, read back: PDF text (pdftotext, pypdf as fallback),
PDF metadata and PDF/A identification (pypdf), Word (python-docx). One sample letter is
rendered to PNG in test-artifacts/ for a person to look at."""

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from councils.models import Municipality
from hearings.documents import (
    LetterDocument,
    LetterSection,
    council_names,
    letter_docx,
    letter_filename,
    letter_html,
    letter_pdf,
)

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pdf_text(data: bytes) -> str:
    """The PDF's text, whitespace normalised."""
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True,
                              check=True).stdout.decode()
    else:  # pragma: no cover - where poppler is missing
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def pypdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


@pytest.fixture
def councils(make_council):
    muni = Municipality.objects.create(slug="kommune-albertslund", name="Albertslund")
    udsat = make_council("albertslund", name="Udsatterådet i Albertslund")
    handicap = make_council("albertslund-hr", name="Handicaprådet i Albertslund")
    for council, email in ((udsat, "udsatteraadet@albertslund.dk"), (handicap, "handicapraadet@albertslund.dk")):
        council.municipality, council.email = muni, email
        council.save()
    return udsat, handicap


def comment_letter(council, *, items=(3,), text="Rådet ønsker, at politikken nævner socialt udsatte borgere."):
    return LetterDocument(
        councils=[council], date=dt.date(2018, 3, 5), recipient_name="Social- og Sundhedsudvalget",
        subject="Kommentarer til dagsordenen for Social- og Sundhedsudvalgets møde den 6. marts 2018",
        intro=(f"{council.name} har følgende kommentarer til dagsordenen for mødet i Social- og "
               "Sundhedsudvalget den 6. marts 2018:"),
        sections=[LetterSection(heading=f"Punkt {n}. SUS/ØU/KB – Udarbejdelse af ny Sundhedspolitik 2018",
                                text=text) for n in items],
        signatures=[f"Anna Jensen, formand, {council.name}"], kind="comments")


def response(councils, *, sections=None, intro=None):
    return LetterDocument(
        councils=list(councils), date=dt.date(2019, 3, 12), recipient_name="Børne- og Skoleudvalget",
        subject="Høringssvar vedrørende Ungestrategi 2019",
        intro=intro or "Rådet takker for muligheden for at afgive høringssvar.\n\nVi har følgende bemærkninger.",
        sections=sections if sections is not None else [
            LetterSection("Unge i udsatte positioner", "Strategien bør have et mål for unge uden bolig.")],
        closing="Rådet står gerne til rådighed for en uddybning.",
        signatures=[f"Anna Jensen, formand, {councils[0].name}"]
        + ([f"Bo Hansen, formand, {councils[1].name}"] if len(councils) > 1 else []),
        reference="BSU/ØU/KB")


def test_comment_letter_pdf_text(councils):
    udsat, _ = councils
    text = pdf_text(letter_pdf(comment_letter(udsat, items=(3, 5))))
    assert "Udsatterådet i Albertslund" in text and "Albertslund Kommune" in text
    assert "udsatteraadet@albertslund.dk" in text
    assert "Social- og Sundhedsudvalget" in text
    assert "Albertslund, 5. marts 2018" in text
    assert "Kommentarer til dagsordenen for Social- og Sundhedsudvalgets møde den 6. marts 2018" in text
    assert "Udsatterådet i Albertslund har følgende kommentarer til dagsordenen" in text
    assert "Punkt 3. SUS/ØU/KB – Udarbejdelse af ny Sundhedspolitik 2018" in text
    assert "Punkt 5. SUS/ØU/KB – Udarbejdelse af ny Sundhedspolitik 2018" in text
    assert "Rådet ønsker, at politikken nævner socialt udsatte borgere." in text
    assert "Med venlig hilsen" in text and "Anna Jensen" in text and "Formand" in text
    assert "Side 1 af 1" in text
    # The order of the letter: subject, intro, sections, greeting, signature.
    assert (text.index("Kommentarer til dagsordenen for") < text.index("har følgende kommentarer")
            < text.index("Punkt 3.") < text.index("Punkt 5.") < text.index("Med venlig hilsen")
            < text.index("Anna Jensen"))
    # pypdf reads the same words (the text layer is real text, not outlines).
    assert "Punkt 3. SUS/ØU/KB" in pypdf_text(letter_pdf(comment_letter(udsat)))


def test_pdf_metadata_and_pdf_a(councils):
    from pypdf import PdfReader

    udsat, _ = councils
    reader = PdfReader(io.BytesIO(letter_pdf(response([udsat]))))
    info = reader.metadata
    assert info.title == "Høringssvar vedrørende Ungestrategi 2019"
    assert info.author == "Udsatterådet i Albertslund"
    assert "Høringssvar fra Udsatterådet i Albertslund til Børne- og Skoleudvalget, 12. marts 2019" == info.subject
    assert info.creation_date is not None
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert "Høringssvar vedrørende Ungestrategi 2019" in xmp
    assert "/OutputIntents" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/Lang"] == "da"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged PDF
    comments = PdfReader(io.BytesIO(letter_pdf(comment_letter(udsat)))).metadata
    assert comments.subject.startswith("Kommentarer til dagsorden fra Udsatterådet i Albertslund")


def test_joint_letter_names_both_councils(councils):
    from pypdf import PdfReader

    data = letter_pdf(response(councils))
    text = pdf_text(data)
    assert "Udsatterådet i Albertslund og Handicaprådet i Albertslund" in text
    assert "udsatteraadet@albertslund.dk" in text and "handicapraadet@albertslund.dk" in text
    assert text.count("Albertslund Kommune") == 1  # one municipality, named once
    assert "Anna Jensen" in text and "Bo Hansen" in text and "Handicaprådet i Albertslund" in text
    assert PdfReader(io.BytesIO(data)).metadata.author == \
        "Udsatterådet i Albertslund og Handicaprådet i Albertslund"
    assert council_names(councils) == "Udsatterådet i Albertslund og Handicaprådet i Albertslund"


def test_long_letter_spans_pages(councils):
    from pypdf import PdfReader

    udsat, _ = councils
    long_text = "\n\n".join(["Rådet har læst forslaget grundigt og har en række bemærkninger. " * 8] * 3)
    doc = comment_letter(udsat, items=range(1, 13), text=long_text)
    data = letter_pdf(doc)
    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert pages >= 3
    text = pdf_text(data)
    assert f"Side 1 af {pages}" in text and f"Side {pages} af {pages}" in text
    assert "Punkt 12. SUS/ØU/KB" in text and text.rindex("Anna Jensen") > text.index("Punkt 12.")
    # Later pages repeat the subject and the date in the header.
    assert text.count("Albertslund, 5. marts 2018") >= pages


def test_danish_whatever_the_request_language(councils):
    udsat, _ = councils
    with translation.override("en"):
        html = letter_html(response([udsat]))
        text = pdf_text(letter_pdf(response([udsat])))
    assert 'lang="da"' in html
    assert "Albertslund, 12. marts 2019" in text and "Med venlig hilsen" in text and "Side 1 af 1" in text


def test_text_is_escaped_and_paragraphs_kept(councils):
    udsat, _ = councils
    doc = response([udsat], intro="Første afsnit <script>alert(1)</script>\n\nAndet afsnit\nmed linjeskift")
    html = letter_html(doc)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<p>Første afsnit" in html and "<p>Andet afsnit\nmed linjeskift</p>" in html


def test_closing_with_own_greeting_is_not_doubled(councils):
    udsat, _ = councils
    doc = response([udsat])
    doc.closing = "Rådet står til rådighed.\n\nVenlig hilsen"
    text = pdf_text(letter_pdf(doc))
    assert "Venlig hilsen" in text and "Med venlig hilsen" not in text


def test_docx_read_back(councils):
    from docx import Document

    docx = Document(io.BytesIO(letter_docx(response(councils))))
    props = docx.core_properties
    assert props.title == "Høringssvar vedrørende Ungestrategi 2019"
    assert props.author == "Udsatterådet i Albertslund og Handicaprådet i Albertslund"
    assert props.language == "da-DK"
    paragraphs = "\n".join(p.text for p in docx.paragraphs)
    assert "Udsatterådet i Albertslund og Handicaprådet i Albertslund" in paragraphs
    assert "Albertslund, 12. marts 2019" in paragraphs
    assert "Børne- og Skoleudvalget" in paragraphs
    assert "Høringssvar vedrørende Ungestrategi 2019" in paragraphs
    assert "Rådet takker for muligheden for at afgive høringssvar." in paragraphs
    assert "Strategien bør have et mål for unge uden bolig." in paragraphs
    headings = [p.text for p in docx.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Unge i udsatte positioner"]
    signatures = [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
    assert "Anna Jensen\nFormand\nUdsatterådet i Albertslund" in signatures
    assert "Bo Hansen\nFormand\nHandicaprådet i Albertslund" in signatures
    footer_xml = docx.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml


def test_comment_letter_docx_sections(councils):
    from docx import Document

    udsat, _ = councils
    docx = Document(io.BytesIO(letter_docx(comment_letter(udsat, items=(3, 4)))))
    headings = [p.text for p in docx.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Punkt 3. SUS/ØU/KB – Udarbejdelse af ny Sundhedspolitik 2018",
                        "Punkt 4. SUS/ØU/KB – Udarbejdelse af ny Sundhedspolitik 2018"]


def test_letter_without_sections_signatures_or_recipient(councils):
    udsat, _ = councils
    doc = LetterDocument(councils=[udsat], date=dt.date(2019, 1, 2), recipient_name="", subject="Høringssvar",
                         intro="Kort svar.", sections=[])
    text = pdf_text(letter_pdf(doc))
    assert "Kort svar." in text and "Til " not in text
    assert letter_docx(doc)[:2] == b"PK"


def test_filename(councils):
    udsat, _ = councils
    assert letter_filename(response([udsat]), "pdf") == "hoeringssvar-vedroerende-ungestrategi-2019-2019-03-12.pdf"
    assert letter_filename(response([udsat]), "docx").endswith("-2019-03-12.docx")
    doc = comment_letter(udsat)
    doc.subject = ""
    assert letter_filename(doc, "pdf") == "kommentarer-2018-03-05.pdf"


def test_sample_rendered_for_a_person_to_look_at(councils, tmp_path):
    assert shutil.which("pdftoppm"), "pdftoppm is missing: `make test` installs poppler-utils"
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(letter_pdf(response(councils)))
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                    str(ARTIFACTS / "hearings-letter")], check=True)
    assert any(ARTIFACTS.glob("hearings-letter*.png"))


def test_cached_pdf_follows_the_content(councils):
    from django.core.cache import cache

    from hearings.documents import letter_fingerprint, letter_pdf_cached

    cache.clear()
    udsat, handicap = councils
    doc = response([udsat])
    first = letter_pdf_cached(doc)
    assert letter_pdf_cached(response([udsat])) == first  # same content: from the cache
    changed = response([udsat])
    changed.intro = "Et andet svar."
    assert letter_fingerprint(changed) != letter_fingerprint(doc)
    assert "Et andet svar." in pdf_text(letter_pdf_cached(changed))
    udsat.name = "Udsatterådet i Albertslund Kommune"
    assert letter_fingerprint(response([udsat])) != letter_fingerprint(doc)
    assert letter_fingerprint(response([udsat, handicap])) != letter_fingerprint(response([udsat]))
