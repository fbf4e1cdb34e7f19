"""draft_reminders_queue: the people drafting a response – its owners and the council's people
who saved a version of the draft – are reminded before the council's internal deadline: the
day the agenda of the last council meeting before the deadline goes out, or, when the chair and
vice-chair may approve between meetings, two working days before the deadline. Once per
internal deadline, by each person's channel, never to those who said no.

The council's week: Monday 9 March 2026 (TODAY); reminders 5 days ahead (the rules' default)."""

import datetime as dt

import pytest

from councils import services as council_services
from hearings.models import DeadlineReminder
from hearings.services import consultations as consultation_services
from hearings.services import reminders
from hearings.services.reminders import KIND_DRAFT, KIND_DRAFT_REMINDER, draft_reminders_queue
from hearings.tests.deadlines_builders import CPH, TODAY, at_noon, make_consultation
from meetings.models import Meeting, MeetingStatus
from meetings.services import agenda as agenda_services
from notifications.models import OutboxMessage
from notifications.tests.queries import own_queries

pytestmark = pytest.mark.django_db
D = dt.timedelta
FRIDAY = dt.date(2026, 3, 13)


def run(day) -> int:
    return draft_reminders_queue(now=at_noon(day))


def reminded() -> dict[str, OutboxMessage]:
    return {m.person.name: m for m in OutboxMessage.objects.filter(kind=KIND_DRAFT_REMINDER).select_related("person")}


def council_meeting(council, day: dt.date, status=MeetingStatus.PLANNED) -> Meeting:
    start = dt.datetime.combine(day, dt.time(16), tzinfo=CPH)
    return Meeting.objects.create(council=council, starts_at=start, ends_at=start + D(hours=2), status=status,
                                  location="Rådhuset")


def no_formandskab(council):
    council_services.rules_update(council=council, actor=None, valid_from=dt.date(2026, 1, 1),
                                  formandskab_approves_responses=False)


@pytest.fixture
def consultation(council, roster, member_user):
    """Due Friday 20 March; Erik (e-mail), Bent (SMS) and Dorte (letters) own it; Carl saved a draft."""
    c = make_consultation(council, "Ungestrategi", deadline=dt.date(2026, 3, 20), status="assigned",
                          owners=[roster["erik"], roster["bent"], roster["dorte"]])
    consultation_services.draft_save(consultation=c, text="Rådet mener …", expected_version=0, actor=member_user)
    return c


def test_formandskab_approval_the_drafters_are_reminded_before_two_working_days_before(consultation):
    # Internal deadline Wednesday 18 March (two working days before Friday 20); reminded 5 days
    # before, moved back to a working day: Friday 13 March.
    assert run(TODAY) == 0
    assert run(FRIDAY) == 3

    messages = reminded()
    assert set(messages) == {"Erik Eriksen", "Bent Berg", "Carl Christensen"}  # not Dorte: letters only
    erik, bent = messages["Erik Eriksen"], messages["Bent Berg"]
    assert erik.subject == "Påmindelse: udkastet til høringssvar om Ungestrategi skal være klar 18. marts"
    assert "Udkastet skal være klar onsdag den 18. marts 2026 (om 5 dage)." in erik.body
    assert "formanden og næstformanden nå at godkende svaret" in erik.body
    assert "Høringsfristen er fredag den 20. marts 2026." in erik.body
    assert f"/nordby/intern/hoeringer/{consultation.pk}/" in erik.body
    assert "mine-paamindelser" in erik.body
    assert bent.channel == "sms" and bent.body.startswith(
        "Udsatterådet Nordby: udkastet til høringssvar om Ungestrategi skal være klar 18. marts (om 5 dage).")
    assert bent.body.endswith("Ingen påmindelser? Sig det til sekretariatet.")

    reminder = DeadlineReminder.objects.get(kind=KIND_DRAFT)
    assert (reminder.object_id, reminder.deadline, reminder.recipients) == (consultation.pk, dt.date(2026, 3, 18), 3)
    assert run(FRIDAY) == 0 and run(FRIDAY + D(3)) == 0  # once


