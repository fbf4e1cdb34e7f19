"""Event services: sign-up with capacity, waiting list and automatic promotion, the sign-up
deadline, attendance, the report back as an information item on the next meeting's agenda
(or in the backlog), the cost, and the upcoming-events standard agenda item."""

import datetime as dt
from decimal import Decimal

import pytest

from activities.agenda import events_text
from activities.models import EventSignup, SignupStatus
from activities.selectors import events as selectors
from activities.services import events as services
from activities.tests.events_builders import at, make_event, make_meeting, move_to_past, today
from core.errors import ApplicationError
from core.models import AuditEvent
from meetings.models import AgendaItem, ItemKind, ProposalStatus, StandardItem
from meetings.services import agenda as agenda_services
from meetings.services import plan as plan_services

pytestmark = pytest.mark.django_db
CPR = "Borgeren har CPR 010190-1234."


def statuses(event):
    return {s.person.name: s.status for s in EventSignup.objects.filter(event=event).select_related("person")}


# --- Create and edit -------------------------------------------------------------------------------

def test_create_validates_and_audits(ew):
    event = make_event(ew, capacity=2, signup_deadline=today() + dt.timedelta(days=10), own=True, kind="theme_day")
    assert event.own and event.kind == "theme_day"
    assert AuditEvent.objects.filter(action="activities.event.created", object_id=str(event.pk)).exists()
    with pytest.raises(ApplicationError) as error:
        make_event(ew, ends_at=at(today()))
    assert error.value.field == "ends_at"
    with pytest.raises(ApplicationError) as error:
        make_event(ew, days=5, signup_deadline=today() + dt.timedelta(days=6))
    assert error.value.field == "signup_deadline"


def test_cpr_guard(ew):
    with pytest.raises(ApplicationError) as error:
        make_event(ew, description=CPR)
    assert error.value.field == "description" and "CPR" in error.value.message
    event = make_event(ew)
    services.attendance_record(event=move_to_past(event), attended=[ew.seed["Mads Lund"]])
    with pytest.raises(ApplicationError) as error:
        services.report_save(event=event, report=CPR, reported_by=ew.seed["Mads Lund"])
    assert "CPR" in error.value.message
    event.refresh_from_db()
    assert event.report == "" and event.report_item is None


# --- Sign-up, capacity and the waiting list -----------------------------------------------------------

def test_capacity_waiting_list_and_promotion(ew):
    s = ew.seed
    event = make_event(ew, capacity=2)
    assert services.signup(event=event, person=s["Mads Lund"]).status == SignupStatus.SIGNED_UP
    assert services.signup(event=event, person=s["Sune Dahl"]).status == SignupStatus.SIGNED_UP
    assert services.signup(event=event, person=s["Helle Bøgh"]).status == SignupStatus.WAITING
    assert services.signup(event=event, person=s["Rasmus Krog"]).status == SignupStatus.WAITING
    with pytest.raises(ApplicationError, match="allerede tilmeldt"):
        services.signup(event=event, person=s["Mads Lund"])
    with pytest.raises(ApplicationError, match="ventelisten"):
        services.signup(event=event, person=s["Helle Bøgh"])
    # Someone with a place cancels: the first on the waiting list moves up.
    cancelled = services.signup_cancel(event=event, person=s["Sune Dahl"])
    assert [p.person.name for p in cancelled.promoted] == ["Helle Bøgh"]
    assert statuses(event) == {"Mads Lund": "signed_up", "Sune Dahl": "cancelled", "Helle Bøgh": "signed_up",
                               "Rasmus Krog": "waiting"}
    # Leaving the waiting list promotes no one.
    assert services.signup_cancel(event=event, person=s["Rasmus Krog"]).promoted == []
    # Signing up again after cancelling goes to the back of the line.
    assert services.signup(event=event, person=s["Sune Dahl"]).status == SignupStatus.WAITING
    assert services.signup(event=event, person=s["Rasmus Krog"]).status == SignupStatus.WAITING
    row = selectors.event_row(selectors.event_get(ew.council, event.pk))
    assert [p.name for p in row.waiting] == ["Sune Dahl", "Rasmus Krog"]
    # Raising the capacity gives places to the waiting list, first in line first.
    services.event_update(event=event, capacity=3)
    assert statuses(event)["Sune Dahl"] == "signed_up" and statuses(event)["Rasmus Krog"] == "waiting"
    services.event_update(event=event, capacity=None)
    assert statuses(event)["Rasmus Krog"] == "signed_up"
    assert AuditEvent.objects.filter(action="activities.event.signup_promoted").count() == 3


