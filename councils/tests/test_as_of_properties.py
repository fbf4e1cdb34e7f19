"""Property tests for the "as of" selectors: for random histories written through the real services,
the roster on a day is exactly the memberships whose interval contains that day, a personal
substitute is never on the council without their member, and the rules in force on a day are the
newest version that had taken effect by then."""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import ApplicationError
from councils import selectors, services
from councils.models import EndReason, Membership, MembershipStatus, SubstituteOutcome, Term

pytestmark = pytest.mark.django_db

TERM_START, TERM_END = dt.date(2018, 1, 1), dt.date(2021, 12, 31)
SPAN = (TERM_END - TERM_START).days
PROPERTY_SETTINGS = settings(max_examples=25, deadline=None,
                             suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

days = st.integers(min_value=0, max_value=SPAN + 30).map(lambda n: TERM_START + dt.timedelta(days=n))
operation = st.one_of(
    st.tuples(st.just("member"), days),
    st.tuples(st.just("substitute"), days, st.integers(0, 20)),
    st.tuples(st.just("nominee"), days, st.integers(0, 120)),
    st.tuples(st.just("end"), days, st.integers(0, 40), st.sampled_from(list(SubstituteOutcome.values)),
              st.integers(0, 40)),
    st.tuples(st.just("appoint"), days, st.integers(0, 40)),
)


def in_interval(m: Membership, day: dt.date) -> bool:
    """The definition the selector must agree with, written out in Python."""
    return (m.status == MembershipStatus.APPOINTED and m.start <= day <= TERM_END
            and (m.end is None or day <= m.end))


def apply(council, term, ops) -> None:
    """Write a history through the services, in date order. Operations the services refuse (an
    end before the start, a second personal substitute…) are skipped: the history stays valid."""
    counter = 0
    for op in sorted(ops, key=lambda op: op[1]):
        kind, day = op[0], op[1]
        counter += 1
        members = list(Membership.objects.filter(council=council, role="member").order_by("id"))
        try:
            if kind == "member" and day <= TERM_END:
                person = services.person_save(council=council, name=f"Medlem {counter}", email=f"m{counter}@ex.org")
                services.membership_create(council=council, person=person, term=term, role="member", start=day)
            elif kind == "substitute" and members and day <= TERM_END:
                member = members[op[2] % len(members)]
                person = services.person_save(council=council, name=f"Suppleant {counter}",
                                              email=f"s{counter}@ex.org")
                services.membership_create(council=council, person=person, term=term, role="substitute",
                                           start=day, substitute_for=member)
            elif kind == "nominee" and day <= TERM_END:
                person = services.person_save(council=council, name=f"Indstillet {counter}",
                                              email=f"n{counter}@ex.org")
                services.membership_create(council=council, person=person, term=term, role="member", status="nominated",
                                           nominated_on=day, start=min(day + dt.timedelta(days=op[2]), TERM_END))
            elif kind == "end":
                everyone = list(Membership.objects.filter(council=council, end__isnull=True,
                                                          status="appointed").order_by("id"))
                if everyone:
                    target = everyone[op[2] % len(everyone)]
                    others = [m for m in members if m.pk != target.pk and m.end is None]
                    services.membership_end(membership=target, end=day, reason=EndReason.WITHDREW,
                                            substitute_outcome=op[3],
                                            substitute_new_member=others[op[4] % len(others)] if others else None)
            elif kind == "appoint":
                waiting = list(Membership.objects.filter(council=council, status="nominated").order_by("id"))
                if waiting:
                    services.membership_appoint(membership=waiting[op[2] % len(waiting)], decision_date=day,
                                                reference="KB")
        except ApplicationError:
            continue


@PROPERTY_SETTINGS
@given(ops=st.lists(operation, min_size=1, max_size=14), probes=st.lists(days, min_size=1, max_size=6))
def test_the_roster_on_a_day_is_the_memberships_whose_interval_contains_it(make_council, ops, probes):
    with transaction.atomic():
        council = make_council("egenskab", term_start=TERM_START, term_end=TERM_END)
        term = Term.objects.get(council=council)
        apply(council, term, ops)
        everything = list(Membership.objects.filter(council=council).select_related("person"))
        for day in probes:
            roster = selectors.roster_on(council=council, on=day)
            on_roster = {e.membership.pk for e in roster.members + roster.substitutes + roster.guests}
            assert on_roster == {m.pk for m in everything if in_interval(m, day)}
            assert {m.pk for m in roster.nominated} == {m.pk for m in everything if m.is_nominated_on(day)}
            # A personal substitute is never on the council without the member they stand in for.
            members_today = {e.membership.pk for e in roster.members}
            for entry in roster.substitutes:
                if entry.membership.substitute_for_id:
                    assert entry.membership.substitute_for_id in members_today
        transaction.set_rollback(True)


rules_versions = st.lists(st.tuples(days, st.integers(1, 12)), min_size=1, max_size=6)


@PROPERTY_SETTINGS
@given(versions=rules_versions, probes=st.lists(days, min_size=1, max_size=6))
def test_the_rules_in_force_are_the_newest_version_in_effect(make_council, versions, probes):
    with transaction.atomic():
        council = make_council("regler", term_start=TERM_START, term_end=TERM_END)
        first = selectors.rules_in_force(council=council, on=TERM_START)
        written = [(first.valid_from, first.version, first.meetings_per_year)]
        for valid_from, per_year in versions:
            rules = services.rules_update(council=council, actor=None, valid_from=valid_from,
                                          meetings_per_year=per_year)
            written.append((valid_from, rules.version, per_year))
        for day in probes:
            in_effect = [w for w in written if w[0] <= day]
            expected = max(in_effect) if in_effect else min(written, key=lambda w: w[1])
            assert selectors.rules_in_force(council=council, on=day).meetings_per_year == expected[2]
            # rules_during over a single day is the same answer, and over a year lists each change.
            assert [r.meetings_per_year for r in selectors.rules_during(council=council, start=day, end=day)] == [
                expected[2]]
            year_start, year_end = dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
            during = selectors.rules_during(council=council, start=year_start, end=year_end)
            at_start = selectors.rules_in_force(council=council, on=year_start)
            assert during[0].meetings_per_year == at_start.meetings_per_year
            assert all(year_start < r.valid_from <= year_end for r in during[1:])
        transaction.set_rollback(True)
