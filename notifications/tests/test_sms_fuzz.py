"""Hypothesis fuzz of the inbound SMS webhook, signed correctly: arbitrary texts (and texts built
from the grammar's own words with dates near the meetings' and far from them) from arbitrary
senders (the numbers of the world below, typed several ways, unknown numbers and junk).

The world: Carl (Nordby) with one meeting ahead; Bo (Nordby) with two; a number shared by Nina
(Nordby) and Karl (Sydby), both with a meeting ahead; Mia (Nordby) whose only meeting has begun.

For every request: never a 500, and an afbud is recorded only when the text parses as afbud
and points at exactly one open meeting of exactly one person with that number – and then it
is recorded (counted as Attendance rows with status afbud, before and after). Each example
runs in a savepoint that is rolled back, so every text meets the same world."""

import datetime as dt
import json

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.inbound import open_attendances
from meetings.models import Attendance, AttendanceStatus, Meeting
from meetings.services.attendance import invitations_send
from meetings.tests.attendance_builders import make_meeting, meeting_day
from notifications.inbound import Intent, parse_reply, persons_for_number
from notifications.sms import e164
from notifications.tests.fake_sms_provider import signed_headers

NUMBERS = {"carl": "+4520112233", "bo": "+4521000001", "shared": "+4522000002", "mia": "+4523000003"}
UNKNOWN = "+4529999999"


