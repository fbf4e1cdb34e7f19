"""The citizens' e-mail alerts job (public.alerts, docs/workflows/feeds-and-alerts.md): one digest
per subscriber per run with what was published since the subscriber's marker, on the topics they
chose; nothing from before they confirmed; running twice sends nothing new; no name of a person
who did not consent; another council's items and subscribers are apart; every digest carries the
unsubscribe link and the RFC 8058 headers; the reads do not grow with the subscribers."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications import services
from notifications.models import CitizenSubscription, OutboxMessage
from public import alerts
from public.tests.feeds_builders import at, minutes_meeting, response

pytestmark = pytest.mark.django_db
T0 = at(dt.date(2026, 3, 1))   # the subscribers confirm


def subscriber(council, email="borger@example.org", topics=("minutes",), confirmed_at=T0):
    return CitizenSubscription.objects.create(council=council, email=email, confirmed_at=confirmed_at,
                                              alerted_through=confirmed_at, **{t: True for t in topics})


def digests() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(kind=services.ALERT_KIND).order_by("pk"))


def test_one_digest_with_what_is_new_since_confirming_and_nothing_twice(council):
    sub = subscriber(council)
    minutes_meeting(council, title="Gammelt møde", day=dt.date(2026, 2, 1))    # before confirming: not sent
    minutes_meeting(council, title="Marts-mødet", day=dt.date(2026, 3, 3))
    minutes_meeting(council, title="April-mødet", day=dt.date(2026, 4, 7))

    assert alerts.alerts_send(now=at(dt.date(2026, 4, 10))) == 1
    assert alerts.alerts_send(now=at(dt.date(2026, 4, 11))) == 0   # idempotent

    [digest] = digests()
    assert digest.to_address == "borger@example.org" and digest.subject == "Nyt fra Udsatterådet Nordby"
    assert "Marts-mødet" in digest.body and "April-mødet" in digest.body and "Gammelt møde" not in digest.body
    assert "REFERATER" in digest.body and "{stemme-site}/nordby/moeder/" in digest.body
    unsubscribe = f"{{stemme-site}}/nordby/abonner/afmeld/{sub.unsubscribe_token}/"
    assert unsubscribe in digest.body
    assert digest.headers == {"List-Unsubscribe": f"<{unsubscribe}>",
                              "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    sub.refresh_from_db()
    assert sub.alerted_through == at(dt.date(2026, 4, 11))


def test_the_next_run_sends_only_the_newer_item(council):
    subscriber(council)
    minutes_meeting(council, title="Marts-mødet", day=dt.date(2026, 3, 3))
    alerts.alerts_send(now=at(dt.date(2026, 3, 10)))
    minutes_meeting(council, title="April-mødet", day=dt.date(2026, 4, 7))
    # published after this run's start: waits for the next run
    minutes_meeting(council, title="Maj-mødet", day=dt.date(2026, 5, 5))

    alerts.alerts_send(now=at(dt.date(2026, 4, 10)))
    alerts.alerts_send(now=at(dt.date(2026, 5, 10)))

    first, second, third = digests()
    assert "April-mødet" in second.body and "Marts-mødet" not in second.body and "Maj-mødet" not in second.body
    assert "Maj-mødet" in third.body and "April-mødet" not in third.body
    assert "Marts-mødet" in first.body


def test_each_subscriber_gets_only_their_topics(council):
    subscriber(council, email="referater@example.org", topics=("minutes",))
    subscriber(council, email="alt@example.org", topics=("minutes", "responses"))
    subscriber(council, email="svar@example.org", topics=("responses",))
    minutes_meeting(council, title="Marts-mødet", day=dt.date(2026, 3, 3))
    response(council, title="Ungestrategi", sent_at=at(dt.date(2026, 3, 12)))

    assert alerts.alerts_send(now=at(dt.date(2026, 3, 20))) == 3

    by_address = {m.to_address: m.body for m in digests()}
    assert "Marts-mødet" in by_address["referater@example.org"]
    assert "Ungestrategi" not in by_address["referater@example.org"]
    assert "Marts-mødet" in by_address["alt@example.org"] and "Ungestrategi" in by_address["alt@example.org"]
    assert "Marts-mødet" not in by_address["svar@example.org"] and "HØRINGSSVAR" in by_address["svar@example.org"]


def test_unconfirmed_subscribers_and_other_councils_are_apart(council, other_council):
    subscriber(council, email="ikke-bekraeftet@example.org", confirmed_at=None)
    subscriber(other_council, email="sydby@example.org")
    minutes_meeting(council, title="Nordbys møde", day=dt.date(2026, 3, 3))
    minutes_meeting(other_council, title="Sydbys møde", day=dt.date(2026, 3, 3))

    alerts.alerts_send(now=at(dt.date(2026, 3, 20)))

    [digest] = digests()
    assert digest.to_address == "sydby@example.org" and digest.council == other_council
    assert "Sydbys møde" in digest.body and "Nordbys møde" not in digest.body


def test_no_name_without_consent_in_a_digest(council, add_member):
    add_member(council, "Erik Skjult", publish=False)
    subscriber(council)
    minutes_meeting(council, title="Møde hos Erik Skjult", day=dt.date(2026, 3, 3))

    alerts.alerts_send(now=at(dt.date(2026, 3, 20)))

    [digest] = digests()
    assert "Skjult" not in digest.body and "Møde hos et medlem" in digest.body


def test_the_reads_do_not_grow_with_the_subscribers(council):
    minutes_meeting(council, title="Marts-mødet", day=dt.date(2026, 3, 3))

    def queries_for(n: int) -> int:
        CitizenSubscription.objects.all().delete()
        for i in range(n):
            subscriber(council, email=f"borger{n}-{i}@example.org")
        with CaptureQueriesContext(connection) as run:
            assert alerts.alerts_send(now=at(dt.date(2026, 3, 20))) == n
        return len(run.captured_queries)

    few, many = queries_for(2), queries_for(8)
    # Queuing a digest is the outbox's: a savepoint, its council check, the message, its audit row.
    # Nothing of the items or the subscriptions is read per subscriber.
    assert (many - few) / 6 <= 5, (few, many)