def test_no_capacity_means_no_waiting_list(ew):
    event = make_event(ew)
    for name in ("Mads Lund", "Sune Dahl", "Helle Bøgh", "Rasmus Krog"):
        assert services.signup(event=event, person=ew.seed[name]).status == SignupStatus.SIGNED_UP


def test_cancel_when_not_signed_up(ew):
    event = make_event(ew)
    with pytest.raises(ApplicationError, match="ikke tilmeldt"):
        services.signup_cancel(event=event, person=ew.seed["Mads Lund"])


def test_deadline_refusal_in_danish(ew):
    deadline = today() + dt.timedelta(days=3)
    event = make_event(ew, signup_deadline=deadline)
    on_deadline = at(deadline, 23)
    services.signup(event=event, person=ew.seed["Mads Lund"], now=on_deadline)  # the whole day counts
    with pytest.raises(ApplicationError) as error:
        services.signup(event=event, person=ew.seed["Sune Dahl"], now=on_deadline + dt.timedelta(hours=2))
    assert error.value.code == "deadline"
    assert "Tilmeldingsfristen var" in error.value.message and "Kontakt sekretariatet" in error.value.message
    # Cancelling after the deadline is still possible until the event begins.
    services.signup_cancel(event=event, person=ew.seed["Mads Lund"], now=on_deadline + dt.timedelta(days=1))


def test_no_signup_after_the_event_began(ew):
    event = move_to_past(make_event(ew))
    with pytest.raises(ApplicationError) as error:
        services.signup(event=event, person=ew.seed["Mads Lund"])
    assert error.value.code == "started"


def test_signup_of_another_councils_person_is_refused(ew, add_member):
    stranger = add_member(ew.other, "Otto Fremmed").person
    with pytest.raises(ApplicationError):
        services.signup(event=make_event(ew), person=stranger)


# --- Attendance ------------------------------------------------------------------------------------

def test_attendance(ew):
    s = ew.seed
    event = make_event(ew, capacity=1)
    services.signup(event=event, person=s["Mads Lund"])
    services.signup(event=event, person=s["Sune Dahl"])  # waiting
    with pytest.raises(ApplicationError) as error:
        services.attendance_record(event=event, attended=[s["Mads Lund"]])
    assert error.value.code == "too_early"
    move_to_past(event)
    services.attendance_record(event=event, attended=[s["Helle Bøgh"]], actor=ew.secretary)
    assert statuses(event) == {"Mads Lund": "no_show", "Sune Dahl": "waiting", "Helle Bøgh": "attended"}
    services.attendance_record(event=event, attended=[s["Mads Lund"], s["Helle Bøgh"]])
    assert statuses(event) == {"Mads Lund": "attended", "Sune Dahl": "waiting", "Helle Bøgh": "attended"}
    assert [p.name for p in selectors.attended(selectors.event_get(ew.council, event.pk))] == ["Mads Lund",
                                                                                             "Helle Bøgh"]
    assert AuditEvent.objects.filter(action="activities.event.attendance_recorded").count() == 2


# --- Report back -----------------------------------------------------------------------------------

def reported(ew, event, text="Vi hørte om Housing First i Odense.", by="Mads Lund"):
    move_to_past(event)
    services.attendance_record(event=event, attended=[ew.seed[by]])
    return services.report_save(event=event, report=text, reported_by=ew.seed[by], actor=ew.user(by))


