"""Afbud beyond the first tap: when substitutes attend every meeting, a member's afbud tells
the personal substitute (by their channel) that they now vote in the member's place; and an
afbud can be taken back through the same link – or the member's own page – until the meeting
starts, which restores the invitation and undoes the substitute's stand-in, telling them."""

import re

import pytest
from django.urls import reverse

from core.errors import ApplicationError
from core.models import AuditEvent
from meetings.models import AttendanceStatus, Meeting, MeetingStatus
from meetings.selectors.attendance import afbud_token, attendance_from_afbud_token
from meetings.services import attendance as services
from meetings.tests.attendance_builders import attendance_of, begin, set_rules
from notifications.models import OutboxMessage, OutboxStatus

# The council with the attendance rules (see conftest.py).
pytestmark = pytest.mark.attendance_rules


def link(attendance) -> str:
    return reverse("afbud", args=[afbud_token(attendance)])


def withdraw_link(attendance) -> str:
    return reverse("afbud_withdraw", args=[afbud_token(attendance)])


def text(response) -> str:
    return response.content.decode()


def messages_to(meeting, name, kind) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(meeting=meeting, person__name=name, kind=kind).order_by("id"))


@pytest.fixture
def always(council, meeting, secretary):
    """Substitutes attend every meeting (without a vote unless they stand in); invitations sent."""
    set_rules(council, substitute_attendance="always")
    services.invitations_send(meeting=meeting, actor=secretary, base_url="http://testserver")
    return meeting


# --- Substitutes who attend anyway ---------------------------------------------------------------

def test_afbud_tells_an_attending_substitute_that_they_now_vote(always):
    meeting = always
    anna = attendance_of(meeting, "Anna Andersen")

    services.afbud_register(attendance=anna, base_url="http://testserver")

    bent = attendance_of(meeting, "Bent Berg")
    assert bent.stands_in_for == anna and bent.status == AttendanceStatus.INVITED
    [notice] = messages_to(meeting, "Bent Berg", "meetings.stand_in")
    assert (notice.channel, notice.to_address, notice.status) == ("email", "bent@example.org", OutboxStatus.PENDING)
    assert notice.subject.startswith("Du stemmer for Anna Andersen: Udsatterådet Nordby")
    assert "Anna Andersen har meldt afbud" in notice.body
    assert "Nu møder du i stedet for Anna Andersen" in notice.body
    assert "du stemmer på mødet i stedet for Anna Andersen" in notice.body
    path = re.search(r"http://testserver(/afbud/[^/\s]+/)", notice.body).group(1)
    assert attendance_from_afbud_token(path.split("/")[2]) == bent  # their own link, should they not come
    assert not messages_to(meeting, "Bent Berg", "meetings.substitute_invitation")  # no second invitation


def test_the_notice_goes_by_the_substitutes_own_channel(always):
    services.afbud_register(attendance=attendance_of(always, "Carl Christensen"))

    [notice] = messages_to(always, "Dorte Dahl", "meetings.stand_in")
    assert (notice.channel, notice.status) == ("letter", OutboxStatus.MANUAL)  # Dorte gets letters
    assert notice.to_address.startswith("Torvet 1")
    assert "Kan du heller ikke komme? Så giv sekretariatet besked, før mødet begynder." in notice.body
    assert "raadet@nordby.dk" in notice.body and "/afbud/" not in notice.body  # paper: no link to tap


def test_afbud_twice_sends_one_notice(always):
    anna = attendance_of(always, "Anna Andersen")
    services.afbud_register(attendance=anna)
    services.afbud_register(attendance=anna)
    assert len(messages_to(always, "Bent Berg", "meetings.stand_in")) == 1


def test_a_substitute_who_has_sent_afbud_is_not_told(always):
    services.afbud_register(attendance=attendance_of(always, "Bent Berg"))

    services.afbud_register(attendance=attendance_of(always, "Anna Andersen"))

    assert attendance_of(always, "Bent Berg").stands_in_for is None
    assert not messages_to(always, "Bent Berg", "meetings.stand_in")


def test_the_secretariat_calling_an_attending_pool_substitute_tells_them_too(council, always, secretary):
    set_rules(council, substitute_attendance="always", substitute_mode="pool")
    services.afbud_register(attendance=attendance_of(always, "Finn Frost"))  # Finn has no substitute
    dorte = attendance_of(always, "Dorte Dahl")

    services.substitute_call(absent=attendance_of(always, "Finn Frost"), substitute=dorte.membership,
                             actor=secretary)

    [notice] = messages_to(always, "Dorte Dahl", "meetings.stand_in")
    assert "i stedet for Finn Frost" in notice.body


