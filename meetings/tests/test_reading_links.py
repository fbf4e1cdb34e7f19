"""The personal reading link as selectors and services: the signed token (its own salt), the
letter's short code, when a link stops working (minutes approved, too long after the meeting,
closed by the secretariat), what a reader may see of closed items, "Jeg kommer" and afbud by
each channel, and the expected-attendance counts."""

import datetime as dt
import re

import pytest
from django.core import signing
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import ApplicationError
from core.models import AuditEvent
from councils import services as council_services
from meetings.models import AnswerChannel, Attendance, AttendanceStatus, MeetingStatus
from meetings.selectors import attendance as attendance_selectors
from meetings.selectors import reading
from meetings.services import attendance as services
from meetings.tests.agenda_builders import set_status
from meetings.tests.attendance_builders import attendance_of, begin

pytestmark = pytest.mark.attendance_rules


@pytest.fixture
def anna(meeting, invited):
    return attendance_of(meeting, "Anna Andersen")


# --- The token ---------------------------------------------------------------------------------

def test_the_token_names_one_attendance_and_round_trips(anna):
    token = reading.reading_token(anna)

    assert reading.attendance_from_reading_token(token) == anna
    assert reading.reading_url(anna) == f"{{stemme-site}}/l/{token}/"
    assert reading.reading_url(anna, base_url="https://x.dk/") == f"https://x.dk/l/{token}/"


def test_an_altered_token_is_invalid(anna):
    token = reading.reading_token(anna)
    pk, stamp, signature = token.split(":")
    for altered in (f"{int(pk) + 1}:{stamp}:{signature}", token[:-1] + ("A" if token[-1] != "A" else "B"), "",
                    "abc", f"x:{stamp}:{signature}"):
        with pytest.raises(reading.ReadingLinkInvalid):
            reading.attendance_from_reading_token(altered)


def test_a_value_signed_with_the_reading_salt_but_not_a_pk_is_invalid():
    token = signing.TimestampSigner(salt=reading.READING_SALT).sign("anna")
    with pytest.raises(reading.ReadingLinkInvalid):
        reading.attendance_from_reading_token(token)


def test_an_afbud_token_is_not_a_reading_token_and_the_other_way_round(anna):
    with pytest.raises(reading.ReadingLinkInvalid):
        reading.attendance_from_reading_token(attendance_selectors.afbud_token(anna))
    with pytest.raises(attendance_selectors.AfbudLinkInvalid):
        attendance_selectors.attendance_from_afbud_token(reading.reading_token(anna))


def test_a_deleted_invitation_is_invalid(anna):
    token = reading.reading_token(anna)
    Attendance.objects.filter(pk=anna.pk).delete()
    with pytest.raises(reading.ReadingLinkInvalid):
        reading.attendance_from_reading_token(token)


# --- When a link stops working -------------------------------------------------------------------

def test_the_link_works_after_the_meeting_until_the_minutes_are_approved(meeting, anna):
    token = reading.reading_token(anna)
    begin(meeting, minutes_ago=120)
    set_status(meeting, MeetingStatus.HELD)

    assert reading.attendance_from_reading_token(token) == anna  # still readable

    set_status(meeting, MeetingStatus.MINUTES_APPROVED)
    with pytest.raises(reading.ReadingLinkExpired) as expired:
        reading.attendance_from_reading_token(token)
    assert expired.value.attendance == anna  # the page can name the council and its phone


def test_an_approval_date_alone_also_ends_the_link(meeting, anna):
    meeting.minutes_approved_at = timezone.now()
    meeting.save(update_fields=["minutes_approved_at"])
    with pytest.raises(reading.ReadingLinkExpired):
        reading.attendance_from_reading_token(reading.reading_token(anna))


def test_never_approved_the_link_ends_max_days_after_the_meeting(meeting, anna, settings):
    settings.STEMME_READING_LINK_MAX_DAYS = 10
    token = reading.reading_token(anna)
    last = meeting.ends_at + dt.timedelta(days=10)

    assert reading.attendance_from_reading_token(token, now=last) == anna
    with pytest.raises(reading.ReadingLinkExpired):
        reading.attendance_from_reading_token(token, now=last + dt.timedelta(seconds=1))


def test_the_default_is_sixty_days(meeting, anna):
    assert reading.reading_expires_at(meeting) == meeting.ends_at + dt.timedelta(days=60)


def test_a_closed_link_and_its_short_code_stop_at_once_and_it_is_audited(anna, secretary):
    token, code = reading.reading_token(anna), anna.short_code

    services.reading_link_revoke(attendance=anna, actor=secretary)
    services.reading_link_revoke(attendance=anna, actor=secretary)  # twice: nothing more

    with pytest.raises(reading.ReadingLinkRevoked):
        reading.attendance_from_reading_token(token)
    with pytest.raises(reading.ReadingLinkRevoked):
        reading.attendance_from_short_code(code)
    assert AuditEvent.objects.filter(action="meetings.attendance.reading_link_revoked",
                                     object_id=str(anna.pk), actor=secretary).count() == 1


