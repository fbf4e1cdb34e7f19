"""The attendance pages: the personal afbud link (no login; expired and tampered links change
nothing), a member's own page with afbud, and the expected attendance with quorum for the
secretariat (members see who has sent afbud). Tenancy and constant query counts."""

import datetime as dt

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from core.validators import CPR_MESSAGE
from meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus
from meetings.selectors.attendance import afbud_token
from meetings.services import attendance as services
from meetings.tests.attendance_builders import attendance_of, make_meeting, set_rules
from notifications.models import OutboxMessage

# The council with the attendance rules (see conftest.py).
pytestmark = pytest.mark.attendance_rules

CPR = "010190-1234"


def text(response) -> str:
    return response.content.decode()


def link(attendance) -> str:
    return reverse("afbud", args=[afbud_token(attendance)])


def url(name, meeting) -> str:
    return reverse(f"meetings:{name}", args=[meeting.council.slug, meeting.pk])


def move_to_the_past(meeting, *, hours=1):
    delta = (meeting.starts_at - dt.datetime.now(dt.UTC)) + dt.timedelta(hours=hours)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=meeting.starts_at - delta,
                                                 ends_at=meeting.ends_at - delta)


@pytest.fixture
def as_secretary(client, secretary):
    client.force_login(secretary)
    return client


@pytest.fixture
def as_anna(client, anna_user):
    client.force_login(anna_user)
    return client


# --- The afbud link --------------------------------------------------------------------------------

def test_the_link_shows_the_meeting_and_one_big_button(client, meeting, invited):
    response = client.get(link(attendance_of(meeting, "Finn Frost")))

    assert response.status_code == 200
    page = text(response)
    assert "Hej Finn Frost." in page and "Du er indkaldt til:" in page
    assert "Rådhuset, mødelokale 2" in page and "Udsatterådet Nordby" in page
    assert page.count('type="submit" class="button button-primary"') == 1 and "Send afbud" in page
    assert attendance_of(meeting, "Finn Frost").status == AttendanceStatus.INVITED  # GET changes nothing


def test_the_button_sends_afbud_and_shows_a_confirmation(client, meeting, invited):
    finn = attendance_of(meeting, "Finn Frost")
    target = link(finn)

    response = client.post(target, {"note": "Jeg er på ferie"}, follow=True)

    assert response.redirect_chain == [(target, 302)]
    page = text(response)
    assert "Tak – dit afbud er registreret" in page and "Jeg er på ferie" in page
    finn.refresh_from_db()
    assert (finn.status, finn.afbud_note) == (AttendanceStatus.AFBUD, "Jeg er på ferie")
    event = AuditEvent.objects.get(action="meetings.attendance.afbud")
    assert event.actor is None and event.object_id == str(finn.pk)
    # Opening the link again shows the confirmation; posting again changes nothing
    assert "Tak – dit afbud er registreret" in text(client.get(link(finn)))
    client.post(link(finn), {"note": "igen"})
    finn.refresh_from_db()
    assert finn.afbud_note == "Jeg er på ferie"


def test_a_note_with_a_cpr_number_is_refused_and_kept(client, meeting, invited):
    finn = attendance_of(meeting, "Finn Frost")

    response = client.post(link(finn), {"note": f"Mit cpr er {CPR}"})

    assert response.status_code == 400
    page = text(response)
    assert str(CPR_MESSAGE)[:40] in page and f"Mit cpr er {CPR}" in page
    assert attendance_of(meeting, "Finn Frost").status == AttendanceStatus.INVITED


def test_an_expired_link_shows_a_clear_page_and_changes_nothing(client, meeting, invited):
    finn = attendance_of(meeting, "Finn Frost")
    move_to_the_past(meeting)

    for response in (client.get(link(finn)), client.post(link(finn), {"note": ""})):
        assert response.status_code == 410
        page = text(response)
        assert "Linket er udløbet" in page and "Der er ikke ændret noget." in page
        assert "raadet@nordby.dk" in page
    assert attendance_of(meeting, "Finn Frost").status == AttendanceStatus.INVITED


@pytest.mark.parametrize("tamper", [
    lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),            # signature altered
    lambda token: str(int(token.split(":")[0]) + 1) + token[token.index(":"):],  # another attendance's id
    lambda token: signing.TimestampSigner().sign(token.split(":")[0]),           # signed without the salt
    lambda token: signing.TimestampSigner(salt="stemme.other").sign(token.split(":")[0]),
    lambda token: "ikke-et-link",
])
def test_a_tampered_link_shows_a_clear_page_and_changes_nothing(client, meeting, invited, tamper):
    finn = attendance_of(meeting, "Finn Frost")
    bad = reverse("afbud", args=[tamper(afbud_token(finn))])

    for response in (client.get(bad), client.post(bad, {"note": ""})):
        assert response.status_code == 400
        page = text(response)
        assert "Linket virker ikke" in page and "Der er ikke ændret noget." in page
    assert not Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.AFBUD).exists()