def test_when_needed_the_substitute_still_gets_an_invitation(meeting, invited):
    services.afbud_register(attendance=attendance_of(meeting, "Anna Andersen"))

    assert len(messages_to(meeting, "Bent Berg", "meetings.substitute_invitation")) == 1
    assert not messages_to(meeting, "Bent Berg", "meetings.stand_in")


# --- Taking an afbud back: the service --------------------------------------------------------------

def test_taking_afbud_back_restores_the_invitation_and_releases_a_called_substitute(meeting, invited):
    anna = attendance_of(meeting, "Anna Andersen")
    services.afbud_register(attendance=anna, note="Syg")
    assert attendance_of(meeting, "Bent Berg").status == AttendanceStatus.INVITED

    services.afbud_withdraw(attendance=anna, base_url="http://testserver")

    anna = attendance_of(meeting, "Anna Andersen")
    assert (anna.status, anna.afbud_at, anna.afbud_note) == (AttendanceStatus.INVITED, None, "")
    bent = attendance_of(meeting, "Bent Berg")
    assert (bent.status, bent.stands_in_for, bent.invited_at) == (AttendanceStatus.NOT_CALLED, None, None)
    [released] = messages_to(meeting, "Bent Berg", "meetings.stand_in_released")
    assert released.subject.startswith("Anna Andersen kommer alligevel")
    assert "Du skal derfor ikke møde som suppleant for Anna Andersen." in released.body
    assert AuditEvent.objects.filter(action="meetings.attendance.afbud_withdrawn", object_id=str(anna.pk)).exists()
    assert AuditEvent.objects.filter(action="meetings.attendance.stand_in_released",
                                     object_id=str(bent.pk)).exists()


def test_taking_afbud_back_when_substitutes_attend_anyway(always):
    anna = attendance_of(always, "Anna Andersen")
    services.afbud_register(attendance=anna)

    services.afbud_withdraw(attendance=anna)

    bent = attendance_of(always, "Bent Berg")
    assert (bent.status, bent.stands_in_for) == (AttendanceStatus.INVITED, None)  # attends, no vote
    [released] = messages_to(always, "Bent Berg", "meetings.stand_in_released")
    assert "Du deltager i mødet som suppleant som før, men du stemmer ikke." in released.body


def test_afbud_again_after_taking_it_back_calls_the_substitute_again(meeting, invited):
    anna = attendance_of(meeting, "Anna Andersen")
    services.afbud_register(attendance=anna)
    services.afbud_withdraw(attendance=anna)

    services.afbud_register(attendance=anna)

    assert attendance_of(meeting, "Bent Berg").stands_in_for == attendance_of(meeting, "Anna Andersen")
    assert len(messages_to(meeting, "Bent Berg", "meetings.substitute_invitation")) == 2


def test_a_substitute_who_could_not_come_is_released_without_a_message(meeting, invited):
    anna = attendance_of(meeting, "Anna Andersen")
    services.afbud_register(attendance=anna)
    services.afbud_register(attendance=attendance_of(meeting, "Bent Berg"))  # Bent can't come either

    services.afbud_withdraw(attendance=anna)

    bent = attendance_of(meeting, "Bent Berg")
    assert (bent.status, bent.stands_in_for) == (AttendanceStatus.AFBUD, None)
    assert not messages_to(meeting, "Bent Berg", "meetings.stand_in_released")


def test_a_substitute_not_called_takes_back_their_own_afbud(meeting, invited):
    bent = attendance_of(meeting, "Bent Berg")
    services.afbud_register(attendance=bent)

    services.afbud_withdraw(attendance=bent)

    assert attendance_of(meeting, "Bent Berg").status == AttendanceStatus.NOT_CALLED


def test_taking_back_after_the_start_is_refused(meeting, invited):
    anna = attendance_of(meeting, "Anna Andersen")
    services.afbud_register(attendance=anna)
    begin(meeting)

    with pytest.raises(ApplicationError, match="Mødet er begyndt, så afbuddet kan ikke længere fortrydes"):
        services.afbud_withdraw(attendance=anna)

    assert attendance_of(meeting, "Anna Andersen").status == AttendanceStatus.AFBUD
    assert attendance_of(meeting, "Bent Berg").stands_in_for is not None


def test_taking_back_at_a_cancelled_meeting_is_refused(meeting, invited):
    anna = attendance_of(meeting, "Anna Andersen")
    services.afbud_register(attendance=anna)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)

    with pytest.raises(ApplicationError, match="Mødet er aflyst."):
        services.afbud_withdraw(attendance=anna)


