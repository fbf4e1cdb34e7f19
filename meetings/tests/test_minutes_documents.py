"""The agenda and minutes as documents, read back: PDF text (pdftotext), PDF metadata and
PDF/A identification (pypdf), Word (python-docx). The seed meeting is walked: items 3 and 4
swapped at the meeting, decisions, a vote, a conflict of interest and action items recorded.
One page of the minutes is rendered to PNG in test-artifacts/ for a person to look at."""

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone

from meetings import documents
from meetings.services import agenda as agenda_services
from meetings.services import minutes as services
from meetings.tests.seed import build_meeting, record_attendance

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pdf_text(data: bytes) -> str:
    """The PDF's text as pdftotext reads it (poppler-utils), whitespace normalised."""
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
        text = out.decode()
    else:  # pragma: no cover - pypdf as a fallback where poppler is missing
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


@pytest.fixture
def walked(seed):
    """The seed meeting held and minuted: item 4 moved above item 3, as at the real meeting."""
    sm = build_meeting(seed)
    m, sec = sm.meeting, seed.secretary
    agenda_services.item_move(item=sm.items["udvalg"], direction="up", actor=sec)
    record_attendance(seed, m)
    services.guest_add(meeting=m, name="Lise Agerholm", actor=sec)
    services.minutes_intro_save(meeting=m, text="Velkommen til Lise Agerholm, der deltager som gæst.",
                                actor=sec)
    save = services.item_minutes_save
    save(item=sm.items["approval"], decision="Referatet blev godkendt. Punkt 3 og 4 blev byttet om.", dissent="",
         expected_version=0, actor=sec)
    save(item=sm.items["frikort"], decision="Rådet prioriterer en artikel i lokalavisen og opslag på Facebook.",
         dissent="Et mindretal ville hellere holde et borgermøde.", expected_version=0, actor=sec)
    save(item=sm.items["udvalg"], decision="Rådet taler om frikortet, samarbejdet og årsberetningen.", dissent="",
         expected_version=0, actor=sec)
    save(item=sm.items["lukket_titel"], decision="Kandidaten indstilles som medlem.", dissent="",
         expected_version=0, actor=sec)
    save(item=sm.items["lukket_skjult"], decision="Tilbuddet afslås.", dissent="", expected_version=0, actor=sec)
    services.conflict_declare(item=sm.items["beretning"], person=seed["Helle Bøgh"],
                              note="Har skrevet afsnittet om økonomi.", actor=sec)
    services.vote_record(item=sm.items["frikort"], question="Skal artiklen komme før sommerferien?",
                         ballots={seed["Jytte Holm"].pk: "yes", seed["Nanna Berg"].pk: "yes",
                                  seed["Mads Lund"].pk: "no", seed["Tove Ravn"].pk: "abstain"}, actor=sec)
    services.action_item_create(meeting=m, item=sm.items["frikort"], title="Kontakt lokalavisen om et interview",
                                owners=[seed["Jytte Holm"], seed["Sune Dahl"]], due=dt.date(2026, 5, 1),
                                actor=sec)
    services.action_item_create(meeting=m, item=sm.items["udvalg"], title="Skriv dagsorden til udvalgsmødet",
                                owners=[seed["Nanna Berg"]], due=dt.date(2026, 5, 15), actor=sec)
    services.meeting_mark_held(meeting=m, actor=sec)
    m.refresh_from_db()
    return sm


