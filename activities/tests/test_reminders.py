"""activities.reminders: the day before an event, each member signed up (not waiting, not
cancelled) is reminded once by their channel; and every reminder job of the installation run
twice queues nothing twice. The clock is fixed by passing ``now`` (and, for the worker's jobs,
which take no arguments, by fixing ``timezone.now``)."""

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from activities import reminders
from activities.models import EventSignup
from activities.services import events as event_services
from councils import services as council_services
from hearings.tests.deadlines_builders import make_consultation, set_reminder_days
from meetings.services import attendance as attendance_services
from meetings.services import minutes as minutes_services
from meetings.tests.attendance_builders import make_meeting
from notifications import periodic
from notifications.models import OutboxMessage
from notifications.tests.queries import own_queries

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")
D = dt.timedelta
#: The event's day, three weeks ahead of the real clock (sign-up is refused for past events).
EVENT_DAY = timezone.localdate() + D(days=21)
DAY_BEFORE = dt.datetime.combine(EVENT_DAY - D(days=1), dt.time(12), tzinfo=CPH)


@pytest.fixture
def secretary(make_user):
    return make_user("sekretariat@example.org", name="Sara Sekretær")


@pytest.fixture
def council(make_council, secretary):
    return make_council("nordby", name="Udsatterådet Nordby", secretary=secretary)


@pytest.fixture
def people(council, add_member):
    """Anna (e-mail), Carl (SMS), Eva (letters only), Finn (e-mail, says no to reminders), Gitte (e-mail)."""
    found = {
        "anna": add_member(council, "Anna Andersen", email="anna@example.org"),
        "carl": add_member(council, "Carl Christensen", phone="+45 20 11 22 33", preferred_channel="sms"),
        "eva": add_member(council, "Eva Eskildsen", address="Byvej 3\n2620 Albertslund", preferred_channel="letter"),
        "finn": add_member(council, "Finn Frost", email="finn@example.org"),
        "gitte": add_member(council, "Gitte Gæst", email="gitte@example.org"),
    }
    people = {key: m.person for key, m in found.items()}
    council_services.person_reminders_set(person=people["finn"], wants=False, actor=None)
    return people


def make_event(council, *, day=EVENT_DAY, capacity=None, title="Netværksmøde for udsatteråd"):
    start = dt.datetime.combine(day, dt.time(10), tzinfo=CPH)
    return event_services.event_create(council=council, title=title, starts_at=start, ends_at=start + D(hours=5),
                                       place="Odense Congress Center", organiser="Rådet for Socialt Udsatte",
                                       capacity=capacity)


@pytest.fixture
def event(council, people):
    """Four places: Anna, Carl, Eva and Finn signed up; Gitte is on the waiting list."""
    event = make_event(council, capacity=4)
    for key in ("anna", "carl", "eva", "finn", "gitte"):
        event_services.signup(event=event, person=people[key])
    return event


def reminded() -> dict[str, OutboxMessage]:
    return {m.person.name: m for m in OutboxMessage.objects.filter(kind=reminders.KIND_EVENT_REMINDER)
            .select_related("person")}


def test_the_day_before_each_member_signed_up_is_reminded_once(event, people):
    assert reminders.event_reminders_queue(now=DAY_BEFORE) == 2

    messages = reminded()
    # Not Eva (letters only), Finn (said no), Gitte (on the waiting list).
    assert set(messages) == {"Anna Andersen", "Carl Christensen"}
    anna, carl = messages["Anna Andersen"], messages["Carl Christensen"]
    assert anna.subject == "Påmindelse: Netværksmøde for udsatteråd i morgen kl. 10.00"
    assert "Du er tilmeldt “Netværksmøde for udsatteråd” i morgen." in anna.body
    assert "Hvor: Odense Congress Center" in anna.body and f"/nordby/intern/arrangementer/{event.pk}/" in anna.body
    assert "/nordby/intern/mine-paamindelser/" in anna.body
    assert carl.channel == "sms" and carl.body.startswith(
        "Udsatterådet Nordby: Husk Netværksmøde for udsatteråd i morgen kl. 10.00, Odense Congress Center. ")
    assert carl.body.endswith("Ingen påmindelser? Sig det til sekretariatet.")
    assert set(EventSignup.objects.filter(reminded_at__isnull=False).values_list("person__name", flat=True)) == {
        "Anna Andersen", "Carl Christensen"}

    assert reminders.event_reminders_queue(now=DAY_BEFORE) == 0
    assert reminders.event_reminders_queue(now=DAY_BEFORE + D(hours=11)) == 0


