"""A change of the rules of procedure offers to apply itself to meetings already called: for
each meeting ahead with its agenda sent, the difference under the rules in force on that
meeting's day (who would now be invited, who would no longer be called), a page that shows it
and applies it per meeting – the newly invited get the ordinary invitation with their afbud
link, the others are set to not called and told why – audited; and the council's rules page
links to it while there are such meetings."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.errors import ApplicationError
from core.models import AuditEvent
from councils import services as council_services
from meetings.models import AttendanceStatus
from meetings.selectors.attendance import rules_changes_pending
from meetings.services import attendance as services
from meetings.tests.attendance_builders import ITEMS, attendance_of, begin, make_meeting, set_rules
from notifications.models import OutboxMessage

# The council with the attendance rules (see conftest.py).
pytestmark = pytest.mark.attendance_rules


def page_url(council) -> str:
    return reverse("meetings:rules_apply", args=[council.slug])


def apply_url(meeting) -> str:
    return reverse("meetings:rules_apply_meeting", args=[meeting.council.slug, meeting.pk])


def text(response) -> str:
    return response.content.decode()


def names(changes) -> list[str]:
    return sorted(c.attendance.person.name for c in changes)


def kinds(meeting, name) -> list[str]:
    return list(OutboxMessage.objects.filter(meeting=meeting, person__name=name).order_by("id")
                .values_list("kind", flat=True))


@pytest.fixture
def sec(client, secretary):
    client.force_login(secretary)
    return client


def called(meeting, secretary):
    """Publish the agenda of ``meeting``, which sends the invitations (items added if it has none)."""
    from meetings.services import agenda as agenda_services

    if not meeting.items.exists():
        for title in ITEMS[:2]:
            agenda_services.item_create(meeting=meeting, title=title)
    agenda_services.agenda_publish(meeting=meeting, actor=secretary)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def sent(meeting, secretary):
    """The meeting with its agenda sent under the council's rules (substitutes when needed)."""
    return called(meeting, secretary)


# --- The difference ----------------------------------------------------------------------------------

def test_substitutes_now_attending_always_would_be_invited(council, meeting, sent):
    assert rules_changes_pending(council=council) == []

    set_rules(council, substitute_attendance="always")

    [diff] = rules_changes_pending(council=council)
    assert diff.meeting == meeting and diff.rules.substitute_attendance == "always"
    assert names(diff.invite) == ["Bent Berg", "Dorte Dahl"]
    assert not diff.uncall and not diff.stand_in and not diff.release


def test_substitutes_attending_only_when_needed_are_no_longer_called_unless_they_stand_in(council, meeting,
                                                                                          secretary):
    set_rules(council, substitute_attendance="always")
    called(meeting, secretary)
    services.afbud_register(attendance=attendance_of(meeting, "Anna Andersen"))  # Bent stands in for Anna

    set_rules(council, substitute_attendance="when_needed")

    [diff] = rules_changes_pending(council=council)
    assert names(diff.uncall) == ["Dorte Dahl"] and not diff.invite


def test_the_rules_of_each_meetings_own_day_decide(council, secretary, meeting, sent):
    later = called(make_meeting(council, day=timezone.localdate() + dt.timedelta(days=90)), secretary)
    council_services.rules_update(council=council, actor=secretary, substitute_attendance="always",
                                  valid_from=timezone.localdate() + dt.timedelta(days=60))

    assert [d.meeting for d in rules_changes_pending(council=council)] == [later]


def test_pool_to_personal_releases_a_stand_in_for_another_member(council, meeting, secretary):
    set_rules(council, substitute_mode="pool")
    called(meeting, secretary)
    services.afbud_register(attendance=attendance_of(meeting, "Finn Frost"))  # no substitute of his own
    services.substitute_call(absent=attendance_of(meeting, "Finn Frost"),
                             substitute=attendance_of(meeting, "Dorte Dahl").membership, actor=secretary)

    set_rules(council, substitute_mode="personal")

    [diff] = rules_changes_pending(council=council)
    assert names(diff.uncall) == ["Dorte Dahl"] and diff.uncall[0].stands_in_for.person.name == "Finn Frost"


