"""Retention rules: each rule deletes on the right side of its date boundary, the preview lists
exactly what the job then deletes, each deletion is audited with counts only, and one council's
rules never touch another council's rows."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import secrets

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activities.models import CitizenSignup, Event
from core.models import AuditEvent
from councils import services as council_services
from councils.models import Appointment, Candidacy, Membership, Person, RecruitmentCall, Term
from notifications import periodic
from notifications.models import OutboxMessage
from privacy import retention
from public.models import CitizenMessage

_n = itertools.count(1)


def local(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


# --- Builders (plain rows: the rules read dates, not how the rows came about) ----------------------

def candidacy(council, *, decided: dt.date, status: str = "not_selected") -> Candidacy:
    term = Term.objects.filter(council=council).order_by("-start").first()
    call = RecruitmentCall.objects.create(council=council, term=term, title="Bliv medlem", text="Søg",
                                          deadline=local(decided - dt.timedelta(days=30)), published=True)
    Appointment.objects.create(council=council, call=call, decision_date=decided, reference="KB 1.1, pkt. 1")
    return Candidacy.objects.create(council=council, call=call, name=f"Kandidat {next(_n)}", email="k@example.org",
                                    motivation="Jeg vil gerne.", status=status)


def former_member(council, *, term_end: dt.date, name: str = "Tidligere Medlem") -> Person:
    term = Term.objects.create(council=council, name=f"Periode {next(_n)}", start=term_end - dt.timedelta(days=4 * 365),
                               end=term_end)
    person = Person.objects.create(council=council, name=name, email="tidligere@example.org", phone="+4522334455",
                                   address="Torvet 1")
    Membership.objects.create(council=council, term=term, person=person, start=term.start)
    return person


def citizen_signup(council, *, event_end: dt.datetime) -> CitizenSignup:
    event = Event.objects.create(council=council, own=True, is_public=True, title="Borgermøde",
                                 starts_at=event_end - dt.timedelta(hours=2), ends_at=event_end)
    return CitizenSignup.objects.create(council=council, event=event, name="Borger", phone="+4530303030",
                                        cancel_token=secrets.token_urlsafe(16))


def citizen_message(council, *, at: dt.datetime) -> CitizenMessage:
    message = CitizenMessage.objects.create(council=council, text="Flere bænke, tak.", name="Borger",
                                            contact="borger@example.org", contact_kind="email")
    CitizenMessage.objects.filter(pk=message.pk).update(created_at=at)
    return message


def outbox_message(council, *, at: dt.datetime, status: str = "sent") -> OutboxMessage:
    message = OutboxMessage.objects.create(council=council, channel="email", to_address="m@example.org",
                                           subject="Indkaldelse", body="Kære medlem", kind="meetings.invitation",
                                           status=status)
    OutboxMessage.objects.filter(pk=message.pk).update(created_at=at)
    return message


@pytest.fixture
def council(make_council, make_user):
    return make_council("gemmer", secretary=make_user("sek@gemmer.dk"))


@pytest.fixture
def other(make_council, make_user):
    return make_council("andetsted", secretary=make_user("sek@andetsted.dk"))


def planned(council, today) -> dict[str, set]:
    return {p.key: set(p.queryset.values_list("pk", flat=True)) for p in retention.retention_plan(
        council=council, today=today)}


# --- One rule at a time, around its boundary ----------------------------------------------------------

def test_rejected_candidacies_go_six_months_after_the_appointment(council):
    decided = dt.date(2026, 3, 31)
    rejected = candidacy(council, decided=decided)
    appointed = candidacy(council, decided=decided, status="appointed")

    assert retention.retention_run(council=council, today=dt.date(2026, 9, 29)) == {}
    assert Candidacy.objects.filter(pk=rejected.pk).exists()

    # 30 September: six months on (31 March + 6 months is the month's last day).
    assert retention.retention_run(council=council, today=dt.date(2026, 9, 30)) == {"candidacies": 1}
    assert not Candidacy.objects.filter(pk=rejected.pk).exists()
    assert Candidacy.objects.filter(pk=appointed.pk).exists()


def test_former_members_contact_goes_after_the_term_and_the_name_stays(council):
    person = former_member(council, term_end=dt.date(2025, 12, 31))

    assert retention.retention_run(council=council, today=dt.date(2026, 6, 29)) == {}
    # 30 June: six months after 31 December.
    assert retention.retention_run(council=council, today=dt.date(2026, 6, 30)) == {"former_members": 1}

    person.refresh_from_db()
    assert (person.name, person.email, person.phone, person.address) == ("Tidligere Medlem", "", "", "")


def test_a_former_member_who_serves_again_keeps_their_contact(council, add_member):
    person = former_member(council, term_end=dt.date(2025, 12, 31))
    current_term = Term.objects.filter(council=council).order_by("-start").first()
    council_services.membership_create(council=council, person=person, term=current_term, role="member",
                                       start=dt.date(2026, 2, 1))

    assert retention.retention_run(council=council, today=dt.date(2027, 1, 1)) == {}
    assert Person.objects.get(pk=person.pk).email == "tidligere@example.org"


def test_citizen_signups_go_thirty_days_after_the_event(council):
    signup = citizen_signup(council, event_end=local(dt.date(2026, 5, 10), 18))

    assert retention.retention_run(council=council, today=dt.date(2026, 6, 9)) == {}
    assert retention.retention_run(council=council, today=dt.date(2026, 6, 10)) == {"citizen_signups": 1}
    assert not CitizenSignup.objects.filter(pk=signup.pk).exists()
    assert Event.objects.filter(pk=signup.event_id).exists()


def test_citizen_messages_go_after_a_year(council):
    message = citizen_message(council, at=local(dt.date(2025, 6, 15), 10))

    assert retention.retention_run(council=council, today=dt.date(2026, 6, 15)) == {}
    assert retention.retention_run(council=council, today=dt.date(2026, 6, 16)) == {"citizen_messages": 1}
    assert not CitizenMessage.objects.filter(pk=message.pk).exists()


def test_outbox_bodies_go_after_ninety_days_and_the_headers_stay(council):
    sent = outbox_message(council, at=local(dt.date(2026, 3, 1), 9))
    waiting = outbox_message(council, at=local(dt.date(2026, 3, 1), 9), status="pending")

    assert retention.retention_run(council=council, today=dt.date(2026, 5, 30)) == {}
    assert retention.retention_run(council=council, today=dt.date(2026, 5, 31)) == {"outbox_bodies": 1}

    sent.refresh_from_db()
    assert (sent.body, sent.to_address, sent.subject, sent.kind) == ("", "m@example.org", "Indkaldelse",
                                                                    "meetings.invitation")
    assert OutboxMessage.objects.get(pk=waiting.pk).body == "Kære medlem"  # not sent yet: kept whole


def test_the_councils_own_settings_apply_from_the_rules_of_procedure(council):
    message = citizen_message(council, at=local(dt.date(2025, 6, 15), 10))
    council_services.rules_update(council=council, actor=None, valid_from=dt.date(2026, 1, 1),
                                  retention_citizen_message_months=24)

    assert retention.retention_run(council=council, today=dt.date(2026, 12, 1)) == {}
    assert retention.retention_run(council=council, today=dt.date(2027, 6, 16)) == {"citizen_messages": 1}
    assert not CitizenMessage.objects.filter(pk=message.pk).exists()


# --- The preview, the job, the audit, tenancy ---------------------------------------------------------

def everything(council, today: dt.date) -> None:
    """One row due and one not due for every rule."""
    long_ago, lately = today - dt.timedelta(days=800), today - dt.timedelta(days=5)
    candidacy(council, decided=long_ago)
    candidacy(council, decided=lately)
    former_member(council, term_end=long_ago, name=f"Gammel {next(_n)}")
    citizen_signup(council, event_end=local(long_ago))
    citizen_signup(council, event_end=local(lately))
    citizen_message(council, at=local(long_ago))
    citizen_message(council, at=local(lately))
    outbox_message(council, at=local(long_ago))
    outbox_message(council, at=local(lately))


def test_the_preview_is_what_the_job_then_deletes_and_each_deletion_is_audited(council, other):
    today = dt.date(2028, 3, 1)
    everything(council, today)
    everything(other, today)
    preview = planned(council, today)
    other_preview = planned(other, today)
    assert {k: len(v) for k, v in preview.items()} == {
        "candidacies": 1, "former_members": 1, "citizen_signups": 1, "citizen_messages": 1, "outbox_bodies": 1}

    total = retention.retention_job(today=today)

    assert total == 10  # five rules, one row each, in two councils
    assert all(not ids for ids in planned(council, today).values())
    assert not Candidacy.objects.filter(pk__in=preview["candidacies"]).exists()
    assert not CitizenSignup.objects.filter(pk__in=preview["citizen_signups"]).exists()
    assert not CitizenMessage.objects.filter(pk__in=preview["citizen_messages"]).exists()
    assert Person.objects.get(pk__in=preview["former_members"]).email == ""
    assert OutboxMessage.objects.get(pk__in=preview["outbox_bodies"]).body == ""
    # What was not due is still there, in both councils.
    assert Candidacy.objects.filter(council=council).count() == 1
    assert CitizenMessage.objects.filter(council=other).count() == 1
    assert other_preview["citizen_messages"].isdisjoint(preview["citizen_messages"])
    events = AuditEvent.objects.filter(council=council, action__startswith="privacy.retention.")
    assert sorted(e.action for e in events) == sorted(f"privacy.retention.{k}" for k in preview)
    for event in events:
        assert set(event.after) == {"rows", "cutoff", "months"} or set(event.after) == {"rows", "cutoff", "days"}
        assert event.after["rows"] == 1
        assert "Borger" not in str(event.after) and "example.org" not in str(event.after)


def test_one_councils_longer_setting_keeps_its_rows_while_another_deletes(council, other):
    council_services.rules_update(council=other, actor=None, valid_from=dt.date(2026, 1, 1),
                                  retention_citizen_message_months=36)
    mine = citizen_message(council, at=local(dt.date(2025, 1, 10)))
    theirs = citizen_message(other, at=local(dt.date(2025, 1, 10)))

    retention.retention_job(today=dt.date(2026, 6, 1))

    assert not CitizenMessage.objects.filter(pk=mine.pk).exists()
    assert CitizenMessage.objects.filter(pk=theirs.pk).exists()


def test_the_worker_runs_the_rules_among_its_periodic_jobs(council):
    assert "privacy.retention.retention_job" in periodic.JOBS
    old = citizen_message(council, at=timezone.now() - dt.timedelta(days=800))

    call_command("outbox_worker", "--once", verbosity=0)

    assert not CitizenMessage.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(council=council, action="privacy.retention.citizen_messages").exists()


# --- The page ------------------------------------------------------------------------------------------

def test_the_secretariat_sees_per_rule_what_the_next_run_deletes(council, other, client,
                                                                 django_assert_max_num_queries):
    today = timezone.localdate()
    everything(council, today)
    everything(other, today)
    client.force_login(council.secretaries.first())
    url = reverse("privacy:retention_preview", args=[council.slug])

    with django_assert_max_num_queries(25):
        response = client.get(url)

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Næste kørsel sletter 1 post") == 5  # one per rule, not the other council's
    assert "Slettes 6 måneder efter kommunalbestyrelsens udpegning." in page
    assert "Slettes 90 dage efter afsendelsen." in page
    assert Candidacy.objects.filter(council=council).count() == 2  # looking deletes nothing


def test_members_may_not_see_the_retention_page(council, client, add_member, make_user):
    user = make_user("medlem@gemmer.dk")
    add_member(council, "Mette Medlem", user=user)
    client.force_login(user)
    assert client.get(reverse("privacy:retention_preview", args=[council.slug])).status_code == 403


def test_the_rules_form_has_the_retention_settings(council, client):
    client.force_login(council.secretaries.first())
    page = client.get(reverse("councils:rules_edit", args=[council.slug])).content.decode()
    assert "henvendelser fra borgere slettes (måneder efter modtagelsen)" in page.lower()


# --- Properties -----------------------------------------------------------------------------------------

def months_after(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, the month's last day when it has no such day (31 March + 6 months
    is 30 September): how people count "six months after"."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@given(day=st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2099, 12, 31)),
       months=st.integers(min_value=0, max_value=120))
def test_the_cutoff_is_the_last_day_that_is_n_months_back(day, months):
    cutoff = retention.months_before(day, months)
    assert months_after(cutoff, months) <= day
    assert months_after(cutoff + dt.timedelta(days=1), months) > day


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(end_offset_hours=st.integers(min_value=-24 * 40, max_value=24 * 40), days=st.integers(min_value=0, max_value=60))
def test_a_signup_is_due_exactly_when_its_event_ended_before_the_cutoff_day(council, end_offset_hours, days):
    today = dt.date(2026, 8, 15)
    CitizenSignup.objects.filter(council=council).delete()
    council_services.rules_update(council=council, actor=None, valid_from=dt.date(2026, 1, 1),
                                  retention_citizen_signup_days=days)
    end = local(today, 0) + dt.timedelta(hours=end_offset_hours)
    signup = citizen_signup(council, event_end=end)

    due = planned(council, today)["citizen_signups"]

    expected = timezone.localtime(end).date() < today - dt.timedelta(days=days)
    assert (signup.pk in due) == expected