def test_report_goes_on_the_next_meeting(ew):
    held = make_meeting(ew, 3)
    type(held).objects.filter(pk=held.pk).update(status="held")
    today_meeting = plan_services.meeting_create(council=ew.council, kind="ordinary",
                                                 starts_at=at(today(), 23), ends_at=at(today(), 23) +
                                                 dt.timedelta(minutes=30), actor=ew.secretary)
    cancelled = make_meeting(ew, 5)
    plan_services.meeting_cancel(meeting=cancelled)
    later = make_meeting(ew, 40)
    nxt = make_meeting(ew, 12)
    make_meeting(ew, 30, council=ew.other)
    agenda_services.standard_items_create(meeting=nxt)
    event = reported(ew, make_event(ew))
    item = event.report_item
    assert item.meeting == nxt and item.kind == ItemKind.INFORMATION
    assert item.proposal_status == ProposalStatus.ACCEPTED
    assert item.title == "Tilbagemelding: Netværksmøde for udsatteråd"
    assert "Vi hørte om Housing First i Odense." in item.case_text
    assert "Deltog fra rådet: Mads Lund." in item.case_text and item.responsible == ew.seed["Mads Lund"]
    # Placed before the standard tail (økonomi … eventuelt).
    ordered = list(AgendaItem.objects.filter(meeting=nxt).order_by("position"))
    assert ordered[1] == item and ordered[2].standard == StandardItem.ECONOMY
    assert not AgendaItem.objects.filter(meeting__in=[held, today_meeting, cancelled, later]).exists()


def test_report_goes_to_the_backlog_without_a_next_meeting(ew):
    event = reported(ew, make_event(ew))
    item = event.report_item
    assert item.meeting is None and item.proposal_status == ProposalStatus.BACKLOG
    from meetings.selectors.agenda import backlog

    assert backlog(council=ew.council) == [item]
    # The next meeting's "items for next meeting" mentions it; scheduling it works as for any backlog item.
    meeting = make_meeting(ew, 14)
    agenda_services.backlog_schedule(item=item, meeting=meeting)
    item.refresh_from_db()
    assert item.meeting == meeting


def test_report_is_idempotent_and_edits_update_the_item(ew):
    nxt = make_meeting(ew, 12)
    event = reported(ew, make_event(ew))
    item_id = event.report_item_id
    again = services.report_save(event=event, report="Vi hørte om Housing First i Odense.",
                                 reported_by=ew.seed["Mads Lund"])
    assert again.report_item_id == item_id
    assert AgendaItem.objects.filter(meeting=nxt).count() == 1
    # Another meeting planned in between does not move the item.
    make_meeting(ew, 3)
    services.report_save(event=event, report="Rettet: Housing First virker.", reported_by=ew.seed["Mads Lund"])
    item = AgendaItem.objects.get(pk=item_id)
    assert item.meeting == nxt and "Rettet: Housing First virker." in item.case_text
    assert AgendaItem.objects.filter(title__startswith="Tilbagemelding").count() == 1


def test_report_edit_leaves_the_item_when_the_minutes_are_approved(ew):
    nxt = make_meeting(ew, 12)
    event = reported(ew, make_event(ew))
    type(nxt).objects.filter(pk=nxt.pk).update(status="minutes_approved")
    event = services.report_save(event=selectors.event_get(ew.council, event.pk), report="Ny tekst.")
    assert event.report_item_updated is False
    assert "Ny tekst." not in AgendaItem.objects.get(pk=event.report_item_id).case_text
    assert event.report == "Ny tekst." and event.reported_by == ew.seed["Mads Lund"]


def test_report_requires_text(ew):
    event = move_to_past(make_event(ew))
    with pytest.raises(ApplicationError) as error:
        services.report_save(event=event, report="   ")
    assert error.value.field == "report"


def test_can_report(ew):
    event = make_event(ew)
    services.signup(event=event, person=ew.seed["Sune Dahl"])
    move_to_past(event)
    services.attendance_record(event=event, attended=[ew.seed["Mads Lund"]])
    event = selectors.event_get(ew.council, event.pk)
    assert services.can_report(event, person_ids=(ew.seed["Mads Lund"].pk,), manage=False)
    assert not services.can_report(event, person_ids=(ew.seed["Sune Dahl"].pk,), manage=False)
    assert services.can_report(event, person_ids=(), manage=True)