def test_pool_to_personal_when_all_attend_moves_the_vote_to_the_own_substitute(council, meeting, secretary):
    set_rules(council, substitute_mode="pool", substitute_attendance="always")
    called(meeting, secretary)
    # Bent, Anna's own substitute, cannot come when Anna sends afbud; Dorte from the pool stands in.
    services.afbud_register(attendance=attendance_of(meeting, "Bent Berg"))
    services.afbud_register(attendance=attendance_of(meeting, "Anna Andersen"))
    services.substitute_call(absent=attendance_of(meeting, "Anna Andersen"),
                             substitute=attendance_of(meeting, "Dorte Dahl").membership, actor=secretary)
    services.afbud_withdraw(attendance=attendance_of(meeting, "Bent Berg"))  # Bent can come after all

    set_rules(council, substitute_mode="personal", substitute_attendance="always")

    [diff] = rules_changes_pending(council=council)
    assert names(diff.release) == ["Dorte Dahl"] and names(diff.stand_in) == ["Bent Berg"]
    assert diff.stand_in[0].stands_in_for.person.name == "Anna Andersen"


def test_meetings_not_sent_begun_or_past_are_left_alone(council, secretary, meeting, roster):
    make_meeting(council, day=timezone.localdate() + dt.timedelta(days=40))  # planned, agenda not sent
    started = called(make_meeting(council, day=timezone.localdate() + dt.timedelta(days=50)), secretary)
    begin(started)

    set_rules(council, substitute_attendance="always")

    assert rules_changes_pending(council=council) == []
    with pytest.raises(ApplicationError, match="Mødet er begyndt"):
        services.rules_apply(meeting=started, actor=secretary)


# --- Applying ----------------------------------------------------------------------------------------

def test_applying_invites_the_newly_called_through_the_outbox(council, meeting, sent, secretary):
    set_rules(council, substitute_attendance="always")

    services.rules_apply(meeting=meeting, actor=secretary, base_url="http://testserver")

    for name, channel in (("Bent Berg", "email"), ("Dorte Dahl", "letter")):
        attendance = attendance_of(meeting, name)
        assert attendance.status == AttendanceStatus.INVITED and attendance.invited_at is not None
        [message] = OutboxMessage.objects.filter(meeting=meeting, person=attendance.person)
        assert (message.kind, message.channel) == ("meetings.invitation", channel)
        assert message.subject.startswith("Indkaldelse: Udsatterådet Nordby")
        if channel == "email":  # (a letter tells how to reach the secretariat: no link to tap on paper)
            assert "Læs dagsordenen, og svar, om du kommer:\nhttp://testserver/l/" in message.body
            assert "http://testserver/afbud/" in message.body
    event = AuditEvent.objects.get(action="meetings.rules.applied")
    assert event.actor == secretary and event.object_id == str(meeting.pk)
    assert sorted(event.after["invited"]) == sorted([attendance_of(meeting, n).person_id
                                                     for n in ("Bent Berg", "Dorte Dahl")])
    assert rules_changes_pending(council=council) == []
    with pytest.raises(ApplicationError, match="følger allerede forretningsordenen"):
        services.rules_apply(meeting=meeting, actor=secretary)


def test_applying_tells_those_no_longer_called_why(council, meeting, secretary):
    set_rules(council, substitute_attendance="always")
    called(meeting, secretary)
    services.afbud_register(attendance=attendance_of(meeting, "Anna Andersen"))
    set_rules(council, substitute_attendance="when_needed")
    before = kinds(meeting, "Bent Berg")

    services.rules_apply(meeting=meeting, actor=secretary)

    dorte = attendance_of(meeting, "Dorte Dahl")
    assert (dorte.status, dorte.invited_at, dorte.stands_in_for) == (AttendanceStatus.NOT_CALLED, None, None)
    message = OutboxMessage.objects.filter(meeting=meeting, person=dorte.person).order_by("id").last()
    assert message.kind == "meetings.rules_changed" and message.channel == "letter"
    assert message.subject.startswith("Du er ikke længere indkaldt: Udsatterådet Nordby")
    assert "Du er derfor ikke længere indkaldt til mødet, og du skal ikke komme." in message.body
    assert attendance_of(meeting, "Bent Berg").status == AttendanceStatus.INVITED  # stands in for Anna
    assert kinds(meeting, "Bent Berg") == before  # nothing new for him


