"""The SMTP server refuses or times out (issue 15, "Faults"), against a real SMTP server on
loopback whose answers the test switches (tests/faults/smtp_server.py): a permanent refusal of
the address (550), a temporary refusal of the message (451), a server that never answers
(timeout). Each failure is retried with the backoff doubling (notifications.services), nothing
is lost or sent twice, and the secretariat's outbox page says why in Danish
(notifications.failures)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications import services
from notifications.models import OutboxMessage, OutboxStatus

pytestmark = pytest.mark.django_db

BACKOFF = 60
MESSAGES = 3


@pytest.fixture
def setup(make_council, make_user, settings, client):
    settings.STEMME_OUTBOX_BACKOFF_SECONDS = BACKOFF
    settings.STEMME_OUTBOX_MAX_ATTEMPTS = 8
    secretary = make_user("sekretariat@example.org", name="Sara Sekretær")
    council = make_council("smtpraad", name="Udsatterådet Postby", secretary=secretary)
    client.force_login(secretary)
    queued = [services.outbox_enqueue(council=council, channel="email", person=None,
                                      to_address=f"modtager{i}@example.org", subject=f"Indkaldelse nr. {i}",
                                      body=f"Besked {i}", kind="faults.smtp") for i in range(MESSAGES)]
    return council, client, queued


def states(queued) -> list[tuple[str, int]]:
    return [(m.status, m.attempts) for m in OutboxMessage.objects.filter(pk__in=[q.pk for q in queued])]


def outbox_page(client, council) -> str:
    response = client.get(reverse("notifications:outbox", args=[council.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_refusals_and_timeouts_are_retried_with_backoff_and_shown_in_danish(setup, faulty_smtp, settings):
    council, client, queued = setup
    t0 = timezone.now()

    faulty_smtp.mode("refuse-rcpt", 550)  # a permanent refusal of the address
    counts = services.outbox_send_pending(now=t0)
    assert (counts["claimed"], counts["failed"], counts["sent"]) == (MESSAGES, MESSAGES, 0)
    assert states(queued) == [(OutboxStatus.FAILED, 1)] * MESSAGES
    first = OutboxMessage.objects.get(pk=queued[0].pk)
    assert first.send_after == t0 + dt.timedelta(seconds=BACKOFF) and "550" in first.last_error
    page = outbox_page(client, council)
    assert "Mailserveren afviste modtagerens adresse (svar 550). Tjek at adressen er rigtig." in page
    assert page.count('data-testid="failure-reason"') == MESSAGES

    # Not before the backoff has passed.
    assert services.outbox_send_pending(now=t0 + dt.timedelta(seconds=BACKOFF - 1))["claimed"] == 0

    faulty_smtp.mode("refuse-data", 451)  # busy: a temporary refusal of the message
    t1 = t0 + dt.timedelta(seconds=BACKOFF)
    assert services.outbox_send_pending(now=t1)["failed"] == MESSAGES
    second = OutboxMessage.objects.get(pk=queued[0].pk)
    assert second.attempts == 2 and second.send_after == t1 + dt.timedelta(seconds=2 * BACKOFF)  # doubled
    assert "Mailserveren kunne ikke tage imod beskeden lige nu (svar 451)" in outbox_page(client, council)

    faulty_smtp.mode("hang")  # the server takes the message and never answers
    settings.EMAIL_TIMEOUT = 1
    t2 = t1 + dt.timedelta(seconds=2 * BACKOFF)
    assert services.outbox_send_pending(now=t2)["failed"] == MESSAGES
    third = OutboxMessage.objects.get(pk=queued[0].pk)
    assert third.attempts == 3 and third.send_after == t2 + dt.timedelta(seconds=4 * BACKOFF)
    assert "Mailserveren svarede ikke i tide." in outbox_page(client, council)
    assert faulty_smtp.delivered() == []  # nothing accepted so far

    faulty_smtp.mode("accept")
    settings.EMAIL_TIMEOUT = 5
    t3 = t2 + dt.timedelta(seconds=4 * BACKOFF)
    assert services.outbox_send_pending(now=t3)["sent"] == MESSAGES
    assert states(queued) == [(OutboxStatus.SENT, 4)] * MESSAGES
    delivered = faulty_smtp.delivered()
    assert sorted(m["Subject"] for m in delivered) == [f"Indkaldelse nr. {i}" for i in range(MESSAGES)]  # each once
    assert services.outbox_send_pending(now=t3 + dt.timedelta(days=1))["claimed"] == 0
    assert len(faulty_smtp.delivered()) == MESSAGES
    assert 'data-testid="failure-reason"' not in outbox_page(client, council)


def test_a_refusal_that_never_ends_gives_up_and_says_why(setup, faulty_smtp, settings):
    council, client, queued = setup
    settings.STEMME_OUTBOX_MAX_ATTEMPTS = 3
    faulty_smtp.mode("refuse-data", 554)
    now = timezone.now()
    for _ in range(3):
        services.outbox_send_pending(now=now)
        now += dt.timedelta(days=1)
    assert states(queued) == [(OutboxStatus.GAVE_UP, 3)] * MESSAGES
    page = outbox_page(client, council)
    assert page.count("Mailserveren afviste beskeden (svar 554).") == MESSAGES
    assert faulty_smtp.delivered() == []
    # The secretariat's "Prøv igen" after the mail server is fixed: each sent once.
    faulty_smtp.mode("accept")
    for message in queued:
        services.outbox_retry(message=OutboxMessage.objects.get(pk=message.pk), actor=None)
    assert services.outbox_send_pending(now=now)["sent"] == MESSAGES
    assert len(faulty_smtp.delivered()) == MESSAGES
