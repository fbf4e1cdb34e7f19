"""meetings.reminders: the day before a meeting, everyone invited who has not sent afbud is
reminded by their channel (a short SMS with the reading link, or an e-mail), once; action items
are reminded to their owners who are members today, N days before the due date, once per due
date. Nobody who said no to reminders, no letters; quiet hours apply; the jobs' own queries do
not grow with the number of people. The clock is fixed by passing ``now``."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from councils import services as council_services
from councils.models import Person
from meetings import reminders
from meetings.models import ActionItem, Attendance, MeetingStatus
from meetings.selectors.reading import reading_url
from meetings.services import attendance as attendance_services
from meetings.services import minutes as minutes_services
from meetings.tests.agenda_builders import set_status
from meetings.tests.attendance_builders import attendance_of, make_meeting, meeting_day
from notifications.models import OutboxMessage, OutboxStatus
from notifications.tests.queries import own_queries

pytestmark = [pytest.mark.django_db, pytest.mark.attendance_rules]
CPH = ZoneInfo("Europe/Copenhagen")
D = dt.timedelta


def at(day: dt.date, hour=12, minute=0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=CPH)


def day_before(meeting) -> dt.datetime:
    """Noon the day before the meeting (the fixture's meeting is a month ahead, 16–18)."""
    return at(meeting.starts_at.astimezone(CPH).date() - D(days=1))


def reminded(**filters) -> dict[str, OutboxMessage]:
    return {m.person.name: m for m in OutboxMessage.objects.filter(kind=reminders.KIND_MEETING_REMINDER, **filters)
            .select_related("person")}


@pytest.fixture
def answered(meeting, invited):
    """Anna sent afbud (Bent, her personal substitute, stands in); Finn said "Jeg kommer"; Gitte
    (the guest) wants no reminders."""
    attendance_services.afbud_register(attendance=attendance_of(meeting, "Anna Andersen"))
    attendance_services.attendance_confirm(attendance=attendance_of(meeting, "Finn Frost"))
    council_services.person_reminders_set(person=Person.objects.get(name="Gitte Gæst"), wants=False, actor=None)
    return meeting


# --- The day before a meeting --------------------------------------------------------------------

def test_the_day_before_everyone_invited_is_reminded_once_by_their_channel(answered):
    meeting = answered

    assert reminders.meeting_reminders_queue(now=day_before(meeting)) == 3

    messages = reminded()
    # Carl by SMS; Bent (standing in for Anna) and Finn ("Jeg kommer") by e-mail. Not Anna (afbud),
    # Eva (letters only: a letter comes too late), Dorte (not called), Gitte (no reminders).
    assert set(messages) == {"Carl Christensen", "Bent Berg", "Finn Frost"}
    carl, bent, finn = messages["Carl Christensen"], messages["Bent Berg"], messages["Finn Frost"]
    assert (carl.channel, carl.to_address, carl.status) == ("sms", "+45 20 11 22 33", OutboxStatus.MANUAL)
    assert carl.body == ("Udsatterådet Nordby: Husk mødet i morgen kl. 16.00, Rådhuset, mødelokale 2. "
                         f"Læs og svar: {reading_url(attendance_of(meeting, 'Carl Christensen'))} "
                         "Ingen påmindelser? Sig det til sekretariatet.")
    assert len(carl.body) < 160 + 60  # two SMS at most, even with a long link
    assert bent.channel == finn.channel == "email" and bent.meeting == meeting
    assert bent.subject == "Påmindelse: møde i Udsatterådet Nordby i morgen kl. 16.00"
    assert "Du møder som suppleant for Anna Andersen." in bent.body
    assert reading_url(attendance_of(meeting, "Bent Berg")) in bent.body
    assert "Kan du ikke komme alligevel? Så meld afbud på linket." in bent.body
    assert "Du har sagt, at du kommer. Tak." in finn.body
    assert "/nordby/intern/mine-paamindelser/" in finn.body and "Indkaldelser til møderne får du stadig." in finn.body

    stamped = set(Attendance.objects.filter(meeting=meeting, reminded_at__isnull=False)
                  .values_list("person__name", flat=True))
    assert stamped == {"Carl Christensen", "Bent Berg", "Finn Frost"}


def test_running_again_queues_nothing_new(answered):
    now = day_before(answered)
    assert reminders.meeting_reminders_queue(now=now) == 3
    assert reminders.meeting_reminders_queue(now=now) == 0
    assert reminders.meeting_reminders_queue(now=now + D(hours=10)) == 0  # later the same evening
    assert OutboxMessage.objects.filter(kind=reminders.KIND_MEETING_REMINDER).count() == 3


def test_someone_who_says_yes_again_later_is_reminded_then(answered):
    now = day_before(answered)
    reminders.meeting_reminders_queue(now=now)
    council_services.person_reminders_set(person=Person.objects.get(name="Gitte Gæst"), wants=True, actor=None)

    assert reminders.meeting_reminders_queue(now=now + D(hours=1)) == 1
    assert set(reminded()) == {"Carl Christensen", "Bent Berg", "Finn Frost", "Gitte Gæst"}


@pytest.mark.parametrize("days_before", [2, 0])
def test_only_the_day_before(answered, days_before):
    day = answered.starts_at.astimezone(CPH).date() - D(days=days_before)
    assert reminders.meeting_reminders_queue(now=at(day, 9)) == 0


@pytest.mark.parametrize("status", [MeetingStatus.CANCELLED, MeetingStatus.HELD])
def test_a_meeting_that_is_not_open_is_not_reminded(answered, status):
    set_status(answered, status)
    assert reminders.meeting_reminders_queue(now=day_before(answered)) == 0


def test_svar_stop_when_replies_reach_stemme_and_the_phone_otherwise(answered, settings):
    council = answered.council
    council.phone = "43 21 12 34"
    council.save()
    settings.STEMME_SMS_GATEWAY = "notifications.sms.LoggingGateway"
    settings.STEMME_SMS_WEBHOOK_SECRET = "hemmelig"
    reminders.meeting_reminders_queue(now=day_before(answered))
    messages = reminded()
    assert messages["Carl Christensen"].body.endswith(" Svar STOP for ingen påmindelser.")
    assert "Du kan også ringe til sekretariatet på 43 21 12 34." in messages["Finn Frost"].body


def test_without_replies_the_sms_gives_the_secretariats_phone(answered):
    council = answered.council
    council.phone = "43 21 12 34"
    council.save()
    reminders.meeting_reminders_queue(now=day_before(answered))
    assert reminded()["Carl Christensen"].body.endswith(" Ingen påmindelser? Ring 43 21 12 34.")


def test_an_sms_queued_at_night_waits_for_the_morning(answered, settings):
    settings.STEMME_SMS_QUIET_HOURS = "21-8"
    evening = at(answered.starts_at.astimezone(CPH).date() - D(days=1), 22, 30)

    assert reminders.meeting_reminders_queue(now=evening) == 3

    messages = reminded()
    assert messages["Carl Christensen"].send_after == at(answered.starts_at.astimezone(CPH).date(), 8)
    assert messages["Finn Frost"].send_after is None  # e-mail leaves at once


def test_tomorrow_is_the_local_day_across_the_clock_change(council):
    """The night the clocks go forward (28 March 2027) the local day is 23 hours long."""
    early = make_meeting(council, day=dt.date(2027, 3, 28))
    early.starts_at, early.ends_at = at(dt.date(2027, 3, 28), 0, 30), at(dt.date(2027, 3, 28), 1, 30)
    early.save()
    late = make_meeting(council, day=dt.date(2027, 3, 28))
    late.starts_at, late.ends_at = at(dt.date(2027, 3, 28), 23, 30), at(dt.date(2027, 3, 29), 0, 30)
    late.save()
    next_day = make_meeting(council, day=dt.date(2027, 3, 29))
    next_day.starts_at, next_day.ends_at = at(dt.date(2027, 3, 29), 0, 10), at(dt.date(2027, 3, 29), 1, 0)
    next_day.save()

    assert reminders.meetings_tomorrow(today=dt.date(2027, 3, 27)) == [early.pk, late.pk]
    assert reminders.meetings_tomorrow(today=dt.date(2027, 3, 28)) == [next_day.pk]


def test_the_jobs_own_queries_do_not_grow_with_the_number_of_people(council, make_council, add_member,
                                                                      monkeypatch, django_assert_max_num_queries):
    def called(council, n, day):
        for i in range(n):
            sms = i % 2 == 0
            add_member(council, f"Medlem{i} Hansen", email=f"m{i}@{council.slug}.dk",
                       phone=f"+45 20 00 00 {i:02d}" if sms else "", preferred_channel="sms" if sms else "email")
        meeting = make_meeting(council, day=day)
        attendance_services.invitations_send(meeting=meeting, actor=None)
        return meeting

    few = called(council, 3, meeting_day(30))
    many = called(make_council("mange", name="Udsatterådet Mange"), 30, meeting_day(31))

    own_few, cost_few = own_queries(monkeypatch, lambda: reminders.meeting_reminders_queue(now=day_before(few)))
    own_many, cost_many = own_queries(monkeypatch, lambda: reminders.meeting_reminders_queue(now=day_before(many)))

    assert (cost_few.calls, cost_many.calls) == (3, 30)
    assert own_few == own_many, "the job's own queries grew with the number of people"
    assert own_many <= 5  # the meetings, then per meeting: the locked attendances, the marker update
    Attendance.objects.update(reminded_at=None)
    OutboxMessage.objects.all().delete()
    with django_assert_max_num_queries(own_many + 30 * cost_many.most):
        assert reminders.meeting_reminders_queue(now=day_before(many)) == 30


# --- Action items due ----------------------------------------------------------------------------

@pytest.fixture
def task(council, roster):
    """An action item from a meeting, owned by Carl (SMS), Finn (e-mail) and Eva (letters), due
    in five weeks."""
    meeting = make_meeting(council)
    due = meeting_day(35)
    return minutes_services.action_item_create(
        meeting=meeting, item=None, title="Kontakt lokalavisen om frikortet",
        owners=[roster["carl"].person, roster["finn"].person, roster["eva"].person], due=due)


def task_reminders(**filters):
    return {m.person.name: m for m in OutboxMessage.objects.filter(kind=reminders.KIND_ACTION_ITEM_REMINDER, **filters)
            .select_related("person")}


def test_owners_are_reminded_two_days_before_the_due_date(task):
    assert reminders.action_item_reminders_queue(now=at(task.due - D(days=3))) == 0
    assert reminders.action_item_reminders_queue(now=at(task.due - D(days=2))) == 2

    messages = task_reminders()
    assert set(messages) == {"Carl Christensen", "Finn Frost"}  # Eva takes letters only
    carl, finn = messages["Carl Christensen"], messages["Finn Frost"]
    assert carl.channel == "sms" and "Husk opgaven “Kontakt lokalavisen om frikortet”" in carl.body
    assert "(om 2 dage)" in carl.body and "/nordby/intern/arbejdsgrupper/mine-opgaver/" in carl.body
    assert finn.subject.startswith("Påmindelse: frist for din opgave ")
    assert "Sammen med: Carl Christensen, Eva Eskildsen" in finn.body
    assert ActionItem.objects.get(pk=task.pk).reminded_for_due == task.due

    assert reminders.action_item_reminders_queue(now=at(task.due - D(days=1))) == 0  # once per due date


def test_a_changed_due_date_reminds_again(task):
    reminders.action_item_reminders_queue(now=at(task.due - D(days=2)))
    new_due = task.due + D(days=7)
    ActionItem.objects.filter(pk=task.pk).update(due=new_due)

    assert reminders.action_item_reminders_queue(now=at(task.due)) == 0
    assert reminders.action_item_reminders_queue(now=at(new_due - D(days=1))) == 2
    latest = OutboxMessage.objects.filter(kind=reminders.KIND_ACTION_ITEM_REMINDER, person__name="Carl Christensen")
    assert "(i morgen)" in latest.latest("id").body
    assert ActionItem.objects.get(pk=task.pk).reminded_for_due == new_due


def test_the_number_of_days_is_a_setting(task, settings):
    settings.STEMME_TASK_REMINDER_DAYS = 5
    assert reminders.action_item_reminders_queue(now=at(task.due - D(days=5))) == 2


def test_closed_items_and_people_no_longer_members_are_not_reminded(task, roster, council):
    council_services.membership_end(membership=roster["finn"], end=task.due - D(days=10), reason="withdrew")
    assert reminders.action_item_reminders_queue(now=at(task.due - D(days=2))) == 1
    assert set(task_reminders()) == {"Carl Christensen"}

    done = minutes_services.action_item_create(meeting=task.meeting, item=None, title="Færdig", due=task.due,
                                               owners=[roster["carl"].person])
    ActionItem.objects.filter(pk=done.pk).update(status="done")
    ActionItem.objects.filter(pk=task.pk).update(reminded_for_due=None)
    assert reminders.action_item_reminders_queue(now=at(task.due - D(days=2))) == 1  # the open one again only


def test_no_reminder_to_an_owner_who_said_no(task, roster):
    council_services.person_reminders_set(person=roster["carl"].person, wants=False, actor=None)
    assert reminders.action_item_reminders_queue(now=at(task.due - D(days=2))) == 1
    assert set(task_reminders()) == {"Finn Frost"}


def test_an_overdue_item_is_not_reminded(task):
    assert reminders.action_item_reminders_queue(now=at(task.due + D(days=1))) == 0


def test_the_task_jobs_own_queries_do_not_grow_with_the_number_of_owners(council, make_council, add_member,
                                                                          monkeypatch):
    def item_with_owners(council, n):
        owners = [add_member(council, f"Ejer{i} Jensen", email=f"e{i}@{council.slug}.dk").person for i in range(n)]
        meeting = make_meeting(council)
        return minutes_services.action_item_create(meeting=meeting, item=None, title="Opgave", owners=owners,
                                                   due=meeting_day(35))

    few = item_with_owners(council, 3)
    own_few, cost_few = own_queries(monkeypatch, lambda: reminders.action_item_reminders_queue(
        now=at(few.due - D(days=2))))
    many = item_with_owners(make_council("mange", name="Udsatterådet Mange"), 30)
    ActionItem.objects.filter(pk=many.pk).update(due=few.due + D(days=1))
    own_many, cost_many = own_queries(monkeypatch, lambda: reminders.action_item_reminders_queue(
        now=at(few.due - D(days=1))))

    assert (cost_few.calls, cost_many.calls) == (3, 30)
    assert own_few == own_many


# --- Two workers at once ---------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)")
def test_two_workers_at_once_remind_each_person_once(answered, monkeypatch):
    import threading
    import time

    from notifications import quiet

    real = quiet.reminder_enqueue

    def slow(**kwargs):
        time.sleep(0.2)  # hold the locked rows while the other worker arrives
        return real(**kwargs)

    monkeypatch.setattr(reminders, "reminder_enqueue", slow)
    now = day_before(answered)
    results, errors = [], []
    start = threading.Barrier(2)

    def worker():
        from django.db import connection as thread_connection

        try:
            start.wait()
            results.append(reminders.meeting_reminders_queue(now=now))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert errors == []
    assert sum(results) == 3
    assert OutboxMessage.objects.filter(kind=reminders.KIND_MEETING_REMINDER).count() == 3
