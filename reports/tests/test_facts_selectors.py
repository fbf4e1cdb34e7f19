"""The year's facts (``reports.selectors.facts``) for the busy year: every figure against a count made
here from the rows the builder created, in plain Python or a plain ORM filter – never through
the selector under test – and the query count at 1× and 3× (``make bench`` measures 10×)."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from activities.models import EventSignup, SignupStatus, ThemeStatus
from councils.models import EndReason, Membership, MembershipRole, MembershipStatus, Person, SeatCategory
from finance.models import Category, Expense, ExpenseStatus
from meetings.models import ActionItem, ActionStatus, Attendance, AttendanceStatus, Meeting, MeetingStatus
from reports.selectors.facts import year_facts, year_in_figures, years_compared
from reports.tests.busy_year import BUDGET, build_busy_year

CPH = ZoneInfo("Europe/Copenhagen")
pytestmark = pytest.mark.django_db


def facts_of(by, **kwargs):
    return year_facts(council=by.council, start=by.start, end=by.end, members_on=by.members_on, **kwargs)


def local_day(value) -> dt.date:
    return value.astimezone(CPH).date()


def on_council(by, day, role):
    """Memberships running on ``day`` with ``role``, counted in Python from every row."""
    return sum(1 for m in Membership.objects.filter(council=by.council).select_related("term")
               if m.role == role and m.status == MembershipStatus.APPOINTED and m.start <= day <= m.term.end
               and (m.end is None or m.end >= day))


def called(meeting):
    """(present, invited) at a meeting: non-guests who were called."""
    rows = [a for a in Attendance.objects.filter(meeting=meeting) if not a.is_guest
            and a.status != AttendanceStatus.NOT_CALLED]
    return sum(1 for a in rows if a.status == AttendanceStatus.PRESENT), len(rows)


# --- Introduction and composition ---------------------------------------------------------------

def test_introduction_tells_when_and_by_whom_the_council_was_set_up(shared_busy_year):
    by = shared_busy_year
    intro = facts_of(by).introduction
    first = min(Membership.objects.filter(term=by.old_term).exclude(appointment_date=None),
                key=lambda m: (m.appointment_date, m.pk))
    assert intro.set_up_on == by.old_term.start == dt.date(2021, 7, 1)
    assert (intro.decided_on, intro.decision_reference) == (first.appointment_date, first.appointment_reference)
    assert intro.municipality == by.council.municipality.name
    assert intro.meetings_per_year == 6  # the rules in force at the year's end
    assert intro.terms_of_reference.startswith("Rådet er et rådgivende organ")


def test_roster_at_start_end_and_on_a_date(shared_busy_year):
    by = shared_busy_year
    comp = facts_of(by).composition
    for count, day in ((comp.at_start, by.start), (comp.at_end, by.end), (comp.members_on, by.members_on)):
        assert count.on == day
        assert count.members == on_council(by, day, MembershipRole.MEMBER)
        assert count.substitutes == on_council(by, day, MembershipRole.SUBSTITUTE)
    assert (comp.at_start.members, comp.at_start.substitutes) == (10, 7)
    assert (comp.at_end.members, comp.at_end.substitutes) == (10, 3)


def test_seat_criteria_of_the_term_at_the_end(shared_busy_year):
    by = shared_busy_year
    comp = facts_of(by).composition
    categories = list(SeatCategory.objects.filter(term=by.new_term).order_by("position"))
    assert [(s.name, s.min_seats, s.max_seats) for s in comp.seats] == [
        (c.name, c.min_seats, c.max_seats) for c in categories]
    for seat, category in zip(comp.seats, categories, strict=True):
        assert seat.filled_end == sum(1 for m in Membership.objects.filter(seat_category=category)
                                      if m.role == MembershipRole.MEMBER and m.start <= by.end
                                      and (m.end is None or m.end >= by.end))


def test_term_change_recruitment_and_appointment(shared_busy_year):
    by = shared_busy_year
    comp = facts_of(by).composition
    [change] = comp.term_changes
    assert (change.old_end, change.new_start) == (by.old_term.end, by.new_term.start)
    [rec] = comp.recruitments
    assert rec.title == by.call.title
    assert rec.deadline == by.call.deadline
    assert rec.candidacies == len(by.candidacies) == 15
    open_seats = SeatCategory.objects.filter(term=by.new_term, open_to_applicants=True)
    assert rec.seats_open == sum(c.max_seats for c in open_seats) == 8
    assert (rec.decided_on, rec.reference) == (by.appointment.decision_date, by.appointment.reference)
    appointed = [m for m in Membership.objects.filter(term=by.new_term)
                 if m.appointment_reference == by.appointment.reference and m.start == by.new_term.start]
    assert rec.appointed_members == sum(1 for m in appointed if m.role == MembershipRole.MEMBER) == 10
    assert rec.appointed_substitutes == sum(1 for m in appointed if m.role == MembershipRole.SUBSTITUTE) == 5
    assert [(i.on, i.attended) for i in rec.info_meetings] == [
        (local_day(by.info_meeting.starts_at),
         EventSignup.objects.filter(event=by.info_meeting, status=SignupStatus.ATTENDED).count())]


def test_constituting_meeting_names_only_who_consented(shared_busy_year):
    by = shared_busy_year
    const = facts_of(by).composition.constituting
    assert const.on == local_day(by.constituting.starts_at)
    assert by.chair.publish_name and not by.vice_chair.publish_name
    assert const.chair == by.chair.name
    assert const.vice_chair is None and const.vice_chair_elected
    assert (const.present, const.invited) == called(by.constituting)


def test_withdrawals_are_counts_of_members_and_substitutes(shared_busy_year):
    by = shared_busy_year
    comp = facts_of(by).composition
    ended = [m for m in Membership.objects.filter(council=by.council, end_reason=EndReason.WITHDREW)
             if by.start <= m.end <= by.end]
    assert comp.withdrawn_members == sum(1 for m in ended if m.role == MembershipRole.MEMBER) == 1
    assert comp.withdrawn_substitutes == sum(1 for m in ended if m.role == MembershipRole.SUBSTITUTE) == 3
    assert comp.other_departures == 0  # the substitute who moved up is no departure


# --- Meetings, events, themes -------------------------------------------------------------------

def test_meetings_held_against_the_rules_of_the_year(shared_busy_year):
    by = shared_busy_year
    meetings = facts_of(by).meetings
    held = [m for m in Meeting.objects.filter(council=by.council) if local_day(m.starts_at).year == by.year
            and m.status in (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED, MeetingStatus.MINUTES_PUBLISHED)]
    assert meetings.count == len(held) == len(by.meetings) == 10
    assert meetings.cancelled == 1
    # Four a year until 30 June (181 days), six a year from 1 July (184 days).
    exact = 4 * 181 / 365 + 6 * 184 / 365
    assert meetings.asked_exact == pytest.approx(exact)
    assert meetings.asked == round(exact) == 5
    assert [(c.on, c.before, c.after) for c in meetings.rules_changes] == [(by.rules_change, 4, 6)]


def test_attendance_per_meeting_and_on_average(shared_busy_year):
    by = shared_busy_year
    meetings = facts_of(by).meetings
    expected = [called(m) for m in by.meetings]
    assert [(m.present, m.invited) for m in meetings.held] == expected
    assert meetings.average_present == pytest.approx(sum(p for p, _i in expected) / len(expected))
    assert meetings.average_percent == round(100 * sum(p for p, _i in expected) / sum(i for _p, i in expected))
    assert meetings.first.present == expected[0][0]
    rest = expected[1:]
    assert meetings.rest_average_present == pytest.approx(sum(p for p, _i in rest) / len(rest))
    assert any(m.afbud for m in meetings.held) and any(m.absent for m in meetings.held)


def test_events_with_how_many_took_part(shared_busy_year):
    by = shared_busy_year
    events = facts_of(by).events
    assert [e.event_id for e in events] == [e.pk for e in by.events]  # the information meeting is not among them
    for fact in events:
        assert fact.attended == EventSignup.objects.filter(event_id=fact.event_id,
                                                           status=SignupStatus.ATTENDED).count()


def test_themes_by_status_with_owner_role_never_a_name(shared_busy_year):
    by = shared_busy_year
    facts = facts_of(by)
    assert len(facts.themes) == len(by.themes) == 6
    for status in (ThemeStatus.DONE, ThemeStatus.ACTIVE, ThemeStatus.POSTPONED):
        assert sum(1 for t in facts.themes if t.status == status) == sum(1 for t in by.themes if t.status == status)
    names = {p.name for p in Person.objects.filter(council=by.council)}
    assert not {t.owner_role for t in facts.themes} & names
    assert all(t.owner_role for t in facts.themes)
    done = [t for t in by.themes if t.status == ThemeStatus.DONE]
    assert {t.note for t in facts.themes if t.status == ThemeStatus.DONE} == {t.status_note for t in done}
    assert [t.theme_id for t in facts.postponed_themes] == [t.pk for t in by.themes
                                                            if t.status == ThemeStatus.POSTPONED]


# --- Responses, letters, money, library, outlook, annex -----------------------------------------

def test_responses_and_letters_sent_in_the_year(shared_busy_year):
    by = shared_busy_year
    facts = facts_of(by)
    assert [r.consultation_id for r in facts.responses] == [c.pk for c in by.consultations]
    assert by.unsent.pk not in {r.consultation_id for r in facts.responses}
    assert [r.committee for r in facts.responses] == [c.committee.name for c in by.consultations]
    assert len({r.committee for r in facts.responses}) == 4
    assert [r.outcome for r in facts.outcomes] == [c.outcome for c in by.consultations]
    assert [lt.letter_id for lt in facts.letters] == [lt.pk for lt in by.letters]
    assert [lt.committee for lt in facts.letters] == [lt.committee_meeting.committee.name for lt in by.letters]


def test_an_outcome_recorded_after_the_year_is_not_told(shared_busy_year):
    by = shared_busy_year
    last = by.consultations[-1]
    early = by.start.replace(month=12, day=1)
    facts = year_facts(council=by.council, start=by.start, end=early)
    told = {r.consultation_id: r.outcome for r in facts.responses}
    assert told[last.pk] == ""  # sent in November, its outcome recorded in December
    assert local_day(last.outcome_recorded_at) > early


def test_budget_against_spent_by_category_with_per_diem_as_one_total(shared_busy_year):
    by = shared_busy_year
    economy = facts_of(by).economy
    rows = [e for e in Expense.objects.filter(council=by.council) if e.date.year == by.year]
    assert by.next_year_expense.pk not in {e.pk for e in rows}
    assert economy.amount == BUDGET
    for category in economy.categories:
        assert category.spent == sum((e.amount for e in rows if e.category == category.category
                                      and e.status == ExpenseStatus.SPENT), Decimal(0))
        assert category.committed == sum((e.amount for e in rows if e.category == category.category
                                          and e.status == ExpenseStatus.COMMITTED), Decimal(0))
    assert {c.category for c in economy.categories if c.total} == set(Category.values)  # every category used
    assert economy.per_diem == sum((e.amount for e in rows if e.category == Category.PER_DIEM), Decimal(0)) > 0
    assert economy.left == BUDGET - sum((e.amount for e in rows), Decimal(0))


def test_reports_received_and_open_starting_points(shared_busy_year):
    by = shared_busy_year
    facts = facts_of(by)
    assert sorted(d.title for d in facts.documents) == sorted(d.title for d in by.documents)
    open_at_end = [a for a in ActionItem.objects.filter(council=by.council)
                   if a.status == ActionStatus.OPEN or (a.closed_on and a.closed_on > by.end)]
    assert [a.title for a in facts.open_actions] == [a.title for a in sorted(
        open_at_end, key=lambda a: (a.meeting.starts_at, a.due, a.pk))]
    assert len(facts.open_actions) == 2


def test_an_ended_terms_open_task_is_no_starting_point(busy_year):
    """The outlook offers the open tasks of the term in force at the period's end, not those a
    term that has ended left behind (the 2026 demo report once listed 2019's)."""
    by = busy_year
    old_task = by.action_items[0]
    assert local_day(old_task.meeting.starts_at) < by.new_term.start
    ActionItem.objects.filter(pk=old_task.pk).update(status=ActionStatus.OPEN, closed_on=None)
    titles = [a.title for a in facts_of(by).open_actions]
    assert old_task.title not in titles
    assert len(titles) == 2


def test_annex_holds_every_response_and_letter_in_full(shared_busy_year):
    by = shared_busy_year
    annex = facts_of(by).annex
    assert len(annex) == len(by.consultations) + len(by.letters)
    responses = {a.object_id: a for a in annex if a.kind == "response"}
    for c in by.consultations:
        assert responses[c.pk].intro == c.sent_text
    letters = {a.object_id: a for a in annex if a.kind == "comments"}
    for lt in by.letters:
        assert [(s.heading, s.text) for s in letters[lt.pk].sections] == [
            (s["heading"], s["text"]) for s in lt.sent_sections]
    assert [a.sent_on for a in annex] == sorted(a.sent_on for a in annex)


def test_no_name_of_anyone_who_did_not_consent(shared_busy_year):
    by = shared_busy_year
    text = repr(facts_of(by))
    assert by.names_hidden
    assert not [name for name in by.names_hidden if name in text]


# --- Live figures, several years, queries -------------------------------------------------------

def test_year_in_figures_is_the_year_so_far(shared_busy_year):
    by = shared_busy_year
    midsummer = dt.date(by.year, 6, 30)
    facts = year_in_figures(council=by.council, year=by.year, as_of=midsummer)
    assert facts.end == midsummer
    assert facts.meetings.count == sum(1 for m in by.meetings if local_day(m.starts_at) <= midsummer) == 4
    assert facts.meetings.asked == round(4 * 181 / 365) and not facts.meetings.rules_changes
    assert facts.responses == ()


def test_years_compared(shared_busy_year, django_assert_max_num_queries):
    by = shared_busy_year
    with django_assert_max_num_queries(8):
        before, year = years_compared(council=by.council, years=[by.year, by.year - 1])
    assert (before.year, before.meetings_held, before.responses) == (by.year - 1, 0, 0)
    assert before.meetings_asked == 4
    expected = [called(m) for m in by.meetings]
    assert year.meetings_held == 10 and year.meetings_asked == 5
    assert (year.present, year.invited) == (sum(p for p, _i in expected), sum(i for _p, i in expected))
    assert (year.responses, year.outcomes, year.letters) == (5, 5, 3)
    assert year.spent == sum((e.amount for e in Expense.objects.filter(council=by.council)
                              if e.date.year == by.year), Decimal(0))
    assert year.budget == BUDGET


QUERY_BUDGET = 40


def test_constant_queries_at_1x(shared_busy_year, django_assert_max_num_queries):
    by = shared_busy_year
    with django_assert_max_num_queries(QUERY_BUDGET):
        facts_of(by)


def test_constant_queries_at_3x(django_assert_max_num_queries):
    """Three times the rows in the same budget (a query per row would pass it at once); ``make bench``
    measures the 10× year."""
    by = build_busy_year(scale=3)
    with django_assert_max_num_queries(QUERY_BUDGET):
        facts = facts_of(by)
    assert facts.meetings.count == 30 and len(facts.events) == 30 and len(facts.annex) == 24
