"""The secretariat's outbox page: SMS texts to copy, letters to print as one PDF, failed
messages with "Prøv igen"; only for the secretariat, only the council's own messages, and a
constant number of queries however many messages there are."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from councils import services as council_services
from meetings.services.plan import meeting_create
from notifications import services
from notifications.models import OutboxMessage, OutboxStatus

CPH = ZoneInfo("Europe/Copenhagen")


def text(response) -> str:
    return response.content.decode()


def outbox_url(council, name="outbox", *args):
    return reverse(f"notifications:{name}", args=[council.slug, *args])


def queue(council, person, channel, **fields):
    address = {"email": person.email, "sms": person.phone, "letter": person.address}[channel]
    return services.outbox_enqueue(council=council, channel=channel, person=person, to_address=address,
                                   subject=fields.pop("subject", "Indkaldelse: Udsatterådet Nordby 4. marts 2027"),
                                   body=fields.pop("body", f"Kære {person.name}\n\nDu er indkaldt.\n"),
                                   kind="meetings.invitation", **fields)


def fail(message, *, gave_up=False, error="ConnectionRefusedError: [Errno 111] Connection refused"):
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.GAVE_UP if gave_up else OutboxStatus.FAILED, attempts=8 if gave_up else 1,
        last_error=error)


@pytest.fixture
def as_secretary(client, secretary, council):
    client.force_login(secretary)
    return client


@pytest.fixture
def meeting(council):
    return meeting_create(council=council, kind="ordinary", starts_at=dt.datetime(2027, 3, 4, 16, tzinfo=CPH),
                          ends_at=dt.datetime(2027, 3, 4, 18, tzinfo=CPH), location="Rådhuset")


def test_the_page_lists_sms_texts_letters_and_failed_messages(as_secretary, council, people):
    queue(council, people["sms"], "sms", body="Udsatterådet Nordby: Møde 4/3 kl. 16.00. Afbud: http://x/afbud/a/")
    queue(council, people["letter"], "letter")
    failed = queue(council, people["email"], "email", subject="Indkaldelse til Erik")
    fail(failed)
    queue(council, people["email"], "email", subject="Venter stadig")

    response = as_secretary.get(outbox_url(council))

    assert response.status_code == 200
    page = text(response)
    assert "Skal sendes som SMS" in page
    assert "Udsatterådet Nordby: Møde 4/3 kl. 16.00. Afbud: http://x/afbud/a/</textarea>" in page
    assert "+45 20 30 40 50" in page and "Sonja Sms" in page
    assert "Søndergade 4, 1. th." in page and "Udskriv breve" in page
    assert "Markér brevet som sendt" in page
    assert "Indkaldelse til Erik" in page and "Connection refused" in page and "Prøv igen" in page
    assert reverse("notifications:retry", args=[council.slug, failed.pk]) in page
    assert response.context["overview"].pending == 1


def test_mark_sent_takes_the_sms_off_the_list(as_secretary, council, people):
    sms = queue(council, people["sms"], "sms")

    response = as_secretary.post(outbox_url(council, "mark_sent", sms.pk), follow=True)

    sms.refresh_from_db()
    assert sms.status == OutboxStatus.DONE_MANUALLY
    page = text(response)
    assert "Beskeden til Sonja Sms er markeret som sendt." in page
    assert "Ingen SMS&#x27;er venter." in page or "Ingen SMS'er venter." in page


def test_mark_sent_twice_says_it_is_already_sent(as_secretary, council, people):
    sms = queue(council, people["sms"], "sms")
    as_secretary.post(outbox_url(council, "mark_sent", sms.pk))

    response = as_secretary.post(outbox_url(council, "mark_sent", sms.pk), follow=True)

    assert "Beskeden er allerede sendt." in text(response)


def test_retry_puts_a_failed_message_back_in_the_queue(as_secretary, council, people):
    message = queue(council, people["email"], "email")
    fail(message, gave_up=True)

    response = as_secretary.post(outbox_url(council, "retry", message.pk), follow=True)

    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 0)
    assert "Beskeden sendes igen om et øjeblik." in text(response)


def test_letters_pdf_has_one_page_per_letter_with_the_address(as_secretary, council, people, settings):
    settings.STEMME_LETTERS_DUPLEX = False  # no blank backs (notifications/tests/test_letters_batch.py)
    second = council_services.person_save(council=council, name="Birthe Brev", address="Vestergade 9\n2600 Glostrup",
                                          preferred_channel="letter")
    queue(council, people["letter"], "letter", body="Kære Lars Brev\n\nDu er indkaldt til møde den 4. marts.\n")
    queue(council, second, "letter")
    queue(council, people["sms"], "sms")  # not a letter

    response = as_secretary.get(outbox_url(council, "letters_pdf"))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 3  # the cover sheet, then the letters in postal order
    cover, last, first = (page.extract_text() for page in reader.pages)
    assert "Breve til udskrivning" in cover and cover.index("Birthe Brev 2600") < cover.index("Lars Brev 2620")
    assert "Lars Brev" in first and "Søndergade 4, 1. th." in first and "2620 Albertslund" in first
    assert "Du er indkaldt til møde den 4. marts." in first
    assert "Udsatterådet Nordby" in first
    assert "Birthe Brev" in last and "2600 Glostrup" in last
    assert reader.metadata.title == "Breve fra Udsatterådet Nordby"


def test_mark_all_letters_sent(as_secretary, council, people):
    letters = [queue(council, people["letter"], "letter") for _ in range(3)]

    response = as_secretary.post(outbox_url(council, "mark_letters_sent"),
                                 {"ids": ",".join(str(m.pk) for m in letters)}, follow=True)

    assert "3 breve er markeret som sendt." in text(response)
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.DONE_MANUALLY}


def test_the_list_can_be_limited_to_one_meeting(as_secretary, council, people, meeting):
    queue(council, people["sms"], "sms", meeting=meeting, body="Om mødet i marts")
    queue(council, people["sms"], "sms", body="Om noget andet")

    response = as_secretary.get(outbox_url(council) + f"?moede={meeting.pk}")

    page = text(response)
    assert "Om mødet i marts" in page and "Om noget andet" not in page
    assert "Vis alle rådets beskeder" in page


# --- Access and tenancy ---------------------------------------------------------------------------

def test_members_and_anonymous_users_cannot_see_the_outbox(client, council, make_user, add_member):
    member = make_user("medlem@example.org")
    add_member(council, "Mona Medlem", user=member)

    assert client.get(outbox_url(council)).status_code == 302  # to the login page
    client.force_login(member)
    assert client.get(outbox_url(council)).status_code == 403
    assert client.get(outbox_url(council, "letters_pdf")).status_code == 403


def test_another_councils_messages_are_not_shown_and_cannot_be_touched(as_secretary, council, other_council,
                                                                       people):
    stranger = council_services.person_save(council=other_council, name="Frede Fremmed", phone="+45 99 88 77 66",
                                            preferred_channel="sms")
    foreign = queue(other_council, stranger, "sms", body="Hemmelig tekst fra Sydby")
    foreign_failed = queue(other_council, stranger, "sms")
    fail(foreign_failed)
    foreign_meeting = meeting_create(council=other_council, kind="ordinary",
                                     starts_at=dt.datetime(2027, 3, 4, 16, tzinfo=CPH),
                                     ends_at=dt.datetime(2027, 3, 4, 18, tzinfo=CPH))

    page = text(as_secretary.get(outbox_url(council)))
    assert "Hemmelig tekst fra Sydby" not in page and "Frede Fremmed" not in page
    assert as_secretary.post(outbox_url(council, "mark_sent", foreign.pk)).status_code == 404
    assert as_secretary.post(outbox_url(council, "retry", foreign_failed.pk)).status_code == 404
    assert as_secretary.get(outbox_url(council) + f"?moede={foreign_meeting.pk}").status_code == 404
    assert as_secretary.post(outbox_url(other_council, "mark_sent", foreign.pk)).status_code == 403
    foreign.refresh_from_db()
    assert foreign.status == OutboxStatus.MANUAL


def test_actions_need_post(as_secretary, council, people):
    sms = queue(council, people["sms"], "sms")
    assert as_secretary.get(outbox_url(council, "mark_sent", sms.pk)).status_code == 405
    assert as_secretary.get(outbox_url(council, "retry", sms.pk)).status_code == 405


# --- Query counts ---------------------------------------------------------------------------------

def grow(council, n, meeting):
    for i in range(n):
        sms = council_services.person_save(council=council, name=f"Sms {i}", phone=f"+45 2000 {i:04d}",
                                           preferred_channel="sms")
        letter = council_services.person_save(council=council, name=f"Brev {i}", address=f"Vej {i}\n2620 By",
                                              preferred_channel="letter")
        mailer = council_services.person_save(council=council, name=f"Mail {i}", email=f"mail{i}@example.org")
        queue(council, sms, "sms", meeting=meeting)
        queue(council, letter, "letter", meeting=meeting)
        fail(queue(council, mailer, "email", meeting=meeting), gave_up=i % 2 == 0)
        queue(council, mailer, "email", meeting=meeting)
        done = queue(council, mailer, "email", meeting=meeting)
        OutboxMessage.objects.filter(pk=done.pk).update(status=OutboxStatus.SENT, sent_at=done.created_at)


def count_queries(client, url) -> CaptureQueriesContext:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return ctx


@pytest.mark.parametrize("filtered", [False, True])
def test_outbox_page_queries_are_constant(as_secretary, council, meeting, filtered):
    url = outbox_url(council) + (f"?moede={meeting.pk}" if filtered else "")
    grow(council, 2, meeting)
    small = count_queries(as_secretary, url)
    grow(council, 20, meeting)
    large = count_queries(as_secretary, url)

    assert len(large) == len(small), "\n".join(q["sql"] for q in large.captured_queries)
