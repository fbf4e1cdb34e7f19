"""upcoming_deadlines: which consultations, comment letters and followed committee meetings are
due, their deadlines and days left, grouping by week, tenancy and a constant query count."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.workdays import working_days_before
from hearings.models import DeadlineReminder
from hearings.selectors.deadlines import group_by_week, upcoming_deadlines
from hearings.tests.deadlines_builders import (
    TODAY,
    follow,
    make_committee,
    make_consultation,
    make_letter,
    make_meeting,
)

pytestmark = pytest.mark.django_db
D = dt.timedelta


def keys(rows):
    return [(r.kind, r.title, r.deadline) for r in rows]


def test_open_consultations_up_to_the_horizon_are_listed_by_deadline_with_overdue_ones(council):
    due = make_consultation(council, "Ungestrategi", deadline=TODAY + D(3))
    overdue = make_consultation(council, "Budgetkatalog", deadline=TODAY - D(2), status="received")
    edge = make_consultation(council, "Sundhedspolitik", deadline=TODAY + D(42), status="approved")
    make_consultation(council, "For langt ude", deadline=TODAY + D(43))
    make_consultation(council, "Sendt", deadline=TODAY + D(3), status="sent")
    make_consultation(council, "Resultat", deadline=TODAY - D(3), status="outcome")

    rows = upcoming_deadlines(council=council, today=TODAY, weeks=6)

    assert [r.object_id for r in rows] == [overdue.pk, due.pk, edge.pk]
    first, second, third = rows
    assert (first.days_left, first.overdue, first.days_text, first.status) == (
        -2, True, "overskredet med 2 dage", "Modtaget")
    assert (second.days_left, second.overdue, second.days_text, second.status) == (3, False, "om 3 dage",
                                                                                    "Udkast skrives")
    assert third.days_text == "om 42 dage" and third.kind_label == "Høring"


@pytest.mark.parametrize(("days", "text"), [(0, "i dag"), (1, "i morgen"), (2, "om 2 dage"),
                                            (-1, "overskredet med 1 dag")])
def test_days_left_in_words(council, days, text):
    make_consultation(council, deadline=TODAY + D(days))
    [row] = upcoming_deadlines(council=council, today=TODAY)
    assert row.days_text == text
    assert row.overdue is (days < 0)


def test_the_horizon_limits_the_list(council):
    for weeks in (1, 3, 5, 11):
        make_consultation(council, f"Om {weeks} uger", deadline=TODAY + D(weeks=weeks))

    assert len(upcoming_deadlines(council=council, today=TODAY, weeks=2)) == 1
    assert len(upcoming_deadlines(council=council, today=TODAY, weeks=4)) == 2
    assert len(upcoming_deadlines(council=council, today=TODAY, weeks=12)) == 4


def test_joint_consultations_are_listed_for_the_partner_with_the_lead_council(council, other_council):
    joint = make_consultation(council, "Fælles svar om boliger", deadline=TODAY + D(5), partners=[other_council])

    [lead_row] = upcoming_deadlines(council=council, today=TODAY)
    [partner_row] = upcoming_deadlines(council=other_council, today=TODAY)

    assert lead_row.object_id == partner_row.object_id == joint.pk
    assert lead_row.lead_council == ""
    assert partner_row.lead_council == "Udsatterådet Nordby"


def test_another_councils_deadlines_are_never_listed(council, other_council):
    make_consultation(other_council, "Sydbys egen høring", deadline=TODAY + D(3))
    committee = make_committee(other_council)
    follow(other_council, committee)
    make_letter(other_council, make_meeting(committee, TODAY + D(5)))

    assert upcoming_deadlines(council=council, today=TODAY) == []


def test_comment_letters_and_followed_meetings_without_a_letter(council):
    sus = make_committee(council, "Social- og Sundhedsudvalget", "SUS")
    bsu = make_committee(council, "Børne- og Skoleudvalget", "BSU")
    ebu = make_committee(council, "Erhvervs- og Beskæftigelsesudvalget", "EBU")
    follow(council, sus, days_before=2)
    follow(council, bsu, days_before=7)
    # SUS: a draft letter without its own deadline -> meeting date minus 2 days
    with_letter = make_meeting(sus, TODAY + D(10))
    make_letter(council, with_letter)
    # SUS: a letter with its own deadline
    own_deadline = make_meeting(sus, TODAY + D(20))
    make_letter(council, own_deadline, status="approved", deadline=TODAY + D(12))
    # SUS: the letter is sent -> nothing
    make_letter(council, make_meeting(sus, TODAY + D(15)), status="sent")
    # BSU: no letter yet -> meeting date minus 7 days, even past the horizon's meeting date
    no_letter = make_meeting(bsu, TODAY + D(46))
    # BSU: the meeting is past -> nothing, even with an unsent letter
    make_letter(council, make_meeting(bsu, TODAY - D(1)))
    # BSU: deadline (meeting - 7) beyond the horizon -> nothing
    make_meeting(bsu, TODAY + D(50))
    # EBU is not followed: its meetings do not count, but a letter written earlier does
    make_meeting(ebu, TODAY + D(5))
    unfollowed_letter = make_meeting(ebu, TODAY + D(8))
    make_letter(council, unfollowed_letter)

    rows = upcoming_deadlines(council=council, today=TODAY, weeks=6)

    # Computed deadlines move back to a working day (a letter's own deadline is kept as written).
    assert [(r.object_id, r.deadline, r.status, r.has_letter) for r in rows] == sorted([
        (unfollowed_letter.pk, working_days_before(TODAY + D(8), 2), "Kladde", True),
        (with_letter.pk, working_days_before(TODAY + D(10), 2), "Kladde", True),
        (own_deadline.pk, TODAY + D(12), "Godkendt", True),
        (no_letter.pk, working_days_before(TODAY + D(46), 7), "Intet brev endnu", False),
    ], key=lambda row: row[1])
    assert {r.kind for r in rows} == {"comment_letter"}
    assert rows[1].title == f"Social- og Sundhedsudvalget – mødet den {(TODAY + D(10)):%-d}. marts 2026"
    assert rows[1].meeting_date == TODAY + D(10) and rows[1].kind_label == "Kommentarbrev"


def test_a_letter_whose_deadline_passed_is_overdue_while_the_meeting_is_ahead(council):
    sus = make_committee(council, abbreviation="SUS")
    follow(council, sus, days_before=5)
    meeting = make_meeting(sus, TODAY + D(2))

    [row] = upcoming_deadlines(council=council, today=TODAY)

    assert (row.object_id, row.days_left, row.overdue, row.has_letter) == (meeting.pk, -3, True, False)


def test_rows_carry_the_reminders_queued_for_them(council):
    consultation = make_consultation(council, deadline=TODAY + D(3))
    old = DeadlineReminder.objects.create(council=council, kind="consultation", object_id=consultation.pk,
                                          deadline=TODAY + D(1), recipients=2)
    current = DeadlineReminder.objects.create(council=council, kind="consultation", object_id=consultation.pk,
                                              deadline=TODAY + D(3), recipients=4)
    DeadlineReminder.objects.create(council=council, kind="comment_letter", object_id=consultation.pk,
                                    deadline=TODAY + D(3))

    [row] = upcoming_deadlines(council=council, today=TODAY)

    assert row.reminders == [old, current]
    assert row.current_reminders == [current] and row.earlier_reminders == [old]


def test_rows_are_grouped_by_iso_week_with_overdue_first(council):
    make_consultation(council, "Sent", deadline=TODAY - D(1))
    make_consultation(council, "Mandag", deadline=TODAY)
    make_consultation(council, "Søndag", deadline=TODAY + D(6))
    make_consultation(council, "Næste uge", deadline=TODAY + D(7))
    make_consultation(council, "Nytår", deadline=dt.date(2027, 1, 4))

    groups = group_by_week(upcoming_deadlines(council=council, today=TODAY, weeks=52))

    assert [(g.label, [r.title for r in g.rows]) for g in groups] == [
        ("Overskredne frister", ["Sent"]),
        ("Uge 11", ["Mandag", "Søndag"]),
        ("Uge 12", ["Næste uge"]),
        ("Uge 1 (2027)", ["Nytår"]),
    ]
    assert (groups[1].first_day, groups[1].last_day) == (TODAY, TODAY + D(6))


def test_urls_point_to_the_internal_pages_or_are_none_while_missing(council):
    from django.urls import NoReverseMatch, reverse

    consultation = make_consultation(council, deadline=TODAY + D(3))
    [row] = upcoming_deadlines(council=council, today=TODAY)
    try:
        expected = reverse("hearings:consultation", args=[council.slug, consultation.pk])
    except NoReverseMatch:
        expected = None
    assert row.url == expected


def grow(council, n):
    """n more of every kind: consultations (lead, joint, with owners), letters, followed meetings, reminders."""
    from hearings.tests.deadlines_builders import _counter

    committee = make_committee(council, f"Udvalg {next(_counter)}")
    follow(council, committee, days_before=3)
    for i in range(n):
        c = make_consultation(council, f"Høring {next(_counter)}", deadline=TODAY + D(i % 20 - 3))
        DeadlineReminder.objects.create(council=council, kind="consultation", object_id=c.pk, deadline=c.deadline)
        meeting = make_meeting(committee, TODAY + D(i + 4))
        if i % 2:
            make_letter(council, meeting)
            DeadlineReminder.objects.create(council=council, kind="comment_letter", object_id=meeting.pk,
                                            deadline=TODAY + D(i + 1))


def test_query_count_is_constant(council):
    grow(council, 2)
    with CaptureQueriesContext(connection) as small:
        rows_small = upcoming_deadlines(council=council, today=TODAY)
    grow(council, 20)
    with CaptureQueriesContext(connection) as large:
        rows_large = upcoming_deadlines(council=council, today=TODAY)

    assert len(rows_large) > len(rows_small) + 20
    assert len(large) == len(small), "\n".join(q["sql"] for q in large.captured_queries)
    assert len(small) <= 6
