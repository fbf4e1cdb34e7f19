"""Citizens' sign-ups for public events (activities.services.citizens): places and the waiting
list, promotion with an SMS when someone cancels, the deadline, duplicates, phone numbers,
publishing only the council's own events, the race for the last place, and deleting the
sign-ups after the event (keeping the count)."""

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from activities.models import CitizenSignup, Event
from activities.services import citizens as services
from activities.services import events as event_services
from activities.tests.events_builders import at, public_event, today
from core.audit import AuditEvent
from core.errors import ApplicationError
from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_beyond_the_citizens_places_a_signup_goes_on_the_waiting_list(pw):
    event = public_event(pw.council, public_capacity=2)

    first = services.citizen_signup(event=event, name="Bent", phone="")
    second = services.citizen_signup(event=event, name="Kis fra Hyldespjældet", phone="20 30 40 50")
    third = services.citizen_signup(event=event, name="Lone", phone="")

    assert [first.status, second.status, third.status] == ["signed_up", "signed_up", "waiting"]
    assert second.phone == "+4520304050"
    assert len(first.cancel_token) >= 30 and first.cancel_token != second.cancel_token


def test_without_a_limit_everyone_gets_a_place(pw):
    event = public_event(pw.council, public_capacity=None)

    rows = [services.citizen_signup(event=event, name=f"Borger {n}") for n in range(5)]

    assert {r.status for r in rows} == {"signed_up"}


def test_cancelling_by_the_link_moves_the_first_waiting_up_and_texts_them(pw):
    event = public_event(pw.council, public_capacity=1)
    taken = services.citizen_signup(event=event, name="Bent")
    first = services.citizen_signup(event=event, name="Lone", phone="+45 61 62 63 64")
    second = services.citizen_signup(event=event, name="Mogens")

    services.citizen_signup_cancel(event=event, token=taken.cancel_token)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "signed_up" and first.promoted_at is not None
    assert second.status == "waiting"
    sms = OutboxMessage.objects.get(kind="activities.citizen_promoted")
    assert sms.channel == "sms" and sms.to_address == "+4561626364" and sms.person is None
    assert "Lone" in sms.body and "Borgermøde om ældrepolitik" in sms.body and first.cancel_token in sms.body
    assert AuditEvent.objects.filter(action="activities.event.citizen_promoted").exists()
    ours = AuditEvent.objects.filter(action__startswith="activities.event.citizen")
    assert "+4561626364" not in str(list(ours.values_list("before", "after")))


def test_a_promoted_citizen_without_a_phone_is_recorded_for_the_secretariat(pw):
    event = public_event(pw.council, public_capacity=1)
    taken = services.citizen_signup(event=event, name="Bent")
    waiting = services.citizen_signup(event=event, name="Lone")

    services.citizen_signup_cancel(event=event, token=taken.cancel_token)

    waiting.refresh_from_db()
    assert waiting.is_signed_up and waiting.promoted_at is not None
    assert not OutboxMessage.objects.exists()


def test_cancelling_twice_is_harmless_and_a_waiting_cancel_frees_no_place(pw):
    event = public_event(pw.council, public_capacity=1)
    services.citizen_signup(event=event, name="Bent")
    waiting = services.citizen_signup(event=event, name="Lone")
    last = services.citizen_signup(event=event, name="Mogens")

    services.citizen_signup_cancel(event=event, token=waiting.cancel_token)
    again = services.citizen_signup_cancel(event=event, token=waiting.cancel_token)

    last.refresh_from_db()
    assert again.is_cancelled and last.is_waiting


def test_raising_the_citizens_places_gives_them_to_the_waiting_list(pw):
    event = public_event(pw.council, public_capacity=1, actor=pw.secretary)
    services.citizen_signup(event=event, name="Bent")
    waiting = services.citizen_signup(event=event, name="Lone")

    event_services.event_update(event=event, public_capacity=2, actor=pw.secretary)

    waiting.refresh_from_db()
    assert waiting.is_signed_up


def test_after_the_deadline_signup_is_refused_in_danish(pw):
    event = public_event(pw.council, days=10, signup_deadline=today() + dt.timedelta(days=2))

    with pytest.raises(ApplicationError, match="Tilmeldingsfristen var") as refusal:
        services.citizen_signup(event=event, name="Bent", now=timezone.now() + dt.timedelta(days=3))

    assert refusal.value.code == "deadline" and not CitizenSignup.objects.exists()


def test_after_the_event_began_signup_and_cancelling_are_refused(pw):
    event = public_event(pw.council, days=3)
    signup = services.citizen_signup(event=event, name="Bent")
    later = event.starts_at + dt.timedelta(minutes=5)

    with pytest.raises(ApplicationError, match="Arrangementet er begyndt"):
        services.citizen_signup(event=event, name="Lone", now=later)
    with pytest.raises(ApplicationError, match="Arrangementet er begyndt"):
        services.citizen_signup_cancel(event=event, token=signup.cancel_token, now=later)


def test_the_same_name_and_phone_twice_is_refused_kindly(pw):
    event = public_event(pw.council)
    services.citizen_signup(event=event, name="Kis", phone="20304050")

    with pytest.raises(ApplicationError, match="Du behøver ikke tilmelde dig igen") as refusal:
        services.citizen_signup(event=event, name="  kis ", phone="+45 20 30 40 50")

    assert refusal.value.field == "name"
    assert services.citizen_signup(event=event, name="Kis", phone="").is_signed_up  # another Kis, no phone


