"""Comment letters: assembly (intro, sections by item number with "Punkt 3. SUS/ØU/KB – …"),
defaults from the follow, saving, approval, sending (one outbox e-mail with the PDF builder,
frozen sections) and the refusals, and the letter PDF read back for its text."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from core.models import AuditEvent
from councils.models import Council
from hearings.models import CommentLetter, ItemComment, LetterStatus
from hearings.selectors import letters as selectors
from hearings.services import committees as committee_services
from hearings.services import letters as services
from hearings.tests.committees_builders import meeting_day
from notifications.models import OutboxMessage

pytestmark = [pytest.mark.django_db, pytest.mark.world("committee")]

SUNDHED = "Rådet ønsker, at sundhedspolitikken har et særskilt afsnit om hjemløses adgang til læge og tandlæge."
HJEMLOES = "Rådet bakker op om strategien og tilbyder at deltage i følgegruppen."


def comment(world, number, text, *, relevant=True):
    item = world.items[number]
    current = ItemComment.objects.filter(council=world.council, item=item).first()
    return committee_services.item_comment_save(council=world.council, item=item, relevant=relevant, text=text,
                                                expected_version=current.version if current else 0)


@pytest.fixture
def commented(world):
    """Items 3 and 2 commented (in that order), 4 relevant without a comment, 1 commented but not relevant."""
    comment(world, 3, SUNDHED)
    comment(world, 2, HJEMLOES)
    comment(world, 4, "")
    comment(world, 1, "Ingen bemærkninger.", relevant=False)
    return world


def long_date(day: dt.date) -> str:
    months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
              "november", "december"]
    return f"{day.day}. {months[day.month - 1]} {day.year}"


# --- Assembly ------------------------------------------------------------------------------------------

def test_intro_heading_and_section_order(commented):
    w = commented
    assert selectors.default_intro(council=w.council, committee_meeting=w.meeting) == (
        f"Udsatterådet i Albertslund har følgende kommentarer til dagsordenen for mødet i Social- og "
        f"Sundhedsudvalget den {long_date(meeting_day())}:")
    sections = selectors.live_sections(council=w.council, committee_meeting=w.meeting)
    assert [s.heading for s in sections] == ["Punkt 2. SUS – Status på hjemløsestrategien",
                                             "Punkt 3. SUS/ØU/KB – Udarbejdelse af ny Sundhedspolitik 2018"]
    assert [s.text for s in sections] == [HJEMLOES, SUNDHED]
    assert selectors.item_heading(number=1, case_code="", title="Godkendelse af dagsorden") == (
        "Punkt 1. Godkendelse af dagsorden")


def test_unsaved_letter_defaults_from_the_follow(world):
    w = world
    comment(w, 1, "Ingen bemærkninger.", relevant=False)
    page = selectors.letter_page(council=w.council, committee_meeting=w.meeting, follow=w.follow)
    assert not page.saved and not page.sent and page.sections == []
    assert page.letter.deadline == meeting_day() - dt.timedelta(days=3)
    assert page.letter.recipient_email == "sus@kommune.example"
    assert page.letter.recipient_name == "Formanden for Social- og Sundhedsudvalget"
    assert page.intro.startswith("Udsatterådet i Albertslund har følgende kommentarer")
    assert not CommentLetter.objects.exists()


def test_first_relevant_comment_starts_the_draft_letter(commented):
    """So the deadlines overview and the reminders see the letter from the first relevant item."""
    w = commented
    letter = CommentLetter.objects.get()
    assert (letter.status, letter.deadline, letter.recipient_email) == (
        LetterStatus.DRAFT, meeting_day() - dt.timedelta(days=3), "sus@kommune.example")
    assert AuditEvent.objects.filter(action="hearings.comment_letter.created").count() == 1
    page = selectors.letter_page(council=w.council, committee_meeting=w.meeting, follow=w.follow)
    assert page.saved and [i.number for i in page.relevant_without_comment] == [4]


def test_document_for_the_pdf(commented):
    w = commented
    letter = selectors.letter_page(council=w.council, committee_meeting=w.meeting, follow=w.follow).letter
    doc = selectors.comment_letter_document(letter)
    assert doc.councils == [w.council] and doc.kind == "comments"
    assert doc.subject == f"Kommentarer til dagsordenen for mødet i Social- og Sundhedsudvalget den " \
                          f"{long_date(meeting_day())}"
    assert doc.recipient_name == "Formanden for Social- og Sundhedsudvalget"
    assert [s.heading for s in doc.sections][1] == "Punkt 3. SUS/ØU/KB – Udarbejdelse af ny Sundhedspolitik 2018"
    assert doc.signatures == ["Jytte Holm, formand, Udsatterådet i Albertslund"]
    assert doc.date == timezone.localdate()


# --- Saving and approval -------------------------------------------------------------------------------

def test_save_creates_the_letter_and_keeps_the_standard_intro_dynamic(commented):
    w = commented
    intro = selectors.default_intro(council=w.council, committee_meeting=w.meeting)
    letter = services.comment_letter_save(council=w.council, committee_meeting=w.meeting, intro=intro,
                                          closing="Rådet uddyber gerne på et møde.", recipient_name="Formanden",
                                          recipient_email="formand@kommune.example",
                                          deadline=meeting_day() - dt.timedelta(days=1), actor=w.seed.secretary)
    assert letter.pk and letter.intro == "" and letter.status == LetterStatus.DRAFT
    assert AuditEvent.objects.filter(action="hearings.comment_letter.saved", object_id=str(letter.pk)).exists()
    # Renaming the council changes the standard intro of an unsent letter.
    Council.objects.filter(pk=w.council.pk).update(name="Rådet for Socialt Udsatte")
    letter = selectors.letter_get(w.council, w.meeting.pk)
    assert selectors.letter_intro(letter).startswith("Rådet for Socialt Udsatte har følgende")
    with pytest.raises(ApplicationError) as error:
        services.comment_letter_save(council=w.council, committee_meeting=w.meeting, intro="CPR 010190-1234")
    assert error.value.field == "intro" and "CPR-nummer" in error.value.message


def test_approve_needs_comments_and_a_change_voids_it(world):
    w = world
    with pytest.raises(ApplicationError, match="ingen kommentarer endnu"):
        services.comment_letter_approve(council=w.council, committee_meeting=w.meeting, actor=w.users["chair"])
    comment(w, 3, SUNDHED)
    letter = services.comment_letter_approve(council=w.council, committee_meeting=w.meeting,
                                             actor=w.users["chair"])
    assert (letter.status, letter.approved_by) == (LetterStatus.APPROVED, w.users["chair"])
    assert letter.recipient_email == "sus@kommune.example"  # created with the follow's defaults
    with pytest.raises(ApplicationError, match="allerede godkendt"):
        services.comment_letter_approve(council=w.council, committee_meeting=w.meeting)
    # Changing the recipient or deadline keeps the approval; changing the text does not.
    services.comment_letter_save(council=w.council, committee_meeting=w.meeting, intro="",
                                 recipient_email="ny@kommune.example", deadline=dt.date(2026, 12, 1))
    assert CommentLetter.objects.get().status == LetterStatus.APPROVED
    services.comment_letter_save(council=w.council, committee_meeting=w.meeting, intro="Kære udvalg.",
                                 recipient_email="ny@kommune.example", deadline=dt.date(2026, 12, 1))
    assert CommentLetter.objects.get().status == LetterStatus.DRAFT


# --- Sending ---------------------------------------------------------------------------------------------

def _approve(w):
    return services.comment_letter_approve(council=w.council, committee_meeting=w.meeting,
                                           actor=w.users["chair"])


def test_send_enqueues_one_email_with_the_pdf_builder_and_freezes_the_letter(commented):
    w = commented
    _approve(w)
    letter = services.comment_letter_send(council=w.council, committee_meeting=w.meeting, actor=w.seed.secretary)
    assert letter.status == LetterStatus.SENT and letter.sent_by == w.seed.secretary and letter.sent_at
    message = OutboxMessage.objects.get()
    assert (message.channel, message.to_address, message.kind, message.person) == (
        "email", "sus@kommune.example", "hearings.comment_letter", None)
    assert message.attachments == [{"builder": "hearings.comment_letter_pdf", "letter_id": letter.pk,
                                    "name": f"kommentarer-sus-{meeting_day():%Y-%m-%d}.pdf",
                                    "content_type": "application/pdf"}]
    assert message.subject.startswith("Kommentarer til dagsordenen for mødet i Social- og Sundhedsudvalget")
    body = message.body
    assert body.index("har følgende kommentarer") < body.index("Punkt 2. SUS – Status") < body.index(
        "Punkt 3. SUS/ØU/KB – Udarbejdelse af ny Sundhedspolitik 2018") < body.index("Jytte Holm, formand")
    assert SUNDHED in body and "Ingen bemærkninger." not in body
    # Frozen: the intro and the sections as sent.
    assert letter.intro.startswith("Udsatterådet i Albertslund har følgende kommentarer")
    assert [s["heading"] for s in letter.sent_sections] == [
        "Punkt 2. SUS – Status på hjemløsestrategien",
        "Punkt 3. SUS/ØU/KB – Udarbejdelse af ny Sundhedspolitik 2018"]
    assert letter.sent_sections[1]["text"] == SUNDHED and letter.sent_sections[1]["case_code"] == "SUS/ØU/KB"
    ItemComment.objects.filter(item=w.items[3]).update(text="Ændret bagefter i databasen.")
    Council.objects.filter(pk=w.council.pk).update(name="Nyt navn")
    doc = selectors.comment_letter_document(selectors.letter_get(w.council, w.meeting.pk))
    assert doc.sections[1].text == SUNDHED and doc.intro.startswith("Udsatterådet i Albertslund")
    assert AuditEvent.objects.filter(action="hearings.comment_letter.sent").count() == 1
    # Nothing changes after sending, and nothing is sent twice.
    with pytest.raises(ApplicationError, match="blev sendt"):
        services.comment_letter_send(council=w.council, committee_meeting=w.meeting)
    with pytest.raises(ApplicationError, match="blev sendt"):
        services.comment_letter_save(council=w.council, committee_meeting=w.meeting, intro="Ny")
    with pytest.raises(ApplicationError, match="kan ikke længere rettes"):
        comment(w, 2, "Ny tekst")
    assert OutboxMessage.objects.count() == 1


def test_send_refusals(world):
    w = world
    with pytest.raises(ApplicationError) as error:
        services.comment_letter_send(council=w.council, committee_meeting=w.meeting)
    assert error.value.code == "empty" and "ingen kommentarer" in error.value.message
    comment(w, 3, SUNDHED)
    with pytest.raises(ApplicationError) as error:
        services.comment_letter_send(council=w.council, committee_meeting=w.meeting)
    assert error.value.code == "not_approved" and "godkendes af formandskabet" in error.value.message
    _approve(w)
    services.comment_letter_save(council=w.council, committee_meeting=w.meeting, recipient_email="")
    with pytest.raises(ApplicationError) as error:
        services.comment_letter_send(council=w.council, committee_meeting=w.meeting)
    assert error.value.field == "recipient_email" and "ingen modtager" in error.value.message
    assert not OutboxMessage.objects.exists()
    assert CommentLetter.objects.get().status == LetterStatus.APPROVED


def test_comment_letter_pdf_reads_back(commented):
    """The outbox builder renders the sent letter as PDF; its text has the item headings."""
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("weasyprint")
    from notifications import attachments

    w = commented
    _approve(w)
    letter = services.comment_letter_send(council=w.council, committee_meeting=w.meeting, actor=w.seed.secretary)
    built = attachments.build(OutboxMessage.objects.get().attachments[0])
    assert built.content.startswith(b"%PDF") and built.name == f"kommentarer-sus-{meeting_day():%Y-%m-%d}.pdf"
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(built.content)).pages)
    text = " ".join(text.split())
    assert "Punkt 3. SUS/ØU/KB" in text
    assert "Udarbejdelse af ny Sundhedspolitik 2018" in text
    assert "Udsatterådet i Albertslund har følgende kommentarer" in text
    assert letter.pk