def test_a_cancelled_sign_up_is_not_reminded_and_the_one_who_moves_up_is(event, people):
    event_services.signup_cancel(event=event, person=people["anna"])  # Gitte gets Anna's place
    assert reminders.event_reminders_queue(now=DAY_BEFORE) == 2
    assert set(reminded()) == {"Carl Christensen", "Gitte Gæst"}


@pytest.mark.parametrize("days_before", [2, 0])
def test_only_the_day_before(event, days_before):
    assert reminders.event_reminders_queue(now=DAY_BEFORE + D(days=1 - days_before)) == 0


def test_an_sms_queued_at_night_waits_for_the_morning(event, settings):
    settings.STEMME_SMS_QUIET_HOURS = "21-8"
    reminders.event_reminders_queue(now=DAY_BEFORE + D(hours=11))  # 23:00
    messages = reminded()
    assert messages["Carl Christensen"].send_after == dt.datetime.combine(EVENT_DAY, dt.time(8), tzinfo=CPH)
    assert messages["Anna Andersen"].send_after is None


def test_the_jobs_own_queries_do_not_grow_with_the_number_of_people(council, make_council, add_member, monkeypatch):
    def signed_up(council, n, day):
        event = make_event(council, day=day)
        for i in range(n):
            event_services.signup(event=event, person=add_member(council, f"Deltager{i} Holm",
                                                                 email=f"d{i}@{council.slug}.dk").person)
        return event

    signed_up(council, 3, EVENT_DAY)
    signed_up(make_council("mange", name="Udsatterådet Mange"), 30, EVENT_DAY + D(days=1))

    own_few, cost_few = own_queries(monkeypatch, lambda: reminders.event_reminders_queue(now=DAY_BEFORE))
    own_many, cost_many = own_queries(monkeypatch, lambda: reminders.event_reminders_queue(
        now=DAY_BEFORE + D(days=1)))

    assert (cost_few.calls, cost_many.calls) == (3, 30)
    assert own_few == own_many <= 5  # the events; per event: the locked sign-ups, the marker (and a savepoint)


# --- Every job of the worker, twice ----------------------------------------------------------------

def test_every_periodic_job_run_twice_queues_nothing_twice(council, people, secretary, monkeypatch):
    """The worker runs its jobs every hour: a meeting tomorrow, an action item due, an event
    tomorrow and a consultation being drafted are each reminded once, however often the jobs run."""
    monkeypatch.setattr(timezone, "now", lambda: DAY_BEFORE)
    meeting = make_meeting(council, day=EVENT_DAY)
    attendance_services.invitations_send(meeting=meeting, actor=secretary)
    minutes_services.action_item_create(meeting=meeting, item=None, title="Book lokale til borgermødet",
                                        owners=[people["carl"], people["anna"]], due=EVENT_DAY + D(days=1))
    event = make_event(council)
    for key in ("anna", "carl"):
        event_services.signup(event=event, person=people[key])
    # Due in eight days, reminded 14 days ahead: whatever holidays lie between (core.workdays), both
    # the deadline's reminder and the drafters' one (two working days before, for the formandskab) are due.
    set_reminder_days(council, 14)
    consultation = make_consultation(council, "Ældrepolitik", deadline=EVENT_DAY + D(days=8),
                                     owners=[people["anna"], people["carl"]])
    OutboxMessage.objects.exclude(kind__contains="reminder").delete()  # the invitations are not under test

    first = {job.path: job.run() for job in periodic.jobs()}
    second = {job.path: job.run() for job in periodic.jobs()}

    reminder_jobs = ["meetings.reminders.meeting_reminders_queue", "meetings.reminders.action_item_reminders_queue",
                     "activities.reminders.event_reminders_queue",
                     "hearings.services.reminders.deadline_reminders_queue",
                     "hearings.services.reminders.draft_reminders_queue"]
    assert all(first[path] > 0 for path in reminder_jobs), sorted(first.items())
    assert all(count == 0 for count in second.values()), second
    kinds = Counter(OutboxMessage.objects.values_list("kind", flat=True))
    # Meeting: Anna, Carl, Gitte (not Eva: letters; not Finn: said no). Deadline: the secretariat too.
    assert kinds == {"meetings.reminder": 3, "meetings.action_item_reminder": 2, "activities.event_reminder": 2,
                     "hearings.deadline_reminder": 3, "hearings.draft_reminder": 2}, (kinds, consultation)
    twice = Counter(OutboxMessage.objects.values_list("kind", "to_address"))
    assert max(twice.values()) == 1