def test_minutes_pdf_has_attendance_decisions_votes_and_action_items(walked):
    text = pdf_text(documents.minutes_pdf(walked.meeting))
    assert "Udsatterådet i Albertslund" in text and "Referat" in text
    assert "onsdag den 1. april 2026" in text.lower() and "Kl. 16.00–18.00" in text
    assert "Rådhuset, mødelokale 2" in text
    assert "Udkast – referatet er endnu ikke godkendt." in text
    # Attendance
    assert "Til stede" in text and "Jytte Holm (formand)" in text and "Nanna Berg (næstformand)" in text
    assert "Tove Ravn for Sune Dahl" in text
    assert "Afbud Sune Dahl, Ulrik Mose" in text
    assert "Gæster Lise Agerholm" in text
    assert "Velkommen til Lise Agerholm" in text
    # Groups and numbering follow the agenda after the swap: the committee meeting is item 3.
    assert "A. Beslutningspunkter" in text and "B. Orienterings- og drøftelsespunkter" in text
    assert "3. Mødet med Social- og Sundhedsudvalget" in text
    assert "4. Udkast til årsberetning 2025" in text
    assert text.index("3. Mødet med Social") < text.index("4. Udkast til årsberetning")
    # Decisions, dissent, conflict, vote, action items
    assert "Rådet prioriterer en artikel i lokalavisen og opslag på Facebook." in text
    assert "Mindretalsudtalelse Et mindretal ville hellere holde et borgermøde." in text
    assert "Helle Bøgh erklærede sig inhabil" in text and "Har skrevet afsnittet om økonomi." in text
    assert "Der blev stemt om: „Skal artiklen komme før sommerferien?“ 2 stemte for" in text
    assert "2 stemte for, 1 imod, og 1 undlod at stemme. Forslaget blev vedtaget." in text
    assert "Imod: Mads Lund" in text
    assert "Kontakt lokalavisen om et interview Jytte Holm, Sune Dahl 01.05.2026 Åben" in text
    assert "Skriv dagsorden til udvalgsmødet Nanna Berg 15.05.2026" in text
    # Closed items are in the internal minutes, marked.
    assert "Indstilling af nyt medlem LUKKET PUNKT" in text
    assert "Kandidaten indstilles som medlem." in text
    assert "Fortroligt tilbud om lokaler" in text
    assert "Side 1 af" in text


def test_public_minutes_pdf_leaves_out_closed_items(walked, seed):
    # A member who has not agreed to publication of their name is counted by role (core.disclosure).
    from councils.services import person_save

    person_save(council=seed.council, instance=seed["Mads Lund"], publish_name=False)
    text = pdf_text(documents.minutes_pdf(walked.meeting, public=True))
    assert "Offentlig udgave" in text
    assert "Rådet prioriterer en artikel i lokalavisen" in text
    assert "Kontakt lokalavisen om et interview" in text
    # Closed item without a public title: gone entirely, and its decision too.
    assert "Fortroligt tilbud om lokaler" not in text and "Tilbuddet afslås" not in text
    # Closed item with a public title: the title, marked, but neither case text nor decision.
    assert "Indstilling af nyt medlem" in text and "LUKKET PUNKT" in text
    assert "Fortroligt: oplysninger om kandidaten" not in text
    assert "Kandidaten indstilles som medlem" not in text
    assert "Beslutningen offentliggøres ikke." in text
    # Numbers are the internal ones: item 7 (økonomi) keeps its number although item 6 is left out.
    assert "7. Økonomi" in text and "6. Fortroligt" not in text
    # Names: Mads Lund is "et medlem" in the attendance; no per-person ballots on the public version.
    attendance = text[text.index("Deltagere"):text.index("Punkter")]
    assert "Mads Lund" not in text and "N.N." not in attendance
    assert "Jytte Holm (formand)" in attendance and "og et medlem" in attendance
    assert "Imod:" not in text


def test_pdf_metadata_and_pdf_a(walked):
    from pypdf import PdfReader

    before = timezone.now().replace(microsecond=0)
    reader = PdfReader(io.BytesIO(documents.minutes_pdf(walked.meeting)))
    info = reader.metadata
    assert info.title == "Referat – Udsatterådet i Albertslund – 1. april 2026"
    assert info.author == "Udsatterådet i Albertslund"
    assert "1. april 2026" in info.subject
    assert info.creation_date >= before - dt.timedelta(seconds=1)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert "Referat – Udsatterådet i Albertslund – 1. april 2026" in xmp
    assert "/OutputIntents" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/Lang"] == "da"
    agenda = PdfReader(io.BytesIO(documents.agenda_pdf(walked.meeting)))
    assert agenda.metadata.title == "Dagsorden – Udsatterådet i Albertslund – 1. april 2026"


