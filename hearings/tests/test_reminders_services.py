"""deadline_reminders_queue: one reminder per deadline within the rules' reminder days, to the
secretariat, the chair and vice-chair, the owners or the working group, each once and by
their own channel; idempotent, a changed deadline reminded again, joint responses reminded
to each council's own people."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import links
from core.models import AuditEvent
from core.workdays import working_days_before
from councils import services as council_services
from hearings.models import DeadlineReminder
from hearings.services.reminders import KIND_REMINDER, deadline_reminders_queue
from hearings.tests.deadlines_builders import (
    TODAY,
    at_noon,
    follow,
    make_committee,
    make_consultation,
    make_letter,
    make_meeting,
    set_reminder_days,
)
from notifications.models import OutboxMessage, OutboxStatus

pytestmark = pytest.mark.django_db
D = dt.timedelta
NOW = at_noon(TODAY)


def run(day=TODAY) -> int:
    return deadline_reminders_queue(now=at_noon(day))


def sent_to(**filters) -> dict[str, OutboxMessage]:
    return {m.to_address: m for m in OutboxMessage.objects.filter(kind=KIND_REMINDER, **filters)}


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.STEMME_BASE_URL = "https://stemme.example.dk"


def test_a_consultation_due_within_the_reminder_days_is_reminded_to_everyone_once(council, roster):
    consultation = make_consultation(council, "Ungestrategi", deadline=dt.date(2026, 3, 12),
                                     owners=[roster["erik"], roster["dorte"], roster["anna"]])

    assert run() == 4

    messages = sent_to()
    assert set(messages) == {"sekretariat@example.org", "anna@example.org", "+45 20 30 40 50", "erik@example.org"}
    secretariat, anna, bent, erik = (messages[a] for a in ("sekretariat@example.org", "anna@example.org",
                                                           "+45 20 30 40 50", "erik@example.org"))
    assert secretariat.person is None and secretariat.channel == "email"
    assert (anna.person, erik.person, bent.person) == (roster["anna"], roster["erik"], roster["bent"])
    assert bent.channel == "sms" and bent.status == OutboxStatus.MANUAL  # no SMS gateway in the tests
    assert anna.status == OutboxStatus.PENDING
    assert {m.subject for m in messages.values()} == {"Påmindelse: høringsfrist 12. marts for Ungestrategi"}
    assert "Høringsfristen for “Ungestrategi” er torsdag den 12. marts 2026 (om 3 dage)." in anna.body
    assert "Status: Udkast skrives" in anna.body
    assert all(m.council_id == council.pk and m.attachments == [] for m in messages.values())
    assert "Udsatterådet Nordby" in bent.body and "(om 3 dage)" in bent.body and len(bent.body) < 300
    link = "https://stemme.example.dk/nordby/intern/"  # stored relative to the site, absolute when it leaves
    assert link in links.resolve(anna.body) and link in links.resolve(bent.body)

    reminder = DeadlineReminder.objects.get()
    assert (reminder.council, reminder.kind, reminder.object_id, reminder.deadline, reminder.recipients) == (
        council, "consultation", consultation.pk, dt.date(2026, 3, 12), 4)
    event = AuditEvent.objects.get(action="hearings.deadline_reminder.queued")
    assert event.council == council and event.after["recipients"] == 4 and event.after["days_left"] == 3


def test_running_again_queues_nothing_new(council, roster):
    make_consultation(council, deadline=TODAY + D(2))

    first = run()
    assert first == 3  # secretariat, chair, vice-chair
    assert run() == 0
    assert run(TODAY + D(1)) == 0  # the next day, still within the window
    assert OutboxMessage.objects.count() == 3 and DeadlineReminder.objects.count() == 1


def test_a_changed_deadline_gets_a_new_reminder(council, roster):
    consultation = make_consultation(council, deadline=TODAY + D(2))
    run()
    consultation.deadline = TODAY + D(4)
    consultation.save()

    assert run() == 3
    assert sorted(DeadlineReminder.objects.values_list("deadline", flat=True)) == [TODAY + D(2), TODAY + D(4)]
    assert run() == 0


@pytest.mark.parametrize("status", ["sent", "outcome"])
def test_a_sent_consultation_is_not_reminded(council, roster, status):
    make_consultation(council, deadline=TODAY + D(2), status=status)
    assert run() == 0
    assert not DeadlineReminder.objects.exists()


def test_overdue_and_later_deadlines_are_not_reminded(council, roster):
    make_consultation(council, "Overskredet", deadline=TODAY - D(1))
    make_consultation(council, "Senere", deadline=TODAY + D(6))  # default: 5 days before
    assert run() == 0


def test_the_reminder_days_come_from_the_rules_in_force(council, roster):
    make_consultation(council, deadline=TODAY + D(10))
    council_services.rules_update(council=council, actor=None, valid_from=TODAY + D(1),
                                  deadline_reminder_days=14)

    assert run() == 0  # the new rules apply from tomorrow
    assert run(TODAY + D(1)) == 3


def test_the_partner_councils_people_are_reminded_of_a_joint_response(council, roster, other_council,
                                                                       other_roster):
    joint = make_consultation(council, "Fælles svar om boliger", deadline=TODAY + D(3), partners=[other_council],
                              owners=[roster["erik"], other_roster["gustav"]])

    assert run() == 4 + 3

    assert set(sent_to(council=council)) == {"sekretariat@example.org", "anna@example.org", "+45 20 30 40 50",
                                             "erik@example.org"}
    partner = sent_to(council=other_council)
    assert set(partner) == {"sydby@example.org", "frida@example.org", "gustav@example.org"}
    assert "Det er et fælles høringssvar med Udsatterådet Nordby." in partner["gustav@example.org"].body
    assert "/sydby/intern/" in partner["gustav@example.org"].body
    assert set(DeadlineReminder.objects.values_list("council__slug", "object_id")) == {
        ("nordby", joint.pk), ("sydby", joint.pk)}
    assert run() == 0


def test_recipients_are_deduplicated(council, roster, secretary, make_user):
    # The secretary is also a member with the same address, and Erik shares Carl's address.
    sara = council_services.person_save(council=council, name="Sara Sekretær", email="Sekretariat@Example.org",
                                        user=secretary)
    council_services.person_save(council=council, instance=roster["erik"], name="Erik Eriksen",
                                 email="carl@example.org")
    council_services.council_secretary_add(council=council, user=make_user("anden@example.org"))
    make_consultation(council, deadline=TODAY + D(1),
                      owners=[sara, roster["anna"], roster["bent"], roster["carl"], roster["erik"]])

    assert run() == 5

    addresses = list(OutboxMessage.objects.values_list("to_address", flat=True))
    assert sorted(addresses) == ["+45 20 30 40 50", "anden@example.org", "anna@example.org", "carl@example.org",
                                 "sekretariat@example.org"]


def test_people_who_take_letters_only_are_left_out(council, roster):
    make_consultation(council, deadline=TODAY + D(1), owners=[roster["dorte"]])
    run()
    assert not OutboxMessage.objects.filter(person=roster["dorte"]).exists()
    assert not OutboxMessage.objects.filter(channel="letter").exists()


def test_a_chair_whose_position_ended_is_not_reminded(council, roster):
    council_services.position_assign(council=council, person=roster["erik"], kind="chair", start=TODAY - D(1))
    make_consultation(council, deadline=TODAY + D(1))

    run()

    assert set(sent_to()) == {"sekretariat@example.org", "erik@example.org", "+45 20 30 40 50"}


def test_comment_letters_and_followed_meetings_are_reminded_to_the_working_group(council, roster):
    sus = make_committee(council, "Social- og Sundhedsudvalget", "SUS")
    follow(council, sus, members=[roster["carl"], roster["erik"]], days_before=2)
    with_letter = make_meeting(sus, TODAY + D(5))       # deadline in 3 days
    make_letter(council, with_letter)
    without_letter = make_meeting(sus, TODAY + D(6))    # deadline in 4 days, no letter yet
    make_letter(council, make_meeting(sus, TODAY + D(4)), status="sent")

    assert run() == 2 * 5

    assert set(DeadlineReminder.objects.values_list("kind", "object_id")) == {
        ("comment_letter", with_letter.pk), ("comment_letter", without_letter.pk)}
    carl = OutboxMessage.objects.filter(to_address="carl@example.org").order_by("id")
    subjects = [m.subject for m in carl]
    assert subjects == ["Påmindelse: kommentarfrist 12. marts for Social- og Sundhedsudvalget – mødet den "
                        "14. marts 2026",
                        "Påmindelse: kommentarfrist 13. marts for Social- og Sundhedsudvalget – mødet den "
                        "15. marts 2026"]
    assert "Der er ikke påbegyndt et kommentarbrev endnu." in carl[1].body
    assert "Der er ikke påbegyndt" not in carl[0].body

    # Writing the letter later keeps the meeting's reminder: nothing new for the same deadline.
    make_letter(council, without_letter)
    assert run() == 0


def test_inactive_councils_are_not_reminded(council, roster):
    make_consultation(council, deadline=TODAY + D(1))
    council.is_active = False
    council.save()
    assert run() == 0


def test_one_councils_failure_does_not_hold_back_the_others(council, roster, other_council, other_roster,
                                                            monkeypatch, caplog):
    from hearings.services import reminders

    make_consultation(council, deadline=TODAY + D(1))
    make_consultation(other_council, "Sydbys høring", deadline=TODAY + D(1))
    real = reminders.council_reminders_queue

    def broken_for_nordby(*, council, today, now=None):
        if council.slug == "nordby":
            raise RuntimeError("broken data")
        return real(council=council, today=today, now=now)

    monkeypatch.setattr(reminders, "council_reminders_queue", broken_for_nordby)

    assert run() == 2  # Sydby: secretary and chair
    assert "Deadline reminders for council" in caplog.text and "broken data" in caplog.text


def test_the_management_command_queues_the_reminders(council, roster):
    make_consultation(council, deadline=TODAY + D(1))
    out = io.StringIO()

    call_command("deadline_reminders", "--date", TODAY.isoformat(), stdout=out)

    assert "3 message(s) queued" in out.getvalue()
    call_command("deadline_reminders", "--date", TODAY.isoformat(), stdout=out)
    assert "0 message(s) queued" in out.getvalue()


# --- The window, as a property ---------------------------------------------------------------------

local = settings(database=None, max_examples=40, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@local
@given(offset=st.integers(min_value=-5, max_value=20), days=st.integers(min_value=0, max_value=14),
       kind=st.sampled_from(["consultation", "comment_letter"]))
def test_a_deadline_is_reminded_exactly_within_the_window_and_only_once(council, offset, days, kind):
    """Once the reminder date (reminder days before the deadline, on a working day) has come and the
    deadline has not passed: one reminder; otherwise none; a second run adds nothing."""
    with transaction.atomic():
        set_reminder_days(council, days)
        deadline = TODAY + D(offset)
        if kind == "consultation":
            make_consultation(council, deadline=deadline)
        else:
            committee = make_committee(council)
            make_letter(council, make_meeting(committee, TODAY + D(max(offset, 0) + 1)), deadline=deadline)

        queued = run()
        again = run()

        expected = offset >= 0 and working_days_before(deadline, days) <= TODAY  # the reminder date has come
        assert (queued > 0) is expected
        assert again == 0
        assert DeadlineReminder.objects.filter(council=council).count() == int(expected)
        transaction.set_rollback(True)


@settings(database=None, max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(offset=st.integers(min_value=0, max_value=25), days=st.integers(min_value=0, max_value=10))
def test_run_every_day_a_deadline_is_reminded_once_on_the_first_day_of_its_window(council, offset, days):
    with transaction.atomic():
        set_reminder_days(council, days)
        deadline = TODAY + D(offset)
        make_consultation(council, deadline=deadline)

        queued_on = [TODAY + D(i) for i in range(offset + 3) if run(TODAY + D(i))]

        # The reminder date is ``days`` before the deadline, moved back to a working day.
        assert queued_on == [max(TODAY, working_days_before(deadline, days))]
        transaction.set_rollback(True)