def test_applying_moves_the_vote_and_tells_both(council, meeting, secretary):
    test_pool_to_personal_when_all_attend_moves_the_vote_to_the_own_substitute(council, meeting, secretary)

    services.rules_apply(meeting=meeting, actor=secretary)

    anna = attendance_of(meeting, "Anna Andersen")
    assert attendance_of(meeting, "Bent Berg").stands_in_for == anna
    assert attendance_of(meeting, "Dorte Dahl").stands_in_for is None
    assert kinds(meeting, "Bent Berg")[-1] == "meetings.stand_in"
    released = OutboxMessage.objects.filter(meeting=meeting, person__name="Dorte Dahl").order_by("id").last()
    assert released.kind == "meetings.rules_changed"
    assert "Efter de nye regler kan du ikke længere møde i stedet for Anna Andersen." in released.body


# --- The pages ------------------------------------------------------------------------------------------

def test_the_rules_page_links_to_the_page_that_shows_and_applies_the_change(sec, council, meeting, sent):
    rules_page = reverse("councils:rules", args=[council.slug])
    assert "Se ændringerne, og anvend dem" not in text(sec.get(rules_page))

    set_rules(council, substitute_attendance="always")

    page = text(sec.get(rules_page))
    assert "Forretningsordenen ændrer, hvem der er indkaldt til 1 møde, hvor dagsordenen allerede er sendt." in page
    assert f'href="{page_url(council)}"' in page

    response = sec.get(page_url(council))
    page = text(response)
    assert "Indkaldes nu" in page and "Bent Berg" in page and "Dorte Dahl" in page
    assert "Inviteres til alle møder (stemmer kun i stedet for sit medlem)." in page  # the rules of that day

    done = sec.post(apply_url(meeting), follow=True)

    page = text(done)
    assert "Forretningsordenen er anvendt på mødet" in page and "2 indkaldt, 0 ikke længere indkaldt" in page
    assert "Alle indkaldte møder følger forretningsordenen. Der er intet at ændre." in page
    assert "Se ændringerne, og anvend dem" not in text(sec.get(rules_page))


def test_saving_new_rules_in_the_councils_form_leads_to_the_link(sec, council, meeting, sent):
    from councils.tests.test_views import rules_data

    data = rules_data(council, substitute_attendance="always")
    data["valid_from"] = "2026-01-01"
    response = sec.post(reverse("councils:rules_edit", args=[council.slug]), data, follow=True)

    assert f'href="{page_url(council)}"' in text(response)


def test_applying_twice_shows_a_clear_message(sec, council, meeting, sent):
    response = sec.post(apply_url(meeting), follow=True)
    assert "Indkaldelserne til mødet følger allerede forretningsordenen." in text(response)


def test_members_neither_see_nor_apply(client, anna_user, council, meeting, sent):
    set_rules(council, substitute_attendance="always")
    client.force_login(anna_user)

    assert client.get(page_url(council)).status_code == 403
    assert client.post(apply_url(meeting)).status_code == 403
    assert "Se ændringerne, og anvend dem" not in text(client.get(reverse("councils:rules", args=[council.slug])))
    assert attendance_of(meeting, "Bent Berg").status == AttendanceStatus.NOT_CALLED


def test_another_councils_meeting_is_not_found(sec, other_council, roster):
    theirs = make_meeting(other_council)
    assert sec.post(reverse("meetings:rules_apply_meeting", args=["nordby", theirs.pk])).status_code == 404


def test_the_page_costs_the_same_number_of_queries_with_more_people(sec, council, add_member, meeting, sent):
    set_rules(council, substitute_attendance="always")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert sec.get(page_url(council)).status_code == 200
        return len(ctx.captured_queries)

    def grow(n, start):
        for i in range(start, start + n):
            member = add_member(council, f"Medlem{i} Test", email=f"m{i}@example.org")
            add_member(council, f"Suppleant{i} Test", role="substitute", substitute_for=member,
                       email=f"s{i}@example.org")
        services.invitations_send(meeting=meeting, actor=None)

    grow(2, 0)
    small = count()
    grow(15, 100)
    assert count() == small
