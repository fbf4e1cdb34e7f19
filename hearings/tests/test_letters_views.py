"""The comment letter pages through the Django test client: the preview assembled from the
comments, editing (working group yes, other members no, errors in Danish with the text kept),
approval (formandskab), sending (secretariat; refusals shown in Danish), the PDF and Word files,
and tenancy."""

import io

import pytest

from hearings.models import CommentLetter, LetterStatus
from hearings.services import committees as committee_services
from hearings.services import letters as services
from hearings.tests.committees_builders import meeting_day
from notifications.models import OutboxMessage

pytestmark = [pytest.mark.django_db, pytest.mark.world("committee")]

SUNDHED = "Rådet ønsker et afsnit om hjemløses adgang til læge og tandlæge."


@pytest.fixture
def commented(world):
    committee_services.item_comment_save(council=world.council, item=world.items[3], relevant=True, text=SUNDHED,
                                         expected_version=0)
    committee_services.item_comment_save(council=world.council, item=world.items[4], relevant=True, text="",
                                         expected_version=0)
    return world


def letter_url(world, suffix=""):
    return world.url(f"udvalgsmoeder/{world.meeting.pk}/brev/{suffix}")


def login(client, world, key):
    client.force_login(world.users[key])
    return client


def flat(response) -> str:
    return " ".join(response.content.decode().split())


def test_preview_for_a_member(client, commented):
    w = commented
    letters = CommentLetter.objects.count()
    response = login(client, w, "member").get(letter_url(w))
    assert response.status_code == 200
    html = flat(response)
    assert "Udsatterådet i Albertslund har følgende kommentarer til dagsordenen for mødet i Social- og " \
           "Sundhedsudvalget den" in html
    assert "Punkt 3. SUS/ØU/KB – Udarbejdelse af ny Sundhedspolitik 2018" in html and SUNDHED in html
    assert "Relevante punkter uden kommentar kommer ikke med i brevet" in html and "Punkt 4. Budgetopfølgning" in html
    assert "Jytte Holm, formand, Udsatterådet i Albertslund" in html
    # A member outside the working group reads only.
    assert 'name="intro"' not in html and "Godkend brevet" not in html and "Send brevet" not in html
    assert CommentLetter.objects.count() == letters  # reading creates nothing


def test_working_group_edits_the_letter(client, commented):
    w = commented
    login(client, w, "group")
    html = flat(client.get(letter_url(w)))
    assert 'name="intro"' in html and 'value="sus@kommune.example"' in html
    response = client.post(letter_url(w), {
        "intro": "Kære udvalg.", "closing": "Rådet uddyber gerne.", "recipient_name": "Formanden",
        "recipient_email": "formand@kommune.example", "deadline": meeting_day(12).isoformat(), "published": "on"})
    assert response.status_code == 302
    letter = CommentLetter.objects.get()
    assert (letter.intro, letter.closing, letter.recipient_email, letter.deadline) == (
        "Kære udvalg.", "Rådet uddyber gerne.", "formand@kommune.example", meeting_day(12))
    assert "Kære udvalg." in flat(client.get(letter_url(w)))