def test_a_link_to_a_deleted_invitation_is_not_found(client, meeting, invited):
    finn = attendance_of(meeting, "Finn Frost")
    target = link(finn)
    finn.delete()

    response = client.get(target)
    assert response.status_code == 404 and "Indkaldelsen findes ikke længere" in text(response)


def test_a_cancelled_meeting_needs_no_afbud(client, meeting, invited):
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)
    finn = attendance_of(meeting, "Finn Frost")

    page = text(client.get(link(finn)))
    assert "Mødet er aflyst. Du behøver ikke melde afbud." in page and "Send afbud" not in page
    response = client.post(link(finn), {"note": ""})
    assert response.status_code == 400 and "Mødet er aflyst." in text(response)
    assert attendance_of(meeting, "Finn Frost").status == AttendanceStatus.INVITED


# --- A member's own page ---------------------------------------------------------------------------

def test_a_member_sends_afbud_from_their_own_page(as_anna, meeting, invited):
    page = text(as_anna.get(url("my_attendance", meeting)))
    assert "Din status:" in page and "Inviteret" in page and "Send afbud" in page

    response = as_anna.post(url("my_attendance", meeting), {"note": "Syg"}, follow=True)

    assert "Dit afbud er registreret." in text(response) and "Du har meldt afbud" in text(response)
    anna = attendance_of(meeting, "Anna Andersen")
    assert anna.status == AttendanceStatus.AFBUD
    assert AuditEvent.objects.get(action="meetings.attendance.afbud").actor.email == "anna@example.org"
    # the personal substitute is called in, with links to this site
    message = OutboxMessage.objects.get(kind="meetings.substitute_invitation")
    assert message.person.name == "Bent Berg" and "http://testserver/afbud/" in message.body


def test_a_person_not_called_is_told_so(client, council, meeting, invited, make_user, add_member):
    user = make_user("ny@example.org")
    add_member(council, "Nina Ny", user=user, start=dt.date(2026, 2, 1), role="guest")  # after the invitations
    client.force_login(user)

    assert "Du er ikke indkaldt til dette møde." in text(client.get(url("my_attendance", meeting)))
    response = client.post(url("my_attendance", meeting), {"note": ""}, follow=True)
    assert "Du er ikke indkaldt til dette møde." in text(response)


def test_my_page_for_another_councils_meeting_is_not_found(as_anna, council, roster, other_council):
    theirs = make_meeting(other_council)
    assert as_anna.get(reverse("meetings:my_attendance", args=[council.slug, theirs.pk])).status_code == 404


# --- The expected attendance -------------------------------------------------------------------------

def test_the_secretariat_sees_who_is_called_afbud_substitutes_and_quorum(as_secretary, meeting, invited):
    services.afbud_register(attendance=attendance_of(meeting, "Carl Christensen"), note="Tandlæge")
    services.afbud_register(attendance=attendance_of(meeting, "Eva Eskildsen"))

    response = as_secretary.get(url("attendance", meeting))

    assert response.status_code == 200
    page = text(response)
    overview = response.context["overview"]
    assert overview.called_count == 6 and len(overview.afbud) == 2
    assert [r.attendance.stands_in_for.person.name for r in overview.substitutes_called] == ["Carl Christensen"]
    assert "Tandlæge" in page
    assert "personlig suppleant for Carl Christensen" in page
    assert "Rådet er beslutningsdygtigt, når mindst 2 af de 4 stemmeberettigede er til stede (50 %)." in page
    assert "3 med stemmeret forventes at komme: rådet bliver beslutningsdygtigt." in page
    assert f"{reverse('notifications:outbox', args=['nordby'])}?moede={meeting.pk}" in page
    assert "Indkald en suppleant" not in page  # Eva has no substitute, Carl's is called: nothing to offer


def test_the_quorum_warning_when_too_few_are_expected(as_secretary, meeting, invited):
    for name in ("Eva Eskildsen", "Finn Frost", "Anna Andersen", "Bent Berg"):
        services.afbud_register(attendance=attendance_of(meeting, name))

    page = text(as_secretary.get(url("attendance", meeting)))
    assert "Kun 1 med stemmeret forventes at komme, og der skal være 2" in page


def test_members_see_who_has_sent_afbud_but_not_the_secretariats_view(as_anna, meeting, invited):
    services.afbud_register(attendance=attendance_of(meeting, "Carl Christensen"), note="Privat grund")

    response = as_anna.get(url("attendance", meeting))

    assert response.status_code == 200
    page = text(response)
    assert "Carl Christensen" in page and "Dorte Dahl møder som suppleant" in page
    assert "Privat grund" not in page and "Beslutningsdygtighed" not in page and "Gem fremmøde" not in page
    assert "Din status:" in page