@pytest.mark.parametrize("phone", ["1234", "12345678", "+46 20304050", "20 30 40 5O"])
def test_a_phone_number_that_is_not_danish_is_refused(pw, phone):
    event = public_event(pw.council)

    with pytest.raises(ApplicationError, match="dansk telefonnummer") as refusal:
        services.citizen_signup(event=event, name="Bent", phone=phone)

    assert refusal.value.field == "phone"


def test_a_cpr_number_in_the_name_is_refused_in_danish(pw):
    event = public_event(pw.council)

    with pytest.raises(ApplicationError, match="CPR"):
        services.citizen_signup(event=event, name="Bent 010203-1234")

    assert not CitizenSignup.objects.exists()


def test_a_non_public_event_takes_no_citizens(pw):
    event = public_event(pw.council, is_public=False)

    with pytest.raises(ApplicationError, match="ikke tilmelde"):
        services.citizen_signup(event=event, name="Bent")


def test_only_the_councils_own_events_can_be_public(pw):
    event = public_event(pw.council, is_public=False, own=False)

    with pytest.raises(ApplicationError, match="Kun rådets egne arrangementer") as refusal:
        services.event_publish_set(event=event, is_public=True, actor=pw.secretary)
    with pytest.raises(ApplicationError, match="Kun rådets egne arrangementer"):
        event_services.event_create(council=pw.council, title="Konference", starts_at=at(today() + dt.timedelta(5)),
                                    is_public=True, own=False)

    assert refusal.value.field == "is_public"
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(is_public=True)


def test_publishing_and_unpublishing_are_audited(pw):
    event = public_event(pw.council, is_public=False)

    services.event_publish_set(event=event, is_public=True, actor=pw.secretary)
    services.event_publish_set(event=event, is_public=False, actor=pw.secretary)

    actions = list(AuditEvent.objects.filter(action__startswith="activities.event.").order_by("id")
                   .values_list("action", flat=True))
    assert actions[-2:] == ["activities.event.published", "activities.event.unpublished"]
    event.refresh_from_db()
    assert not event.is_public


def test_the_number_of_citizens_who_came_can_be_recorded_from_the_day(pw):
    event = public_event(pw.council, days=5)
    with pytest.raises(ApplicationError, match="fra dagen for arrangementet"):
        services.citizens_attended_record(event=event, count=12, actor=pw.secretary)

    Event.objects.filter(pk=event.pk).update(starts_at=at(today() - dt.timedelta(days=1), 18), ends_at=None,
                                             signup_deadline=None)
    event.refresh_from_db()
    services.citizens_attended_record(event=event, count=12, actor=pw.secretary)

    event.refresh_from_db()
    assert event.citizens_attended == 12


# --- Retention ----------------------------------------------------------------------------------

def _ended(event, days_ago: float):
    start = timezone.now() - dt.timedelta(days=days_ago, hours=3)
    Event.objects.filter(pk=event.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=2),
                                             signup_deadline=None)


def test_deleting_signups_keeps_the_count_on_the_event(pw):
    old = public_event(pw.council, public_capacity=2, title="Borgermøde i marts")
    recent = public_event(pw.council, title="Dialogmøde i går")
    for name in ("Bent", "Lone", "Mogens"):
        services.citizen_signup(event=old, name=name, phone="20304050")
    services.citizen_signup(event=recent, name="Kis")
    _ended(old, days_ago=2)
    _ended(recent, days_ago=0.5)

    deleted = services.citizen_signups_delete(CitizenSignup.objects.filter(event=old))

    old.refresh_from_db()
    assert deleted == 3
    assert not CitizenSignup.objects.filter(event=old).exists()
    assert CitizenSignup.objects.filter(event=recent).count() == 1  # not asked for
    assert old.citizens_signed_up == 2  # two had a place, the third was on the waiting list
    assert services.citizen_signups_delete(CitizenSignup.objects.filter(event=old)) == 0
    old.refresh_from_db()
    assert old.citizens_signed_up == 2  # nothing left to delete, the count stays


def test_the_councils_retention_rule_deletes_signups_through_activities(pw):
    """One way to delete sign-ups: the retention rule (per council, privacy.retention) keeps the count."""
    from privacy import retention

    event = public_event(pw.council, public_capacity=5, title="Borgermøde i januar")
    for name in ("Bent", "Lone"):
        services.citizen_signup(event=event, name=name, phone="20304050")
    _ended(event, days_ago=400)

    done = retention.retention_run(council=pw.council)

    event.refresh_from_db()
    assert done["citizen_signups"] == 2
    assert not CitizenSignup.objects.filter(event=event).exists()
    assert event.citizens_signed_up == 2


# --- The race for the last place -----------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)")
def test_two_signups_for_the_last_place_give_one_place_and_one_waiting(pw, monkeypatch):
    event = public_event(pw.council, public_capacity=1)
    real = services._free_places
    start = threading.Barrier(2)

    def slow_free_places(event):
        free = real(event)
        threading.Event().wait(0.3)  # hold the lock while the other sign-up waits for it
        return free

    monkeypatch.setattr(services, "_free_places", slow_free_places)
    errors = []

    def signup(name):
        from django.db import connection as thread_connection

        try:
            start.wait()
            services.citizen_signup(event=Event.objects.get(pk=event.pk), name=name)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=signup, args=(name,)) for name in ("Bent", "Lone")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert errors == []
    assert sorted(CitizenSignup.objects.values_list("status", flat=True)) == ["signed_up", "waiting"]