def test_approval_at_a_meeting_the_draft_is_due_when_the_agenda_goes_out(council, consultation):
    no_formandskab(council)
    council_meeting(council, dt.date(2026, 3, 19))  # its agenda goes out Thursday 12 March
    council_meeting(council, dt.date(2026, 3, 26))  # after the deadline: too late to approve
    assert run(dt.date(2026, 3, 6)) == 3  # 12 March less 5 days: Saturday 7 → Friday 6

    erik = reminded()["Erik Eriksen"]
    assert "Udkastet skal være klar torsdag den 12. marts 2026 (om 6 dage)." in erik.body
    assert "dagsordenen til rådets møde den 19. marts 2026" in erik.body
    assert DeadlineReminder.objects.get(kind=KIND_DRAFT).deadline == dt.date(2026, 3, 12)


def test_no_meeting_whose_agenda_can_still_take_it_and_no_formandskab_no_reminder(council, consultation):
    no_formandskab(council)
    council_meeting(council, dt.date(2026, 3, 12))  # its agenda went out on 5 March
    assert run(TODAY) == 0 and run(FRIDAY) == 0


def test_a_response_on_an_open_meetings_agenda_or_approved_is_not_chased(council, consultation):
    meeting = council_meeting(council, dt.date(2026, 3, 19))
    consultation.agenda_item = agenda_services.item_create(meeting=meeting, title="Høringssvar: Ungestrategi")
    consultation.save(update_fields=["agenda_item"])
    assert run(FRIDAY) == 0

    consultation.agenda_item = None
    consultation.status = "approved"
    consultation.save(update_fields=["agenda_item", "status"])
    assert run(FRIDAY) == 0


def test_people_who_said_no_are_left_out(council, roster, consultation):
    council_services.person_reminders_set(person=roster["erik"], wants=False, actor=None)
    assert run(FRIDAY) == 2
    assert set(reminded()) == {"Bent Berg", "Carl Christensen"}


def test_a_changed_internal_deadline_reminds_again(council, consultation):
    run(FRIDAY)
    consultation.deadline = dt.date(2026, 3, 24)  # internal: Friday 20 March → reminded on Monday 16
    consultation.save(update_fields=["deadline"])
    assert run(FRIDAY + D(3)) == 3
    assert sorted(DeadlineReminder.objects.filter(kind=KIND_DRAFT).values_list("deadline", flat=True)) == [
        dt.date(2026, 3, 18), dt.date(2026, 3, 20)]


def test_only_the_lead_councils_people_draft_a_joint_response(council, roster, other_council, other_roster):
    make_consultation(council, "Fælles svar", deadline=dt.date(2026, 3, 20), partners=[other_council],
                      owners=[roster["erik"], other_roster["gustav"]])
    assert run(FRIDAY) == 1
    assert set(reminded()) == {"Erik Eriksen"}


def test_the_jobs_own_queries_do_not_grow_with_the_number_of_drafters(council, other_council, add_member,
                                                                      monkeypatch):
    few = [add_member(council, f"Ejer{i} Holm", email=f"e{i}@nordby.dk").person for i in range(3)]
    many = [add_member(other_council, f"Ejer{i} Lund", email=f"e{i}@sydby.dk").person for i in range(30)]
    make_consultation(council, deadline=dt.date(2026, 3, 20), owners=few)
    make_consultation(other_council, deadline=dt.date(2026, 3, 20), owners=many)

    def job(c):
        return lambda: reminders.council_draft_reminders_queue(council=c, today=FRIDAY, now=at_noon(FRIDAY))

    own_few, cost_few = own_queries(monkeypatch, job(council))
    own_many, cost_many = own_queries(monkeypatch, job(other_council))
    assert (cost_few.calls, cost_many.calls) == (3, 30)
    assert own_few == own_many