def test_agenda_pdf(walked):
    text = pdf_text(documents.agenda_pdf(walked.meeting))
    assert "Dagsorden" in text and "Referat" not in text.replace("Godkendelse af referat", "")
    assert "1. Godkendelse af referat og dagsorden" in text
    assert "Sagsfremstilling Et socialt frikort lader borgere tjene op til 20.000 kr." in text
    assert "Indstilling Rådet udarbejder et idékatalog." in text
    assert "Indstilling af nyt medlem LUKKET PUNKT" in text
    # The agenda has no decisions.
    assert "Rådet prioriterer en artikel" not in text and "Kontakt lokalavisen" not in text
    assert "Afbud Sune Dahl, Ulrik Mose" in text
    public = pdf_text(documents.agenda_pdf(walked.meeting, public=True))
    assert "Fortroligt tilbud om lokaler" not in public and "Tilbuddet er fortroligt" not in public


def test_approved_minutes_say_so(walked, seed):
    later = build_meeting(seed, day=dt.date(2026, 6, 3), with_items=False).meeting
    services.minutes_approve_at_meeting(meeting=walked.meeting, at_meeting=later)
    walked.meeting.refresh_from_db()
    text = pdf_text(documents.minutes_pdf(walked.meeting))
    assert "Referatet er godkendt på det følgende møde" in text and "Udkast – referatet" not in text


def test_constituting_minutes_show_the_election(seed):
    m = build_meeting(seed, day=dt.date(2026, 9, 2), kind="constituting").meeting
    services.chair_elect(meeting=m, chair=seed["Sune Dahl"], vice_chair=seed["Jytte Holm"])
    text = pdf_text(documents.minutes_pdf(m))
    assert "Valg af formand og næstformand" in text
    assert "Formand Sune Dahl (fra 2. september 2026)" in text
    assert "Næstformand Jytte Holm" in text


def test_minutes_docx_read_back(walked):
    from docx import Document

    doc = Document(io.BytesIO(documents.minutes_docx(walked.meeting)))
    assert doc.core_properties.title == "Referat – Udsatterådet i Albertslund – 1. april 2026"
    assert doc.core_properties.author == "Udsatterådet i Albertslund"
    paragraphs = "\n".join(p.text for p in doc.paragraphs)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading") or p.style.name == "Title"]
    assert "Referat" in headings and "Deltagere" in headings
    assert "A. Beslutningspunkter" in headings
    assert "3. Mødet med Social- og Sundhedsudvalget" in headings
    assert "5. Indstilling af nyt medlem (Lukket punkt)" in headings
    assert "Rådet prioriterer en artikel i lokalavisen og opslag på Facebook." in paragraphs
    assert "Et mindretal ville hellere holde et borgermøde." in paragraphs
    assert "Helle Bøgh erklærede sig inhabil" in paragraphs
    cells = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    assert ["Afbud", "Sune Dahl, Ulrik Mose"] in cells
    assert ["Suppleanter, der mødte for et medlem", "Tove Ravn for Sune Dahl"] in cells
    assert ["Gæster", "Lise Agerholm"] in cells
    assert ["Kontakt lokalavisen om et interview", "Jytte Holm, Sune Dahl", "01.05.2026", "Åben"] in cells
    present = next(row for row in cells if row[0] == "Til stede")
    assert "Jytte Holm (formand)" in present[1]


def test_agenda_docx_read_back(walked):
    from docx import Document

    doc = Document(io.BytesIO(documents.agenda_docx(walked.meeting)))
    assert doc.core_properties.title.startswith("Dagsorden – Udsatterådet i Albertslund")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Et socialt frikort lader borgere tjene op til 20.000 kr." in text
    assert "Rådet prioriterer en artikel" not in text


def test_minutes_pdf_rendered_to_png_for_review(walked):
    """Writes test-artifacts/minutes-page-1.png and -2.png (and the PDF) for a person to look at."""
    assert shutil.which("pdftoppm"), "pdftoppm is missing: `make test` installs poppler-utils"
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = documents.minutes_pdf(walked.meeting)
    (ARTIFACTS / "minutes.pdf").write_bytes(pdf)
    (ARTIFACTS / "agenda.pdf").write_bytes(documents.agenda_pdf(walked.meeting))
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "2", str(ARTIFACTS / "minutes.pdf"),
                    str(ARTIFACTS / "minutes-page")], check=True)
    pngs = sorted(ARTIFACTS.glob("minutes-page-*.png"))
    assert len(pngs) >= 2 and all(p.stat().st_size > 10_000 for p in pngs)