# --- Short codes -----------------------------------------------------------------------------------

def test_every_invited_person_gets_a_unique_short_code(meeting, invited):
    codes = dict(Attendance.objects.filter(meeting=meeting).values_list("person__name", "short_code"))

    invited_codes = [c for name, c in codes.items() if name not in ("Bent Berg", "Dorte Dahl")]
    assert len(set(invited_codes)) == 5 and all(invited_codes)
    for code in invited_codes:
        assert len(code) == 6 <= 8 and set(code) <= set(reading.SHORT_CODE_ALPHABET)
        assert not set(code) & set("ILOU")
    assert codes["Bent Berg"] is None and codes["Dorte Dahl"] is None  # not called: no letter, no code


def test_a_substitute_called_in_gets_a_code_with_the_invitation(meeting, invited):
    services.afbud_register(attendance=attendance_of(meeting, "Carl Christensen"), via=AnswerChannel.SMS)

    dorte = attendance_of(meeting, "Dorte Dahl")
    assert dorte.short_code and reading.attendance_from_short_code(dorte.short_code) == dorte


def test_the_code_is_read_in_any_case_with_spaces_and_dashes_and_lookalikes(anna):
    code = anna.short_code
    typed = [code.lower(), f" {code[:3]} {code[3:]} ", f"{code[:3]}-{code[3:]}", reading.short_code_display(code)]
    if "0" in code:
        typed.append(code.replace("0", "o"))
    if "1" in code:
        typed.append(code.replace("1", "l"))
    for text in typed:
        assert reading.attendance_from_short_code(text) == anna


def test_a_taken_code_is_drawn_again(meeting, invited, monkeypatch):
    taken = attendance_of(meeting, "Anna Andersen").short_code
    draws = iter([taken, taken, "ZZZZ99"])
    monkeypatch.setattr(services, "_new_short_code", lambda: next(draws))
    bent = attendance_of(meeting, "Bent Berg")

    assert services.short_code_assign(bent) == "ZZZZ99"
    assert Attendance.objects.get(pk=bent.pk).short_code == "ZZZZ99"


def test_reading_links_assign_fills_in_old_invitations(meeting, invited):
    Attendance.objects.filter(meeting=meeting).update(short_code=None)

    assert services.reading_links_assign(meeting) == 5
    assert services.reading_links_assign(meeting) == 0
    assert Attendance.objects.filter(meeting=meeting, invited_at__isnull=False, short_code__isnull=True).count() == 0


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=40))
def test_any_text_is_a_code_or_invalid_never_an_error(anna, text):
    try:
        found = reading.attendance_from_short_code(text)
    except reading.ReadingLinkInvalid:
        return
    assert found == anna and reading.normalise_short_code(text) == anna.short_code


# --- Closed items, by the permission policy ------------------------------------------------------

def test_a_member_reads_the_closed_item(anna):
    page = reading.reading_page(anna)

    assert page.entitled and page.hidden_closed == 0
    assert "Henvendelse om en konkret bolig" in [i.title for i in page.items]


def test_a_guest_on_the_council_reads_as_the_council_does(meeting, invited):
    # The policy gives every council person (guests too) the internal meeting papers.
    assert reading.reading_entitled(attendance_of(meeting, "Gitte Gæst"))


def test_someone_whose_membership_ended_before_the_meeting_reads_the_public_agenda(meeting, invited, roster):
    council_services.membership_end(membership=roster["finn"], end=timezone.localdate(), reason="moved")
    finn = reading.attendance_from_reading_token(reading.reading_token(attendance_of(meeting, "Finn Frost")))

    page = reading.reading_page(finn)

    assert not page.entitled and page.hidden_closed == 1
    assert "Henvendelse om en konkret bolig" not in [i.title for i in page.items]
    assert len(page.items) == 7


def test_a_guest_noted_without_a_membership_is_not_entitled(meeting, invited):
    gitte = attendance_of(meeting, "Gitte Gæst")
    Attendance.objects.filter(pk=gitte.pk).update(membership=None)
    gitte = reading.attendance_from_reading_token(reading.reading_token(gitte))

    assert not reading.reading_entitled(gitte)


# --- "Jeg kommer" and afbud by each channel ---------------------------------------------------------

