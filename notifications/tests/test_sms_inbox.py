"""The secretariat's inbox of received SMS (/<slug>/intern/udsendelser/indbakke/): what waits,
with the person and the meeting; "Markér som behandlet"; the count on the outbox page; only
the council's own texts; constant queries."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.inbound import inbound_receive
from notifications.models import InboundOutcome, InboundSms

ids = itertools.count(1)


def receive(text, number="+4520112233"):
    return inbound_receive(provider_ref=f"r-{next(ids)}", from_number=number, text=text)


def inbox_url(council):
    return f"/{council.slug}/intern/udsendelser/indbakke/"


def section(html, testid):
    return html.split(f'data-testid="{testid}"')[1].split("</section>")[0]


@pytest.fixture
def as_secretary(client, secretary):
    client.force_login(secretary)
    return client


def test_the_inbox_lists_what_waits_and_what_stemme_handled(as_secretary, sms_world):
    receive("Kan jeg tage min hjælper med?")
    receive("AFBUD")
    receive("Hvem er du?", number="+4599887766")  # unknown number: no council's

    html = as_secretary.get(inbox_url(sms_world.council)).content.decode()

    waiting = section(html, "inbox-unhandled")
    assert "Kan jeg tage min hjælper med?" in waiting and "Carl Christensen" in waiting
    assert "Hvem er du?" not in html
    recent = section(html, "inbox-recent")
    assert "AFBUD" in recent and "Afbud registreret" in recent and "af Stemme" in recent


def test_an_unclear_answer_shows_why_the_meeting_and_the_reply(as_secretary, sms_world, second_meeting_for_inbox):
    receive("afbud")

    waiting = section(as_secretary.get(inbox_url(sms_world.council)).content.decode(), "inbox-unhandled")

    assert "Uklart – ring til personen" in waiting
    assert "flere møder" in waiting
    assert "Stemme svarede:" in waiting and "43 21 00 00" in waiting


@pytest.fixture
def second_meeting_for_inbox(sms_world, secretary):
    from meetings.services.attendance import invitations_send
    from meetings.tests.attendance_builders import make_meeting, meeting_day

    meeting = make_meeting(sms_world.council, day=meeting_day(60))
    invitations_send(meeting=meeting, actor=secretary)
    return meeting


def test_mark_handled_takes_it_off_the_list(as_secretary, sms_world, secretary):
    [row] = receive("Jeg bliver nok lidt forsinket")

    response = as_secretary.post(inbox_url(sms_world.council) + "behandlet/", {"besked": row.pk}, follow=True)

    row.refresh_from_db()
    assert row.handled_at is not None and row.handled_by == secretary
    html = response.content.decode()
    assert "er markeret som behandlet" in html
    assert "forsinket" not in section(html, "inbox-unhandled")
    assert "forsinket" in section(html, "inbox-recent") and "Sara Sekretær" in section(html, "inbox-recent")


def test_the_outbox_page_counts_the_waiting_texts(as_secretary, sms_world):
    receive("Spørgsmål til punkt 3")
    receive("Og et til")

    html = as_secretary.get(f"/{sms_world.council.slug}/intern/udsendelser/").content.decode()

    count = html.split('data-testid="outbox-inbox-count"')[1].split("</li>")[0]
    assert "<strong>2</strong>" in count and "indbakke/" in count


def test_only_the_councils_own_texts(client, sms_world, other_council, make_user, add_member):
    from councils import services as council_services

    [own] = receive("Til Nordby")
    sydby_secretary = make_user("sydby-sek@example.org")
    council_services.council_secretary_add(council=other_council, user=sydby_secretary)
    add_member(other_council, "Sigurd Sydbosen", phone="+45 30 30 30 30", preferred_channel="sms")
    [theirs] = receive("Til Sydby", number="+4530303030")
    client.force_login(sydby_secretary)

    html = client.get(inbox_url(other_council)).content.decode()
    assert "Til Sydby" in html and "Til Nordby" not in html
    # Another council's text cannot be marked from here (404), nor a text without a council.
    assert client.post(inbox_url(other_council) + "behandlet/", {"besked": own.pk}).status_code == 404
    [stranger] = receive("Hvem?", number="+4599887766")
    assert stranger.council is None
    assert client.post(inbox_url(other_council) + "behandlet/", {"besked": stranger.pk}).status_code == 404
    assert client.post(inbox_url(other_council) + "behandlet/", {"besked": "x"}).status_code == 404
    own.refresh_from_db()
    assert own.handled_at is None
    assert client.post(inbox_url(other_council) + "behandlet/", {"besked": theirs.pk}).status_code == 302


def test_members_and_anonymous_users_cannot_see_the_inbox(client, sms_world, make_user, add_member):
    assert client.get(inbox_url(sms_world.council)).status_code == 302  # to the login
    user = make_user("medlem@example.org")
    add_member(sms_world.council, "Mona Medlem", user=user)
    client.force_login(user)
    assert client.get(inbox_url(sms_world.council)).status_code == 403
    assert client.post(inbox_url(sms_world.council) + "behandlet/", {"besked": 1}).status_code == 403


def test_marking_needs_post(as_secretary, sms_world):
    assert as_secretary.get(inbox_url(sms_world.council) + "behandlet/").status_code == 405


def grow(world, n):
    for i in range(n):
        InboundSms.objects.create(council=world.council, person=world.carl, meeting=world.meeting,
                                  from_number=world.number, text=f"Spørgsmål {i}", provider_ref=f"g-{next(ids)}",
                                  received_at=timezone.now(), outcome=InboundOutcome.INBOX)
        receive("ja")  # handled by Stemme, with a reply


def test_inbox_queries_are_constant(as_secretary, sms_world):
    url = inbox_url(sms_world.council)
    grow(sms_world, 2)
    with CaptureQueriesContext(connection) as small:
        assert as_secretary.get(url).status_code == 200
    grow(sms_world, 20)
    with CaptureQueriesContext(connection) as large:
        assert as_secretary.get(url).status_code == 200

    assert len(large) == len(small), "\n".join(q["sql"] for q in large.captured_queries)


def test_texts_from_unknown_numbers_are_for_the_platform_admin_only(client, sms_world, make_user):
    [stranger] = receive("Hvem er I?", number="+4599887766")
    client.force_login(make_user("admin@example.org", superuser=True))

    html = client.get("/django-admin/notifications/inboundsms/?council__isempty=1").content.decode()

    assert "+4599887766" in html
    assert client.get(f"/django-admin/notifications/inboundsms/{stranger.pk}/change/").status_code == 200
