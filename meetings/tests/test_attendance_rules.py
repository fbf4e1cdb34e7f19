"""Voting right, quorum and the tie-break (meetings.rules), with attendance built through the
real services: invitations, afbud, substitutes called in, attendance recorded."""

import pytest

from councils.models import RulesOfProcedure
from meetings import rules
from meetings.models import Attendance, AttendanceStatus
from meetings.services import attendance as services
from meetings.services import minutes as minutes_services
from meetings.services.minutes import AttendanceEntry
from meetings.tests.attendance_builders import attendance_of, begin, set_rules

# The council with the attendance rules (see conftest.py).
pytestmark = pytest.mark.attendance_rules


def record(meeting, secretary, **by_name):
    """record(meeting, secretary, anna="present", ...) by first name, once the meeting has begun;
    a substitute present for an absent member stands in for them."""
    begin(meeting)
    people = {a.person.name.split()[0].lower(): a for a in
              Attendance.objects.filter(meeting=meeting).select_related("person", "stands_in_for")}
    entries = {}
    for first, status in by_name.items():
        a = people[first]
        entries[a.person_id] = AttendanceEntry(status=status, stands_in_for=a.stands_in_for.person_id
                                               if a.stands_in_for and status == "present" else None)
    minutes_services.attendance_register(meeting=meeting, entries=entries, actor=secretary)


def voters(meeting) -> list[str]:
    return sorted(a.person.name for a in rules.voting_attendances(meeting))


# --- Voting right ----------------------------------------------------------------------------------

def test_members_present_vote_guests_and_absent_members_do_not(meeting, invited, secretary):
    record(meeting, secretary, anna="present", carl="present", eva="absent", finn="present", gitte="present")

    assert voters(meeting) == ["Anna Andersen", "Carl Christensen", "Finn Frost"]
    assert rules.voting_person_ids(meeting) == {attendance_of(meeting, n).person_id
                                                for n in ("Anna Andersen", "Carl Christensen", "Finn Frost")}


def test_a_substitute_standing_in_for_their_absent_member_votes(meeting, invited, secretary):
    services.afbud_register(attendance=attendance_of(meeting, "Anna Andersen"))  # Bent is called in
    record(meeting, secretary, bent="present", carl="present", finn="present")

    assert voters(meeting) == ["Bent Berg", "Carl Christensen", "Finn Frost"]


def test_a_substitute_who_is_present_but_not_standing_in_does_not_vote(council, meeting, secretary):
    set_rules(council, substitute_attendance="always")
    services.invitations_send(meeting=meeting, actor=secretary)
    record(meeting, secretary, anna="present", bent="present", dorte="present", carl="present")

    assert voters(meeting) == ["Anna Andersen", "Carl Christensen"]


def test_a_substitute_standing_in_for_a_member_who_came_after_all_does_not_vote(meeting, invited, secretary):
    services.afbud_register(attendance=attendance_of(meeting, "Anna Andersen"))
    # Anna came anyway, while the row still says Bent stands in for her (the attendance form
    # refuses this state; the rule must hold even if the rows say so).
    Attendance.objects.filter(meeting=meeting, person__name__in=["Anna Andersen", "Bent Berg"]).update(
        status=AttendanceStatus.PRESENT)

    assert voters(meeting) == ["Anna Andersen"]


def test_in_personal_mode_a_substitute_cannot_stand_in_for_another_member(meeting, invited, secretary):
    services.afbud_register(attendance=attendance_of(meeting, "Finn Frost"))  # Finn has no substitute
    bent = attendance_of(meeting, "Bent Berg")
    with pytest.raises(Exception, match="ikke personlig suppleant for Finn Frost"):
        services.substitute_call(absent=attendance_of(meeting, "Finn Frost"), substitute=bent.membership,
                                 actor=secretary)
    # Even if the row said so, the rules would not give Bent a vote for Finn.
    Attendance.objects.filter(pk=bent.pk).update(stands_in_for=attendance_of(meeting, "Finn Frost"),
                                                  status=AttendanceStatus.PRESENT)
    assert "Bent Berg" not in voters(meeting)


def test_in_pool_mode_any_substitute_stands_in_for_any_absent_member(council, meeting, invited, secretary):
    set_rules(council, substitute_mode="pool")
    finn = attendance_of(meeting, "Finn Frost")
    services.afbud_register(attendance=finn)
    services.substitute_call(absent=finn, substitute=attendance_of(meeting, "Dorte Dahl").membership,
                             actor=secretary)
    record(meeting, secretary, dorte="present", anna="present")

    assert attendance_of(meeting, "Dorte Dahl").stands_in_for == finn
    assert voters(meeting) == ["Anna Andersen", "Dorte Dahl"]