# --- Cost ------------------------------------------------------------------------------------------

def test_cost_is_the_sum_of_linked_expenses(ew):
    from finance.models import Expense

    event = make_event(ew)
    other = make_event(ew, title="Reception")
    assert selectors.event_cost(event).total == 0
    for amount, status in (("1250.50", "spent"), ("300", "spent"), ("800", "committed")):
        Expense.objects.create(council=ew.council, date=today(), category="events", status=status,
                               amount=Decimal(amount), description="Deltagergebyr", event=event)
    Expense.objects.create(council=ew.council, date=today(), category="events", amount=Decimal("99"),
                           description="Andet", event=other)
    cost = selectors.event_cost(event)
    assert (cost.total, cost.spent, cost.committed, cost.count) == (Decimal("2350.50"), Decimal("1550.50"),
                                                                    Decimal("800"), 3)


# --- The upcoming-events standard item --------------------------------------------------------------

def test_events_text(ew):
    s = ew.seed
    meeting = make_meeting(ew, 10)
    soon = make_event(ew, title="Temadag om hjemløshed", days=12, capacity=1, place="Medborgerhuset",
                      signup_deadline=today() + dt.timedelta(days=11))
    services.signup(event=soon, person=s["Mads Lund"])
    services.signup(event=soon, person=s["Sune Dahl"])
    make_event(ew, title="Reception", days=60, place="")
    make_event(ew, title="For sent", days=10 + 100)
    make_event(ew, title="Før mødet", days=9)
    make_event(ew, title="Andet råds konference", days=20, council=ew.other)
    text = events_text(meeting=meeting, as_of=today())
    lines = text.splitlines()
    assert lines[0].startswith("Kommende arrangementer")
    assert len(lines) == 3
    assert "Temadag om hjemløshed, Medborgerhuset" in lines[1]
    assert "tilmeldt: Mads Lund" in lines[1] and "venteliste: Sune Dahl" in lines[1]
    assert "tilmelding senest" in lines[1] and "kl. 10.00" in lines[1]
    assert "Reception" in lines[2] and "ingen tilmeldt endnu" in lines[2]
    assert "For sent" not in text and "Før mødet" not in text and "Andet råds" not in text


def test_events_text_lists_what_was_known_on_the_date(ew):
    """As of the send date: an event entered later, or a sign-up made later, is not in the text."""
    from activities.models import Event, EventSignup

    meeting = make_meeting(ew, 10)
    known = make_event(ew, title="Temadag om hjemløshed", days=12)
    make_event(ew, title="Reception", days=20)
    signup = services.signup(event=known, person=ew.seed["Mads Lund"])
    a_week_ago = at(today() - dt.timedelta(days=7))
    Event.objects.filter(pk=known.pk).update(created_at=a_week_ago)
    EventSignup.objects.filter(pk=signup.pk).update(signed_up_at=a_week_ago)
    services.signup(event=known, person=ew.seed["Sune Dahl"])
    text = events_text(meeting=meeting, as_of=today() - dt.timedelta(days=3))
    assert "Temadag om hjemløshed" in text and "Reception" not in text
    assert "tilmeldt: Mads Lund" in text and "Sune Dahl" not in text
    assert "Reception" in events_text(meeting=meeting, as_of=today())


def test_events_text_without_events(ew):
    assert "ingen kommende arrangementer" in events_text(meeting=make_meeting(ew, 10), as_of=today())


def test_standard_items_use_events_text(ew):
    event = make_event(ew, title="Dialogmøde med borgerne", days=15)
    services.signup(event=event, person=ew.seed["Helle Bøgh"])
    meeting = make_meeting(ew, 10)
    agenda_services.standard_items_create(meeting=meeting)
    item = AgendaItem.objects.get(meeting=meeting, standard=StandardItem.EVENTS)
    assert "Dialogmøde med borgerne" in item.case_text and "Helle Bøgh" in item.case_text
    services.signup(event=event, person=ew.seed["Mads Lund"])
    agenda_services.standard_items_refresh(meeting=meeting)
    item.refresh_from_db()
    assert "Helle Bøgh, Mads Lund" in item.case_text