# --- Taking an afbud back: the link and the member's page ------------------------------------------------

def test_the_afbud_page_offers_to_take_it_back(client, meeting, invited):
    finn = attendance_of(meeting, "Finn Frost")
    token = afbud_token(finn)  # one link, as in the invitation (the token carries a timestamp)
    page_url, back_url = reverse("afbud", args=[token]), reverse("afbud_withdraw", args=[token])
    client.post(page_url, {"note": "Ferie"})

    page = text(client.get(page_url))

    assert "Du har meldt afbud" in page and "Tak – dit afbud er registreret." in page
    assert "Fortryd afbud" in page and f'action="{back_url}"' in page

    response = client.post(back_url, follow=True)

    assert response.redirect_chain == [(page_url, 302)]
    page = text(response)
    assert "Dit afbud er fortrudt. Du er indkaldt til mødet igen." in page and "Send afbud" in page
    assert attendance_of(meeting, "Finn Frost").status == AttendanceStatus.INVITED
    assert AuditEvent.objects.get(action="meetings.attendance.afbud_withdrawn").actor is None


def test_the_afbud_page_names_the_substitute_who_will_be_told(client, meeting, invited):
    anna = attendance_of(meeting, "Anna Andersen")
    client.post(link(anna), {"note": ""})

    page = text(client.get(link(anna)))

    assert "Bent Berg er indkaldt som suppleant for dig." in page
    assert "Bent Berg får besked om, at du kommer alligevel." in page


def test_after_the_start_the_link_says_it_is_too_late(client, meeting, invited):
    finn = attendance_of(meeting, "Finn Frost")
    client.post(link(finn), {"note": ""})
    begin(meeting)

    for response in (client.get(link(finn)), client.post(withdraw_link(finn))):
        assert response.status_code == 410
        page = text(response)
        assert "Linket er udløbet" in page
        assert "Mødet er begyndt eller holdt, så det er for sent at fortryde afbuddet med linket." in page
        assert "Der er ikke ændret noget." in page
    assert attendance_of(meeting, "Finn Frost").status == AttendanceStatus.AFBUD


def test_an_altered_withdraw_link_changes_nothing(client, meeting, invited):
    finn = attendance_of(meeting, "Finn Frost")
    client.post(link(finn), {"note": ""})
    token = afbud_token(finn)

    response = client.post(reverse("afbud_withdraw", args=[token[:-1] + ("A" if token[-1] != "A" else "B")]))

    assert response.status_code == 400 and "Linket virker ikke" in text(response)
    assert attendance_of(meeting, "Finn Frost").status == AttendanceStatus.AFBUD


def test_withdrawing_at_a_cancelled_meeting_shows_why(client, meeting, invited):
    finn = attendance_of(meeting, "Finn Frost")
    client.post(link(finn), {"note": ""})
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)

    response = client.post(withdraw_link(finn))

    assert response.status_code == 400 and "Mødet er aflyst." in text(response)
    assert attendance_of(meeting, "Finn Frost").status == AttendanceStatus.AFBUD


def test_a_member_takes_afbud_back_from_their_own_page(client, anna_user, meeting, invited):
    client.force_login(anna_user)
    my_page = reverse("meetings:my_attendance", args=[meeting.council.slug, meeting.pk])
    client.post(my_page, {"note": ""})
    assert "Fortryd afbud" in text(client.get(my_page))

    response = client.post(reverse("meetings:my_attendance_withdraw", args=[meeting.council.slug, meeting.pk]),
                           follow=True)

    assert "Dit afbud er fortrudt." in text(response) and "Send afbud" in text(response)
    assert attendance_of(meeting, "Anna Andersen").status == AttendanceStatus.INVITED
    assert AuditEvent.objects.get(action="meetings.attendance.afbud_withdrawn").actor == anna_user
    assert attendance_of(meeting, "Bent Berg").status == AttendanceStatus.NOT_CALLED


def test_after_the_start_the_member_page_offers_no_take_back(client, anna_user, meeting, invited):
    services.afbud_register(attendance=attendance_of(meeting, "Anna Andersen"))
    begin(meeting, minutes_ago=0)  # starts now
    client.force_login(anna_user)

    page = text(client.get(reverse("meetings:my_attendance", args=[meeting.council.slug, meeting.pk])))

    assert "Fortryd afbud" not in page and "Kan du alligevel komme? Så kontakt sekretariatet." in page