def test_two_substitutes_standing_in_for_the_same_member_give_one_vote(council, meeting, invited, secretary):
    set_rules(council, substitute_mode="pool")
    finn = attendance_of(meeting, "Finn Frost")
    services.afbud_register(attendance=finn)
    Attendance.objects.filter(person__name__in=["Bent Berg", "Dorte Dahl"]).update(
        stands_in_for=finn, status=AttendanceStatus.PRESENT)

    assert voters(meeting) == ["Bent Berg"]


def test_calling_a_second_substitute_for_the_same_member_is_refused(council, meeting, invited, secretary):
    set_rules(council, substitute_mode="pool")
    finn = attendance_of(meeting, "Finn Frost")
    services.afbud_register(attendance=finn)
    services.substitute_call(absent=finn, substitute=attendance_of(meeting, "Dorte Dahl").membership,
                             actor=secretary)
    with pytest.raises(Exception, match="allerede indkaldt en suppleant for Finn Frost"):
        services.substitute_call(absent=finn, substitute=attendance_of(meeting, "Bent Berg").membership,
                                 actor=secretary)


def test_a_substitute_cannot_be_called_for_a_member_who_has_not_sent_afbud(council, meeting, invited, secretary):
    set_rules(council, substitute_mode="pool")
    with pytest.raises(Exception, match="Finn Frost har ikke meldt afbud"):
        services.substitute_call(absent=attendance_of(meeting, "Finn Frost"),
                                 substitute=attendance_of(meeting, "Dorte Dahl").membership, actor=secretary)


# --- Quorum ------------------------------------------------------------------------------------------

def test_quorum_before_the_meeting_counts_who_is_expected(meeting, invited):
    q = rules.quorum(meeting)
    assert (q.voting_members, q.required, q.expected_present, q.present, q.reached) == (4, 2, 4, 0, False)
    assert q.expected_reached and q.percent == 50

    services.afbud_register(attendance=attendance_of(meeting, "Eva Eskildsen"))  # no substitute
    services.afbud_register(attendance=attendance_of(meeting, "Finn Frost"))  # no substitute
    services.afbud_register(attendance=attendance_of(meeting, "Carl Christensen"))  # Dorte is called in
    q = rules.quorum(meeting)
    assert (q.expected_present, q.expected_reached) == (2, True)  # Anna, and Dorte for Carl

    services.afbud_register(attendance=attendance_of(meeting, "Dorte Dahl"))
    assert rules.quorum(meeting).expected_present == 1
    assert not rules.quorum(meeting).expected_reached


def test_quorum_at_the_meeting_counts_who_is_present_with_voting_right(meeting, invited, secretary):
    record(meeting, secretary, anna="present", gitte="present")
    q = rules.quorum(meeting)
    assert (q.present, q.required, q.reached) == (1, 2, False)  # the guest does not count

    record(meeting, secretary, finn="present")
    assert rules.quorum(meeting).reached


@pytest.mark.parametrize(("percent", "required"), [(50, 2), (51, 3), (60, 3), (75, 3), (76, 4), (100, 4), (1, 1)])
def test_required_is_the_ceiling_of_the_percentage_of_voting_members(council, meeting, percent, required):
    set_rules(council, quorum_percent=percent)
    assert rules.quorum(meeting).required == required


def test_quorum_follows_the_rules_in_force_on_the_meeting_date(council, meeting):
    import datetime as dt

    from councils import services as council_services

    council_services.rules_update(council=council, actor=None,
                                  valid_from=meeting.starts_at.date() + dt.timedelta(days=1), quorum_percent=100)
    assert rules.quorum(meeting).required == 2  # the new rules start the day after


# --- Tie-break ---------------------------------------------------------------------------------------

CHAIR = RulesOfProcedure(tie_break="chair")
FAILS = RulesOfProcedure(tie_break="fails")


@pytest.mark.parametrize(("yes", "no", "the_rules", "chair_vote", "expected"), [
    (5, 3, CHAIR, None, (True, False)),
    (3, 5, CHAIR, "yes", (False, False)),
    (4, 4, CHAIR, "yes", (True, True)),    # the chair voted yes: carried by the chair's vote
    (4, 4, CHAIR, "no", (False, True)),    # the chair voted no: falls by the chair's vote
    (4, 4, CHAIR, None, (False, False)),   # the chair abstained: nothing to break the tie with
    (4, 4, FAILS, "yes", (False, False)),  # "forslaget er faldet ved stemmelighed"
    (0, 0, CHAIR, "yes", (False, False)),
    (2, 2, None, "yes", (True, True)),     # no rules: the default is the chair's vote
])
def test_decide(yes, no, the_rules, chair_vote, expected):
    assert rules.decide(yes, no, the_rules, chair_vote=chair_vote) == expected