@pytest.fixture
def fuzz_world(sms_world, other_council, add_member, secretary):
    council = sms_world.council
    bo = add_member(council, "Bo Bech", phone="21 00 00 01", preferred_channel="sms")
    add_member(council, "Nina Nielsen", phone="+45 22 00 00 02", preferred_channel="sms")
    mia = add_member(council, "Mia Mose", phone="0045 23000003", preferred_channel="sms")
    karl = add_member(other_council, "Karl Sydbosen", phone="22000002", preferred_channel="sms")
    invitations_send(meeting=sms_world.meeting, actor=secretary)  # Bo, Nina and Mia too
    later = make_meeting(council, day=meeting_day(45))
    invitations_send(meeting=later, actor=secretary)
    Attendance.objects.filter(meeting=later).exclude(person=bo.person).delete()  # only Bo has two ahead
    sydby = make_meeting(other_council, day=meeting_day(10))
    invitations_send(meeting=sydby, actor=None)
    begun = make_meeting(council, day=meeting_day(5))
    invitations_send(meeting=begun, actor=secretary)
    Attendance.objects.filter(meeting=begun).exclude(person=mia.person).delete()
    Attendance.objects.filter(meeting=sms_world.meeting, person=mia.person).delete()
    start = timezone.now() - dt.timedelta(minutes=30)
    Meeting.objects.filter(pk=begun.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    days = [timezone.localtime(m.starts_at) for m in (sms_world.meeting, later, sydby)]
    return {"days": days, "karl": karl}


def typed_ways(number: str) -> list[str]:
    d = number[3:]
    return [number, number[1:], d, f"+45 {d[:2]} {d[2:4]} {d[4:6]} {d[6:]}", f"0045{d}"]


KNOWN = st.sampled_from([way for n in NUMBERS.values() for way in typed_ways(n)])
OTHERS = st.one_of(st.sampled_from(typed_ways(UNKNOWN)), st.text(max_size=20),
                   st.from_regex(r"\+?[0-9 ]{1,16}", fullmatch=True))


@st.composite
def senders(draw):
    """Mostly the world's numbers (that is where an afbud can go wrong), then unknown ones and junk."""
    return draw(KNOWN if draw(st.integers(0, 9)) < 7 else OTHERS)


SENDERS = senders()
WORDS = ["AFBUD", "afbud", "Afbud", "kan ikke", "kan ikke komme", "jeg kan ikke", "JA", "ja tak", "KOMMER",
         "jeg kommer", "STOP", "nej", "afbud?", "Afbud, syg", "ja nej"]


@st.composite
def texts(draw, days):
    if draw(st.integers(0, 2)) == 0:
        return draw(st.text(max_size=200))
    words = draw(st.sampled_from(WORDS))
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return words
    if choice == 1:  # a meeting's own date
        day = draw(st.sampled_from(days))
        return f"{words} {day.day}/{day.month}"
    if choice == 2:  # any date
        return f"{words} {draw(st.integers(0, 40))}/{draw(st.integers(0, 14))}"
    return words + draw(st.text(max_size=10))


def expected_afbud(text: str, sender: str, now) -> Attendance | None:
    """The one attendance an afbud may be recorded for, by the rule in the module's description."""
    parsed = parse_reply(text)
    if parsed.intent != Intent.AFBUD:
        return None
    try:
        number = e164(sender)
    except ValueError:
        return None
    open_ = open_attendances(persons=persons_for_number(number), now=now)
    if len({a.council_id for a in open_}) != 1:
        return None
    if parsed.has_date:
        open_ = [a for a in open_ if (timezone.localtime(a.meeting.starts_at).day,
                                      timezone.localtime(a.meeting.starts_at).month) == (parsed.day, parsed.month)]
    if len(open_) != 1 or open_[0].meeting.starts_at <= now:
        return None
    return open_[0]


def test_fuzzed_answers_never_fail_and_never_record_a_wrong_afbud(client, fuzz_world):
    outcomes: dict[str, int] = {}
    recorded = []

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])
    @given(text=texts(fuzz_world["days"]), sender=SENDERS, provider_id=st.text(min_size=1, max_size=30))
    def check(text, sender, provider_id):
        with transaction.atomic():
            before = set(Attendance.objects.filter(status=AttendanceStatus.AFBUD).values_list("pk", flat=True))
            expected = expected_afbud(text, sender, timezone.now())
            body = json.dumps({"id": provider_id, "from": sender, "to": "+4512345678", "text": text}).encode()
            response = client.post("/sms/indgaaende/", data=body, content_type="application/json",
                                   headers=signed_headers(body))
            assert response.status_code in (200, 400), response.content[:300]
            after = set(Attendance.objects.filter(status=AttendanceStatus.AFBUD).values_list("pk", flat=True))
            new = after - before
            assert before <= after
            if expected is None or expected.status == AttendanceStatus.AFBUD:
                assert not new, (text, sender, new)
            else:
                assert new == {expected.pk}, (text, sender)
                recorded.append(text)
            if response.status_code == 200:
                outcome = response.json()["outcome"]
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
            transaction.set_rollback(True)

    check()
    # The fuzz reached every branch that matters (a measure of the generator, not of the code).
    assert {"afbud", "ambiguous", "inbox", "unknown_number"} <= set(outcomes), outcomes
    print(f"\nSMS fuzz: {sum(outcomes.values())} answers, outcomes {outcomes}, afbud recorded {len(recorded)}")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(["/sms/indgaaende/", "/sms/status/"]), payload=st.dictionaries(
    st.sampled_from(["id", "from", "to", "text", "received_at", "status", "error", "x"]),
    st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
                 lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                 max_leaves=5)))
def test_any_json_body_is_answered_200_or_400(client, sms_world, path, payload):
    body = json.dumps(payload).encode()
    with transaction.atomic():
        response = client.post(path, data=body, content_type="application/json", headers=signed_headers(body))
        transaction.set_rollback(True)
    assert response.status_code in (200, 400)


def test_the_fuzz_world_is_as_described(fuzz_world, sms_world):
    now = timezone.now()
    for name, number in NUMBERS.items():
        persons = persons_for_number(number)
        assert len(persons) == (2 if name == "shared" else 1), name
    assert len(open_attendances(persons=persons_for_number(NUMBERS["bo"]), now=now)) == 2
    assert len({a.council_id for a in open_attendances(persons=persons_for_number(NUMBERS["shared"]), now=now)}) == 2
    [mias] = open_attendances(persons=persons_for_number(NUMBERS["mia"]), now=now)
    assert mias.meeting.starts_at < now
    assert expected_afbud("AFBUD", "20 11 22 33", now) is not None