def test_letter_edit_errors_are_danish_and_keep_the_text(client, commented):
    w = commented
    response = login(client, w, "group").post(letter_url(w), {
        "intro": "Kære udvalg, om borger 010190-1234.", "closing": "Vigtig afslutning.",
        "recipient_email": "ikke-en-adresse", "deadline": "snart"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "CPR-nummer" in html and "Skriv en gyldig e-mailadresse" in html and "Skriv en dato" in html
    assert "Vigtig afslutning.</textarea>" in html
    assert CommentLetter.objects.get().intro == ""


def test_member_outside_the_group_cannot_edit_approve_or_send(client, commented):
    w = commented
    login(client, w, "member")
    assert client.post(letter_url(w), {"intro": "Hej"}).status_code == 403
    assert client.post(letter_url(w, "godkend/")).status_code == 403
    assert client.post(letter_url(w, "send/")).status_code == 403
    assert CommentLetter.objects.get().status == LetterStatus.DRAFT


def test_approve_by_chair_then_send_by_secretariat(client, commented):
    w = commented
    login(client, w, "chair")
    assert "Godkend brevet" in flat(client.get(letter_url(w)))
    response = client.post(letter_url(w, "godkend/"), follow=True)
    assert "Brevet er godkendt" in flat(response)
    letter = CommentLetter.objects.get()
    assert (letter.status, letter.approved_by) == (LetterStatus.APPROVED, w.users["chair"])
    # The chair approves but does not send.
    assert client.post(letter_url(w, "send/")).status_code == 403
    login(client, w, "secretariat")
    assert "Brevet sendes som PDF med e-mail til sus@kommune.example" in flat(client.get(letter_url(w)))
    response = client.post(letter_url(w, "send/"), follow=True)
    assert "Brevet er lagt i udbakken og sendes til sus@kommune.example" in flat(response)
    message = OutboxMessage.objects.get()
    assert message.attachments[0]["builder"] == "hearings.comment_letter_pdf"
    assert message.attachments[0]["letter_id"] == letter.pk
    html = flat(client.get(letter_url(w)))
    assert "Det sendte brev" in html and 'name="intro"' not in html
    # The meeting page is now read-only.
    page = flat(client.get(w.url(f"udvalgsmoeder/{w.meeting.pk}/")))
    assert f'name="c{w.items[3].pk}-text"' not in page and "kan ikke længere rettes" in page


def test_send_refusals_are_shown_in_danish(client, world):
    w = world
    login(client, w, "secretariat")
    response = client.post(letter_url(w, "send/"), follow=True)
    assert "Brevet har ingen kommentarer, så der er intet at sende" in flat(response)
    committee_services.item_comment_save(council=w.council, item=w.items[3], relevant=True, text=SUNDHED,
                                         expected_version=0)
    response = client.post(letter_url(w, "send/"), follow=True)
    assert "Brevet skal godkendes af formandskabet, før det sendes." in flat(response)
    client.post(letter_url(w), {"intro": "", "closing": "", "recipient_email": ""})
    client.post(letter_url(w, "godkend/"))
    response = client.post(letter_url(w, "send/"), follow=True)
    assert "Brevet har ingen modtager. Skriv modtagerens e-mail" in flat(response)
    assert not OutboxMessage.objects.exists()


def test_pdf_and_word_downloads(client, commented):
    pypdf = pytest.importorskip("pypdf")
    w = commented
    login(client, w, "member")
    response = client.get(letter_url(w, "pdf/"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; filename=\"kommentarer-til-dagsordenen")
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Punkt 3. SUS/ØU/KB" in text and "hjemløses adgang" in text
    response = client.get(letter_url(w, "word/"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert response["Content-Disposition"].endswith('.docx"')
    from docx import Document

    paragraphs = " ".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Punkt 3. SUS/ØU/KB – Udarbejdelse af ny Sundhedspolitik 2018" in paragraphs
    assert client.post(letter_url(w, "pdf/")).status_code == 405


def test_sent_letter_files_use_the_frozen_text(client, commented):
    w = commented
    services.comment_letter_approve(council=w.council, committee_meeting=w.meeting)
    services.comment_letter_send(council=w.council, committee_meeting=w.meeting)
    from hearings.models import ItemComment

    ItemComment.objects.filter(item=w.items[3]).update(text="Ændret i databasen bagefter.")
    login(client, w, "member")
    html = flat(client.get(letter_url(w)))
    assert SUNDHED in html and "Ændret i databasen" not in html


def test_other_councils_people_and_anonymous(client, world, other):
    client.force_login(other.secretary)
    assert client.get(letter_url(world)).status_code == 403
    assert client.post(letter_url(world, "send/")).status_code == 403
    client.logout()
    response = client.get(letter_url(world))
    assert response.status_code == 302 and "/konto/log-ind/" in response["Location"]


def test_letter_page_query_count_is_flat(client, commented, django_assert_max_num_queries):
    from hearings.tests.committees_builders import add_items

    w = commented
    login(client, w, "group")
    with django_assert_max_num_queries(16) as baseline:
        assert client.get(letter_url(w)).status_code == 200
    count = len(baseline.captured_queries)
    more = add_items(w.council, w.meeting, [(n, "SUS", f"Ekstra punkt {n}") for n in range(5, 30)])
    for item in more.values():
        committee_services.item_comment_save(council=w.council, item=item, relevant=True, text=f"Om {item.title}",
                                             expected_version=0)
    with django_assert_max_num_queries(count):
        response = client.get(letter_url(w))
    assert "Punkt 29. SUS – Ekstra punkt 29" in flat(response)
