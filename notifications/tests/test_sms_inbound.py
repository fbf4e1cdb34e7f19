"""Answers by SMS through the signed webhook (POST /sms/indgaaende/): AFBUD with the substitute
called in and a confirmation, "JA", STOP, an unknown number, unclear answers (two councils, a
date that fits no meeting, two meetings ahead), a meeting already begun, other texts to the
inbox, and the provider posting the same text twice."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from core.formats import date_text
from councils import services as council_services
from meetings.models import AnswerChannel, Attendance, AttendanceStatus, Meeting
from meetings.services.attendance import invitations_send
from meetings.tests.attendance_builders import make_meeting, meeting_day
from notifications.inbound import KIND_REPLY
from notifications.models import InboundOutcome, InboundSms, OutboxMessage
from notifications.tests.fake_sms_provider import signed_headers

counter = iter(range(1, 10**6))


def post_inbound(client, text, *, from_="+4520112233", provider_id=None):
    body = json.dumps({"id": provider_id or f"in-{next(counter)}", "from": from_, "to": "+4512345678",
                       "text": text, "received_at": "2026-03-01T10:00:00Z"}).encode()
    return client.post("/sms/indgaaende/", data=body, content_type="application/json", headers=signed_headers(body))


def replies(number="+4520112233"):
    return list(OutboxMessage.objects.filter(kind=KIND_REPLY, to_address=number).order_by("id"))


def attendance(world, person=None):
    return Attendance.objects.get(meeting=world.meeting, person=person or world.carl)


def day_text(meeting):
    return date_text(meeting.starts_at, "MONTH_DAY_FORMAT")


@pytest.mark.parametrize("text", ["AFBUD", "afbud", "kan ikke", "Jeg kan ikke komme."])
def test_afbud_is_recorded_the_substitute_called_in_and_confirmed(client, sms_world, text):
    response = post_inbound(client, text)

    assert response.status_code == 200 and response.json() == {"recorded": True, "outcome": "afbud"}
    carl = attendance(sms_world)
    assert carl.status == AttendanceStatus.AFBUD and carl.answered_via == AnswerChannel.SMS
    # The substitute is called in as the link does: invited, with an invitation in the outbox.
    dorte = attendance(sms_world, sms_world.dorte)
    assert dorte.status == AttendanceStatus.INVITED and dorte.stands_in_for_id == carl.pk
    assert OutboxMessage.objects.filter(person=sms_world.dorte, kind="meetings.substitute_invitation").count() == 1
    [reply] = replies()
    assert reply.channel == "sms" and reply.person == sms_world.carl and reply.meeting == sms_world.meeting
    assert reply.body.startswith(f"Tak. Dit afbud til mødet {day_text(sms_world.meeting)} er modtaget. Fortryd: ")
    assert "{stemme-site}/l/" in reply.body  # the personal reading link, where the afbud can be taken back
    row = InboundSms.objects.get()
    assert (row.council, row.person, row.meeting, row.outcome) == (sms_world.council, sms_world.carl,
                                                                   sms_world.meeting, InboundOutcome.AFBUD)
    assert row.handled_at is not None and row.handled_by is None and row.reply == reply
    assert row.text == text


def test_afbud_with_the_meetings_date_is_recorded(client, sms_world):
    day = timezone.localtime(sms_world.meeting.starts_at)

    post_inbound(client, f"Afbud {day.day}/{day.month}")

    assert attendance(sms_world).status == AttendanceStatus.AFBUD


def test_afbud_with_another_date_is_unclear_and_records_nothing(client, sms_world):
    day = timezone.localtime(sms_world.meeting.starts_at) + dt.timedelta(days=3)

    response = post_inbound(client, f"Afbud {day.day}/{day.month}")

    assert response.json()["outcome"] == "ambiguous"
    assert attendance(sms_world).status == AttendanceStatus.INVITED
    row = InboundSms.objects.get()
    assert row.council == sms_world.council and row.handled_at is None and "passer ikke" in row.note
    [reply] = replies()
    assert "har ikke registreret noget" in reply.body and "43 21 00 00" in reply.body


def test_ja_confirms_attendance(client, sms_world):
    response = post_inbound(client, "Ja tak")

    assert response.json()["outcome"] == "coming"
    carl = attendance(sms_world)
    assert carl.status == AttendanceStatus.INVITED and carl.coming_at is not None
    assert carl.answered_via == AnswerChannel.SMS
    [reply] = replies()
    assert reply.body.startswith(f"Tak. Vi har noteret, at du kommer til mødet {day_text(sms_world.meeting)} kl. 16.00")


def test_ja_after_an_afbud_does_not_take_it_back_by_itself(client, sms_world):
    post_inbound(client, "AFBUD")

    response = post_inbound(client, "KOMMER")

    assert response.json()["outcome"] == "inbox"
    assert attendance(sms_world).status == AttendanceStatus.AFBUD
    assert "fortryd afbuddet her" in replies()[-1].body
    assert InboundSms.objects.filter(outcome=InboundOutcome.INBOX, handled_at__isnull=True).count() == 1


def test_stop_turns_reminders_off_and_says_so(client, sms_world):
    response = post_inbound(client, "Stop")

    assert response.json()["outcome"] == "stop"
    sms_world.carl.refresh_from_db()
    assert sms_world.carl.wants_reminders is False
    assert attendance(sms_world).status == AttendanceStatus.INVITED  # invitations still count
    [reply] = replies()
    assert "ikke flere påmindelser" in reply.body


def test_an_unknown_number_is_kept_for_no_council_and_not_answered(client, sms_world):
    response = post_inbound(client, "AFBUD", from_="+4599887766")

    assert response.json()["outcome"] == "unknown_number"
    row = InboundSms.objects.get()
    assert row.council is None and row.person is None and row.from_number == "+4599887766"
    assert OutboxMessage.objects.filter(kind=KIND_REPLY).count() == 0
    assert Attendance.objects.filter(status=AttendanceStatus.AFBUD).count() == 0


def test_a_sender_that_is_no_phone_number_is_an_unknown_number(client, sms_world):
    response = post_inbound(client, "AFBUD", from_="Netto")

    assert response.json()["outcome"] == "unknown_number"
    assert InboundSms.objects.get().from_number == "Netto"


def test_other_texts_go_to_the_inbox_without_an_answer(client, sms_world):
    response = post_inbound(client, "Hej, kan jeg tage min hjælper med på torsdag?")

    assert response.json()["outcome"] == "inbox"
    row = InboundSms.objects.get()
    assert row.council == sms_world.council and row.person == sms_world.carl and row.handled_at is None
    assert replies() == []


def test_a_cpr_number_in_a_text_is_not_kept(client, sms_world):
    post_inbound(client, "Mit cpr er 010190-1234, ring lige")

    assert "010190" not in InboundSms.objects.get().text


@pytest.fixture
def same_number_in_sydby(sms_world, other_council, add_member, make_user):
    """Carl's number also belongs to Karl in Sydby, invited to a meeting of Sydby's."""
    other_council.phone = "44 55 66 77"
    other_council.save(update_fields=["phone"])
    karl = add_member(other_council, "Karl Sydbosen", phone="20112233", preferred_channel="sms")
    meeting = make_meeting(other_council, day=meeting_day(20))
    invitations_send(meeting=meeting, actor=None)
    return karl.person, meeting


def test_a_number_in_two_councils_with_meetings_ahead_is_unclear_in_both(client, sms_world, same_number_in_sydby):
    karl, sydby_meeting = same_number_in_sydby

    response = post_inbound(client, "AFBUD")

    assert response.json()["outcome"] == "ambiguous"
    assert Attendance.objects.filter(status=AttendanceStatus.AFBUD).count() == 0
    rows = {row.council_id: row for row in InboundSms.objects.all()}
    assert set(rows) == {sms_world.council.pk, karl.council_id}
    assert rows[sms_world.council.pk].person == sms_world.carl and rows[karl.council_id].person == karl
    assert all(row.handled_at is None for row in rows.values())
    [reply] = replies()
    assert "43 21 00 00" in reply.body and "44 55 66 77" in reply.body


def test_a_number_in_two_councils_but_one_meeting_ahead_is_clear(client, sms_world, same_number_in_sydby):
    karl, sydby_meeting = same_number_in_sydby
    Meeting.objects.filter(pk=sydby_meeting.pk).update(status="cancelled")

    response = post_inbound(client, "AFBUD")

    assert response.json()["outcome"] == "afbud"
    assert attendance(sms_world).status == AttendanceStatus.AFBUD
    assert InboundSms.objects.get().council == sms_world.council


@pytest.fixture
def second_meeting(sms_world, secretary):
    meeting = make_meeting(sms_world.council, day=meeting_day(60))
    invitations_send(meeting=meeting, actor=secretary)
    return meeting


def test_two_meetings_ahead_and_no_date_is_unclear(client, sms_world, second_meeting):
    response = post_inbound(client, "afbud")

    assert response.json()["outcome"] == "ambiguous"
    assert Attendance.objects.filter(status=AttendanceStatus.AFBUD).count() == 0
    assert "flere møder" in InboundSms.objects.get().note


def test_two_meetings_ahead_and_a_date_picks_the_one(client, sms_world, second_meeting):
    day = timezone.localtime(second_meeting.starts_at)

    post_inbound(client, f"Afbud {day.day}/{day.month}")

    assert Attendance.objects.get(meeting=second_meeting, person=sms_world.carl).status == AttendanceStatus.AFBUD
    assert attendance(sms_world).status == AttendanceStatus.INVITED


def test_after_the_meeting_has_begun_afbud_goes_by_phone(client, sms_world):
    start = timezone.now() - dt.timedelta(minutes=10)
    Meeting.objects.filter(pk=sms_world.meeting.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=2))

    response = post_inbound(client, "AFBUD")

    assert response.json()["outcome"] == "inbox"
    assert attendance(sms_world).status == AttendanceStatus.INVITED
    [reply] = replies()
    assert "afbud skal gives pr. telefon" in reply.body and "43 21 00 00" in reply.body
    assert InboundSms.objects.get().meeting == sms_world.meeting


def test_afbud_without_a_meeting_ahead_goes_to_the_inbox(client, sms_world):
    Meeting.objects.filter(pk=sms_world.meeting.pk).update(status="cancelled")

    assert post_inbound(client, "AFBUD").json()["outcome"] == "inbox"
    assert replies() == []


def test_a_text_posted_twice_is_recorded_and_answered_once(client, sms_world):
    first = post_inbound(client, "AFBUD", provider_id="dup-1")
    second = post_inbound(client, "AFBUD", provider_id="dup-1")

    assert first.json()["recorded"] is True
    assert second.status_code == 200 and second.json() == {"recorded": False, "outcome": None}
    assert InboundSms.objects.count() == 1 and len(replies()) == 1


def test_two_people_of_one_council_sharing_a_number_are_unclear(client, sms_world, add_member, secretary):
    """Two members registered with one phone (a shared household phone), both invited."""
    ulla = add_member(sms_world.council, "Ulla Carlsen", phone="2011 2233", preferred_channel="sms")
    invitations_send(meeting=sms_world.meeting, actor=secretary)  # invites the newcomer

    response = post_inbound(client, "AFBUD")

    assert response.json()["outcome"] == "ambiguous"
    assert Attendance.objects.filter(status=AttendanceStatus.AFBUD).count() == 0
    assert attendance(sms_world, ulla.person).status == AttendanceStatus.INVITED


def test_a_shared_number_is_clear_when_only_one_of_them_is_invited(client, sms_world):
    council_services.person_save(council=sms_world.council, instance=sms_world.dorte, phone="20 11 22 33")

    assert post_inbound(client, "AFBUD").json()["outcome"] == "afbud"  # Dorte is not called: only Carl
    assert attendance(sms_world).status == AttendanceStatus.AFBUD


def test_the_answer_to_a_text_leaves_at_once_even_in_the_quiet_hours(client, sms_world, settings):
    hour = timezone.localtime().hour
    settings.STEMME_SMS_QUIET_HOURS = f"{hour}-{(hour + 2) % 24}"  # the quiet hours are now
    before = OutboxMessage.objects.order_by("-id").values_list("id", flat=True).first() or 0

    post_inbound(client, "AFBUD")

    [reply] = replies()
    assert reply.send_after is None  # the member is awake and waiting for the answer
    # Any other SMS the afbud set off (the substitute's invitation) waits for the morning.
    others = OutboxMessage.objects.filter(id__gt=before, channel="sms").exclude(kind=KIND_REPLY)
    assert all(m.send_after is not None and m.send_after > timezone.now() for m in others)