@pytest.mark.parametrize("via", list(AnswerChannel))
def test_jeg_kommer_by_each_channel_is_recorded_once_and_audited(anna, secretary, via):
    first = services.attendance_confirm(attendance=anna, actor=secretary, via=via)
    again = services.attendance_confirm(attendance=anna, via=AnswerChannel.LINK)

    assert first.coming_at is not None and again.coming_at == first.coming_at
    assert again.answered_via == via and again.status == AttendanceStatus.INVITED
    assert AuditEvent.objects.filter(action="meetings.attendance.coming", object_id=str(anna.pk)).count() == 1


@pytest.mark.parametrize("via", list(AnswerChannel))
def test_afbud_by_each_channel_records_the_channel_and_drops_jeg_kommer(anna, via):
    services.attendance_confirm(attendance=anna)

    services.afbud_register(attendance=anna, via=via)

    anna.refresh_from_db()
    assert anna.status == AttendanceStatus.AFBUD and anna.answered_via == via and anna.coming_at is None


def test_jeg_kommer_after_afbud_asks_to_take_the_afbud_back_first(anna):
    services.afbud_register(attendance=anna)
    with pytest.raises(ApplicationError, match="Fortryd afbuddet først"):
        services.attendance_confirm(attendance=anna)

    services.afbud_withdraw(attendance=anna)
    assert services.attendance_confirm(attendance=anna).coming_at is not None


def test_jeg_kommer_is_refused_once_the_meeting_has_begun_and_for_someone_not_called(meeting, invited):
    with pytest.raises(ApplicationError, match="ikke indkaldt"):
        services.attendance_confirm(attendance=attendance_of(meeting, "Bent Berg"))
    begin(meeting)
    with pytest.raises(ApplicationError, match="begyndt"):
        services.attendance_confirm(attendance=attendance_of(meeting, "Anna Andersen"))


def test_undo_jeg_kommer(anna, secretary):
    services.attendance_confirm(attendance=anna, via=AnswerChannel.PHONE, actor=secretary)
    services.attendance_confirm_withdraw(attendance=anna, actor=secretary)

    anna.refresh_from_db()
    assert anna.coming_at is None and anna.answered_via == ""
    assert AuditEvent.objects.filter(action="meetings.attendance.coming_withdrawn").count() == 1


# --- Expected attendance ------------------------------------------------------------------------

def test_the_overview_counts_coming_afbud_and_not_answered(meeting, invited):
    services.attendance_confirm(attendance=attendance_of(meeting, "Anna Andersen"))
    services.attendance_confirm(attendance=attendance_of(meeting, "Gitte Gæst"), via=AnswerChannel.SMS)
    services.afbud_register(attendance=attendance_of(meeting, "Carl Christensen"), via=AnswerChannel.PHONE)

    overview = attendance_selectors.attendance_overview(meeting=meeting)

    # Eva, Finn and Dorte (now called in for Carl) have not answered.
    assert (overview.coming, overview.afbud_count, overview.not_answered) == (2, 1, 3)
    assert overview.coming_voters == 1  # Anna votes; Gitte is a guest
    assert overview.quorum_at_risk  # 1 confirmed voter, and the quorum needs 2


def test_the_quorum_is_not_at_risk_when_enough_voters_have_confirmed(meeting, invited):
    for name in ("Anna Andersen", "Carl Christensen"):
        services.attendance_confirm(attendance=attendance_of(meeting, name))

    overview = attendance_selectors.attendance_overview(meeting=meeting)

    assert overview.coming_voters == 2 == overview.quorum.required and not overview.quorum_at_risk


# --- The next meeting for a person (SMS replies, the start page) -----------------------------------

def test_next_attendance_is_the_nearest_open_meeting_called_to(council, meeting, invited, secretary):
    from meetings.tests.attendance_builders import make_meeting, meeting_day

    later = make_meeting(council, day=meeting_day(60))
    services.invitations_send(meeting=later, actor=secretary)
    anna = attendance_of(meeting, "Anna Andersen")

    assert reading.next_attendance_for_person(person_ids=[anna.person_id]) == anna
    services.afbud_register(attendance=anna)
    assert reading.next_attendance_for_person(person_ids=[anna.person_id]) == anna  # afbud: still the next
    assert reading.next_attendance_for_person(person_ids=[anna.person_id],
                                              now=meeting.starts_at) == attendance_of(later, "Anna Andersen")
    dorte = attendance_of(meeting, "Dorte Dahl")  # not called to either meeting
    assert reading.next_attendance_for_person(person_ids=[dorte.person_id]) is None
    assert reading.next_attendance_for_person(person_ids=[]) is None


def test_the_short_code_display_is_split_for_reading():
    assert reading.short_code_display("7H3K9Q") == "7H3 K9Q"
    assert reading.short_code_display(None) == ""
    assert re.fullmatch(r"[0-9A-Z]{6}", "7H3K9Q")