def test_the_attendance_page_links_to_the_whole_meeting_form(as_secretary, meeting, invited):
    page = text(as_secretary.get(url("attendance", meeting)))
    assert f'href="{url("attendance_record", meeting)}"' in page and "Registrér fremmøde for hele mødet" in page


def test_the_secretariat_calls_a_pool_substitute(as_secretary, council, meeting, invited):
    set_rules(council, substitute_mode="pool")
    services.afbud_register(attendance=attendance_of(meeting, "Finn Frost"))
    finn, dorte = attendance_of(meeting, "Finn Frost"), attendance_of(meeting, "Dorte Dahl")
    assert "Indkald en suppleant" in text(as_secretary.get(url("attendance", meeting)))

    response = as_secretary.post(url("substitute_call", meeting),
                                 {"absent": finn.pk, "substitute": dorte.membership_id}, follow=True)

    assert "Dorte Dahl er indkaldt for Finn Frost." in text(response)
    dorte.refresh_from_db()
    assert dorte.stands_in_for == finn and dorte.status == AttendanceStatus.INVITED
    assert OutboxMessage.objects.filter(person=dorte.person, kind="meetings.substitute_invitation").exists()


def test_calling_a_substitute_with_bad_input_shows_danish_errors(as_secretary, council, meeting, invited):
    set_rules(council, substitute_mode="pool")
    services.afbud_register(attendance=attendance_of(meeting, "Finn Frost"))
    finn = attendance_of(meeting, "Finn Frost")

    response = as_secretary.post(url("substitute_call", meeting), {"absent": finn.pk, "substitute": ""})

    assert response.status_code == 400
    page = text(response)
    assert "Vælg en suppleant." in page
    assert f'<option value="{finn.pk}" selected>Finn Frost</option>' in page  # the choice is kept


def test_members_cannot_record_or_call(as_anna, meeting, invited):
    assert as_anna.post(url("attendance_record", meeting), {}).status_code == 403
    assert as_anna.post(url("substitute_call", meeting), {}).status_code == 403


@pytest.mark.parametrize("name", ["attendance", "my_attendance", "attendance_record", "substitute_call"])
def test_another_councils_meeting_is_not_found(as_secretary, council, other_council, name):
    theirs = make_meeting(other_council)
    path = reverse(f"meetings:{name}", args=[council.slug, theirs.pk])
    response = as_secretary.post(path, {}) if name in ("attendance_record", "substitute_call") \
        else as_secretary.get(path)
    assert response.status_code == 404


def test_anonymous_users_are_sent_to_login(client, meeting):
    response = client.get(url("attendance", meeting))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_before_invitations_the_page_says_so(as_secretary, meeting):
    assert "Der er ikke sendt indkaldelser endnu." in text(as_secretary.get(url("attendance", meeting)))


# --- Query counts -------------------------------------------------------------------------------------

def grow(council, meeting, add_member, n, start):
    from meetings.models import Attendance as A

    for i in range(start, start + n):
        member = add_member(council, f"Medlem{i} Test", email=f"m{i}@example.org")
        add_member(council, f"Suppleant{i} Test", role="substitute", substitute_for=member, email=f"s{i}@example.org")
    services.invitations_send(meeting=meeting, actor=None)
    for a in A.objects.filter(meeting=meeting, person__name__startswith="Medlem")[: n // 2]:
        services.afbud_register(attendance=a, note="Kan ikke")


def queries(client, path) -> CaptureQueriesContext:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return ctx


@pytest.mark.parametrize("who", ["secretary", "member"])
def test_attendance_page_queries_are_constant(client, council, meeting, invited, add_member, secretary, anna_user,
                                              who):
    client.force_login(secretary if who == "secretary" else anna_user)
    grow(council, meeting, add_member, 2, 0)
    small = queries(client, url("attendance", meeting))
    grow(council, meeting, add_member, 20, 100)
    large = queries(client, url("attendance", meeting))

    assert len(large) == len(small), "\n".join(q["sql"] for q in large.captured_queries)


def test_the_afbud_link_is_rate_limited_per_address(client, meeting, invited, settings):
    """Someone trying tokens or sending afbud for many links from one address is stopped; the
    refused attendance is unchanged and the page says so in Danish (core.ratelimit)."""
    settings.STEMME_RATE_LIMITS = {"meetings.afbud": "1/h"}
    finn, anna = attendance_of(meeting, "Finn Frost"), attendance_of(meeting, "Anna Andersen")
    assert client.post(link(finn), {"note": ""}, REMOTE_ADDR="192.0.2.5").status_code == 302

    response = client.post(link(anna), {"note": "Syg"}, REMOTE_ADDR="192.0.2.5")

    assert response.status_code == 429
    assert "Der er sendt mange henvendelser herfra" in text(response) and "Syg" in text(response)
    assert attendance_of(meeting, "Anna Andersen").status == AttendanceStatus.INVITED
    assert client.post(link(anna), {"note": ""}, REMOTE_ADDR="192.0.2.6").status_code == 302
