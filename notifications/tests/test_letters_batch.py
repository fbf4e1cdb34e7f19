"""The print batch read back (pypdf, pdftotext): the cover sheet first, the letters in postal
order, each followed by its attachment PDFs (each distinct one built once per batch), blank
backs so that every letter starts on a new sheet when printing duplex, and a builder's failure
reported on the cover instead of stopping the batch. The invitation letter itself (QR code,
window, agenda) is tested in meetings/tests/test_invitation_letters.py."""

import io
import subprocess

import pytest
from pypdf import PdfReader

from core.documents import html_to_pdf
from councils import services as council_services
from notifications import attachments, services
from notifications.documents import letters_pdf
from notifications.selectors import letters_to_print


def texts(pdf: bytes) -> list[str]:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return [" ".join(page.split()) for page in out.split("\f")][: len(PdfReader(io.BytesIO(pdf)).pages)]


@pytest.fixture
def pdf_builder():
    """A test-only attachment builder "test.pdf": ``pages`` pages saying "Bilag <text> side <n>";
    "fail" in the text makes it fail."""
    calls = []

    def build(descriptor):
        calls.append(descriptor)
        if "fail" in descriptor["text"]:
            raise RuntimeError("the agenda could not be read")
        pages = "".join(f'<p style="break-after: page">Bilag {descriptor["text"]} side {n}</p>'
                        for n in range(1, descriptor["pages"] + 1))
        return html_to_pdf(f"<html><body>{pages}</body></html>", pdf_variant=None)

    previous = attachments.register("test.pdf", build)
    yield calls
    if previous is None:
        attachments.BUILDERS.pop("test.pdf", None)
    else:
        attachments.register("test.pdf", previous)


def pdf(text, pages=1):
    return {"builder": "test.pdf", "text": text, "pages": pages, "name": "dagsorden.pdf",
            "content_type": "application/pdf"}


def queue(council, name, address, attachments=()):
    person = council_services.person_save(council=council, name=name, address=address, preferred_channel="letter")
    return services.outbox_enqueue(council=council, channel="letter", person=person, to_address=address,
                                   subject=f"Brev til {name}", body=f"Kære {name}\n\nHer er et brev.\n",
                                   kind="test.letter", attachments=attachments)


def outline(pdf_bytes: bytes) -> list[tuple[str, int]]:
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return [(str(item.title), reader.get_destination_page_number(item)) for item in reader.outline]


def test_a_duplex_batch_starts_every_letter_on_a_new_sheet(council, settings, pdf_builder):
    settings.STEMME_LETTERS_DUPLEX = True
    queue(council, "Åse Uden", "Plejehjemmet, værelse 3", [pdf("A", pages=2)])
    queue(council, "Bo Roskilde", "Algade 1\n4000 Roskilde", [pdf("A", pages=2)])  # the same agenda: built once
    queue(council, "Cai Glostrup", "Torvet 1\n2600 Glostrup", [pdf("C", pages=1), pdf("fail")])
    queue(council, "Dan Albertslund", "Byvej 3\n2620 Albertslund")

    batch = letters_pdf(council=council, messages=letters_to_print(council=council))

    assert sorted(d["text"] for d in pdf_builder) == ["A", "C", "fail"]  # each distinct descriptor once
    pages = texts(batch)
    marks = outline(batch)
    assert marks == [("Forside", 0), ("1. Cai Glostrup 2600", 2), ("2. Dan Albertslund 2620", 4),
                     ("3. Bo Roskilde 4000", 6), ("4. Åse Uden", 10)]
    assert len(pages) == 14
    # Cover (and its blank back); Cai: letter + agenda C (2 pages); Dan: letter + blank back;
    # Bo: letter + 2 agenda pages + blank back; Åse the same.
    assert "Breve til udskrivning" in pages[0] and pages[1] == ""
    assert "Kære Cai Glostrup" in pages[2] and pages[3] == "Bilag C side 1"
    assert "Kære Dan Albertslund" in pages[4] and pages[5] == ""
    assert "Kære Bo Roskilde" in pages[6] and pages[7:10] == ["Bilag A side 1", "Bilag A side 2", ""]
    assert "Kære Åse Uden" in pages[10] and pages[11:14] == ["Bilag A side 1", "Bilag A side 2", ""]
    cover = pages[0]
    assert "4 breve" in cover and "9 sider" in cover and "6 ark papir" in cover
    assert "Udskriv dobbeltsidet" in cover and "Læg brevene i C5/6-kuverter med rude." in cover
    assert "Dagsordenen mangler" in cover and cover.count("Tjek adressen") == 1  # Åse has no postcode
    # The recipients in the order printed, with their pages.
    assert cover.index("Cai Glostrup") < cover.index("Dan Albertslund") < cover.index("Bo Roskilde") < cover.index(
        "Åse Uden")


def test_a_single_sided_batch_has_no_blank_pages(council, settings, pdf_builder):
    settings.STEMME_LETTERS_DUPLEX = False
    queue(council, "Bo Roskilde", "Algade 1\n4000 Roskilde", [pdf("A", pages=2)])
    queue(council, "Dan Albertslund", "Byvej 3\n2620 Albertslund")

    batch = letters_pdf(council=council, messages=letters_to_print(council=council))

    pages = texts(batch)
    assert outline(batch) == [("Forside", 0), ("1. Dan Albertslund 2620", 1), ("2. Bo Roskilde 4000", 2)]
    assert len(pages) == 5 and "" not in pages
    assert "Udskriv enkeltsidet" in pages[0] and "2 breve" in pages[0] and "4 sider" in pages[0]


def test_no_letters_is_one_page_saying_so(council):
    batch = letters_pdf(council=council, messages=[])
    (page,) = texts(batch)
    assert "Der er ingen breve at udskrive." in page
