"""The audit log for people: the council's log page (filters, Danish sentences, masking, tenancy,
query budget), the history pages of minutes, consultations and people, and the login events
written from Django's and axes' signals (a real login, a failed one, a lockout, a logout)."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import auditlog
from core.audit import audit
from core.models import AuditEvent
from councils import services as council_services
from hearings.services import consultations as hearing_services
from meetings.services import minutes as minutes_services
from meetings.services import plan as plan_services

pytestmark = pytest.mark.django_db

RIGHT = "korrekt-hest-batteri"


def html(response) -> str:
    return response.content.decode()


def client_for(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def world(make_council, make_user, add_member):
    class World:
        pass

    w = World()
    w.secretary = make_user("carina@kommune.dk", name="Carina Sekretær")
    w.council = make_council("udsatteraadet", secretary=w.secretary, name="Udsatterådet i Albertslund")
    w.member_user = make_user("mads@example.org", name="Mads Lund")
    w.mads = add_member(w.council, "Mads Lund", user=w.member_user, email="mads@example.org")
    w.chair_user = make_user("bente@example.org", name="Bente Formand")
    w.bente = add_member(w.council, "Bente Formand", user=w.chair_user, email="bente@example.org")
    council_services.position_assign(council=w.council, person=w.bente.person, kind="chair",
                                     start=dt.date(2026, 2, 1), actor=w.secretary)
    w.ole = add_member(w.council, "Ole Olsen", email="ole@example.org")
    w.other_secretary = make_user("tove@kommune.dk", name="Tove Tredje")
    w.other = make_council("tredjeraad", secretary=w.other_secretary, name="Udsatterådet i Tredjeby")
    w.stranger = add_member(w.other, "Sigurd Fremmed", email="sigurd@example.org")
    w.log_url = f"/{w.council.slug}/intern/persondata/log/"
    return w


def _entries(page: str) -> list[str]:
    return re.findall(r'data-testid="history-entry" data-action="([^"]+)"', page)


def _listing(page: str) -> str:
    """The list of entries only (not the filter's choices)."""
    found = re.search(r'<ol class="nobullet-list stemme-history" data-testid="history">.*?</ol>', page, re.S)
    return found.group(0) if found else ""


# --- The council's log -----------------------------------------------------------------------------

def test_the_log_shows_the_councils_events_newest_first_in_danish(world):
    sec = client_for(world.secretary)
    council_services.person_save(council=world.council, instance=world.ole.person, name="Ole Olsen",
                                 email="ole.olsen@example.org", actor=world.secretary)
    page = html(sec.get(world.log_url))
    actions = _entries(page)
    assert actions[0] == "councils.person.saved"  # the newest first
    assert "councils.membership.created" in actions
    assert "Carina Sekretær (sekretariatet)</strong> gemte personens oplysninger" in page
    assert "Person: Ole Olsen" in page
    # the changed e-mail with before and after
    assert "<del>ole@example.org</del>" in page and "<ins>ole.olsen@example.org</ins>" in page
    # another council's events never
    assert "Sigurd Fremmed" not in page
    assert not AuditEvent.objects.filter(council=world.other).filter(
        pk__in=[int(pk) for pk in re.findall(r'data-event="(\d+)"', page)]).exists()


def test_the_log_is_for_the_secretariat_only(world):
    assert client_for(world.member_user).get(world.log_url).status_code == 403
    assert client_for(world.chair_user).get(world.log_url).status_code == 403
    assert client_for(world.other_secretary).get(world.log_url).status_code == 403
    assert Client().get(world.log_url).status_code == 302
    assert client_for(world.secretary).get(world.log_url).status_code == 200


def test_the_nav_has_log_for_the_secretariat_only(world):
    link = f'href="{world.log_url}"'
    assert link in html(client_for(world.secretary).get(f"/{world.council.slug}/intern/bibliotek/"))
    assert link not in html(client_for(world.member_user).get(f"/{world.council.slug}/intern/bibliotek/"))


def test_filter_by_person_shows_what_they_did_and_what_was_done_about_them(world):
    council_services.membership_update(membership=world.ole, actor=world.secretary,
                                       appointment_reference="Ny reference")
    council_services.person_save(council=world.council, instance=world.mads.person, name="Mads Lund",
                                 email="mads@example.org", phone="12345678", actor=world.member_user)
    sec = client_for(world.secretary)
    page = html(sec.get(world.log_url, {"person": f"p{world.ole.person.pk}"}))
    actions = _entries(page)
    assert "councils.membership.updated" in actions and "councils.membership.created" in actions
    assert "Mads Lund" not in _listing(page)
    # Mads: his own save (as actor) and the events on his person and membership
    page = html(sec.get(world.log_url, {"person": f"p{world.mads.person.pk}"}))
    assert "Mads Lund</strong> gemte personens oplysninger" in page
    assert "Ole Olsen" not in _listing(page)
    # the secretariat's own user (no person) is a choice too
    page = html(sec.get(world.log_url, {"person": f"u{world.secretary.pk}"}))
    assert set(_entries(page)) and "Mads Lund</strong>" not in page


def test_filter_by_kind_and_dates(world):
    consultation = hearing_services.consultation_create(
        council=world.council, title="Høring om hjemløsestrategi", received_on=dt.date(2026, 3, 1),
        deadline=dt.date(2026, 4, 1), sender="Socialforvaltningen", actor=world.secretary)
    old = AuditEvent.objects.get(action="hearings.consultation.created", object_id=str(consultation.pk))
    AuditEvent.objects.filter(pk=old.pk).update(created_at=timezone.make_aware(dt.datetime(2026, 3, 2, 10)))
    sec = client_for(world.secretary)

    page = html(sec.get(world.log_url, {"type": "hearings.consultation"}))
    assert _entries(page) == ["hearings.consultation.created"]
    assert "1 hændelse fundet" in page
    assert '<option value="hearings.consultation" selected>Høringer</option>' in page

    page = html(sec.get(world.log_url, {"fra": "2026-03-01", "til": "2026-03-03"}))
    assert _entries(page) == ["hearings.consultation.created"]
    page = html(sec.get(world.log_url, {"fra": "2026-03-03"}))
    assert "hearings.consultation.created" not in _entries(page) and _entries(page)

    response = sec.get(world.log_url, {"fra": "2026-03-05", "til": "2026-03-01"})
    assert response.status_code == 200
    assert "Slutdatoen ligger før startdatoen." in html(response)
    assert "hearings.consultation.created" in _entries(html(response))  # shown unfiltered, nothing lost


def test_sensitive_values_are_never_shown(world):
    council_services.person_save(council=world.council, instance=world.ole.person, name="Ole Olsen",
                                 email="ole@example.org", lived_experience=True, actor=world.secretary)
    event = AuditEvent.objects.filter(action="councils.person.saved").latest("id")
    assert event.after["lived_experience"] == "***"  # masked when written
    # Something written with values it should never have had (an older event, another writer):
    audit(action="councils.person.saved", actor=world.secretary, council=world.council, obj=world.ole.person,
          before={"lived_experience": False, "api_token": "gammel-hemmelighed", "note": "kort"},
          after={"lived_experience": True, "api_token": "ny-hemmelighed-42",
                 "note": "Borgeren har CPR 010190-1234 og en lang tekst om sin situation i kommunen."})
    page = html(client_for(world.secretary).get(world.log_url))
    assert "hemmelighed" not in page
    assert "010190-1234" not in page and "0101901234" not in page
    assert "******-****" in page  # the note is shown, the number is not
    keys = re.findall(r'data-testid="change" data-key="([^"]+)"><span data-testid="masked">', page)
    assert "lived_experience" in keys and "api_token" in keys
    lived = re.search(r'data-key="lived_experience">(.*?)</dd>', page, re.S).group(1)
    assert "ja" not in lived and "True" not in lived and "nej" not in lived


def test_long_texts_are_shown_as_a_diff(world):
    meeting = _held_meeting(world)
    minutes_services.minutes_intro_save(meeting=meeting,
                                        text="Formanden bød velkommen til de fremmødte og gennemgik dagsordenen kort.",
                                        actor=world.secretary)
    minutes_services.minutes_intro_save(
        meeting=meeting, text="Formanden bød velkommen til de fremmødte og gæsten og gennemgik dagsordenen kort.",
        actor=world.chair_user)
    page = html(client_for(world.secretary).get(world.log_url, {"type": "meetings.meeting"}))
    assert "Bente Formand</strong> skrev referatets indledning" in page
    assert re.search(r'<ins><span class="sr-only">Tilføjet: </span>[^<]*gæsten[^<]*</ins>', page)
    assert "<del>Formanden bød velkommen" not in page  # a word diff, not the whole line out and in


def test_the_query_count_does_not_grow_with_the_events(world, django_assert_max_num_queries):
    def write(n):
        for i in range(n):
            council_services.membership_update(membership=world.ole, actor=world.secretary,
                                       appointment_reference=f"Ref {i}")
            council_services.person_save(council=world.council, instance=world.ole.person, name="Ole Olsen",
                                         email=f"ole{i}@example.org", actor=world.secretary)
    sec = client_for(world.secretary)
    write(2)
    with CaptureQueriesContext(connection) as few:
        assert sec.get(world.log_url).status_code == 200
    write(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = html(sec.get(world.log_url, {"side": 1}))
    assert len(_entries(page)) == 25  # a full page, and a pager to the older ones
    assert "Side 1 af" in page and "Ældre" in page


def test_the_log_in_english(world):
    council_services.person_save(council=world.council, instance=world.ole.person, name="Ole Olsen",
                                 email="ole.olsen@example.org", actor=world.secretary)
    sec = client_for(world.secretary)
    sec.cookies["django_language"] = "en"
    page = html(sec.get(world.log_url))
    assert "Carina Sekretær (secretariat)</strong> saved the person&#x27;s details" in page
    assert "created a membership" in page and "Show the change (1 field)" in page
    assert "gemte personens" not in page and "Vis ændringen" not in page


# --- History pages ----------------------------------------------------------------------------------

def _held_meeting(world):
    start = timezone.make_aware(dt.datetime(2026, 3, 3, 16))
    meeting = plan_services.meeting_create(council=world.council, kind="ordinary", starts_at=start,
                                              ends_at=start + dt.timedelta(hours=2), actor=world.secretary)
    return minutes_services.meeting_mark_held(meeting=meeting, actor=world.secretary)


def test_minutes_history(world):
    meeting = _held_meeting(world)
    other_meeting = _held_meeting(world)
    minutes_services.minutes_intro_save(meeting=meeting, text="Formanden bød velkommen.", actor=world.chair_user)
    minutes_services.minutes_intro_save(meeting=other_meeting, text="Et andet møde.", actor=world.secretary)
    url = f"/{world.council.slug}/intern/persondata/historik/moeder/{meeting.pk}/"
    page = html(client_for(world.chair_user).get(url))
    actions = _entries(page)
    assert actions == ["meetings.minutes.intro_saved", "meetings.meeting.held"]
    assert "Bente Formand</strong> skrev referatets indledning" in page
    assert "Et andet møde" not in page
    # the minutes page links to it
    minutes_page = html(client_for(world.chair_user).get(f"/{world.council.slug}/intern/moeder/{meeting.pk}/referat/"))
    assert f'href="{url}"' in minutes_page
    assert client_for(world.member_user).get(url).status_code == 403
    assert client_for(world.other_secretary).get(url).status_code == 403
    other_url = f"/{world.other.slug}/intern/persondata/historik/moeder/{meeting.pk}/"
    assert client_for(world.other_secretary).get(other_url).status_code == 404


def test_a_history_page_keeps_its_query_count_as_events_grow(world, django_assert_max_num_queries):
    meeting = _held_meeting(world)
    url = f"/{world.council.slug}/intern/persondata/historik/moeder/{meeting.pk}/"
    chair = client_for(world.chair_user)
    minutes_services.minutes_intro_save(meeting=meeting, text="Første udgave.", actor=world.secretary)
    with CaptureQueriesContext(connection) as few:
        assert chair.get(url).status_code == 200
    for i in range(15):
        minutes_services.minutes_intro_save(meeting=meeting, text=f"Udgave {i}.", actor=world.chair_user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = html(chair.get(url))
    assert len(_entries(page)) == 17


def test_consultation_history(world):
    consultation = hearing_services.consultation_create(
        council=world.council, title="Høring om hjemløsestrategi", received_on=dt.date(2026, 3, 1),
        deadline=dt.date(2026, 4, 1), summary="Kort.", sender="Socialforvaltningen",
        actor=world.secretary)
    hearing_services.consultation_update(consultation=consultation, council=world.council, actor=world.secretary,
                                         title="Høring om den nye hjemløsestrategi")
    url = f"/{world.council.slug}/intern/persondata/historik/hoeringer/{consultation.pk}/"
    page = html(client_for(world.secretary).get(url))
    assert _entries(page) == ["hearings.consultation.updated", "hearings.consultation.created"]
    assert "<del>Høring om hjemløsestrategi</del>" in page
    assert "<ins>Høring om den nye hjemløsestrategi</ins>" in page
    detail = html(client_for(world.chair_user).get(f"/{world.council.slug}/intern/hoeringer/{consultation.pk}/"))
    assert f'href="{url}"' in detail
    # a member sees the consultation, not its history (history.view: the formandskab)
    detail = html(client_for(world.member_user).get(f"/{world.council.slug}/intern/hoeringer/{consultation.pk}/"))
    assert f'href="{url}"' not in detail
    assert client_for(world.member_user).get(url).status_code == 403


def test_person_history_with_memberships_masks_lived_experience(world):
    council_services.membership_update(membership=world.ole, actor=world.secretary,
                                       appointment_reference="Valgt af foreningen")
    council_services.person_save(council=world.council, instance=world.ole.person, name="Ole Olsen",
                                 email="ole@example.org", lived_experience=True, actor=world.secretary)
    council_services.membership_update(membership=world.mads, actor=world.secretary, appointment_reference="Ikke Oles")
    url = f"/{world.council.slug}/intern/persondata/historik/personer/{world.ole.person.pk}/"
    page = html(client_for(world.secretary).get(url))
    actions = _entries(page)
    assert actions[:2] == ["councils.person.saved", "councils.membership.updated"]
    assert "councils.membership.created" in actions
    assert "Ikke Oles" not in page
    assert "<ins>Valgt af foreningen</ins>" in page
    # Written masked on both sides, a change of lived experience is not even told as a change: on a
    # yes/no field that it changed would tell the new value.
    assert not re.search(r'data-key="lived_experience">(?!<span data-testid="masked">)', page)
    # The secretariat's own notes: shown to the secretariat, masked for the chair (roster.view, not manage).
    council_services.person_save(council=world.council, instance=world.ole.person, name="Ole Olsen",
                                 email="ole@example.org", notes="Har bedt om at blive ringet op.",
                                 actor=world.secretary)
    assert "Har bedt om at blive ringet op." in html(client_for(world.secretary).get(url))
    chair_page = html(client_for(world.chair_user).get(url))
    assert "Har bedt om at blive ringet op." not in chair_page
    assert 'data-key="notes"><span data-testid="masked">' in chair_page
    person_page = html(client_for(world.secretary).get(f"/{world.council.slug}/intern/personer/{world.ole.person.pk}/"))
    assert f'href="{url}"' in person_page
    assert client_for(world.member_user).get(url).status_code == 403


# --- Logins -----------------------------------------------------------------------------------------

def test_logins_failed_logins_lockouts_and_logouts_are_audited(world, settings):
    browser = Client()
    response = browser.post("/konto/log-ind/", {"username": "mads@example.org", "password": RIGHT})
    assert "_auth_user_id" in browser.session, response.status_code
    login = AuditEvent.objects.get(action="accounts.login")
    assert login.actor == world.member_user and login.council is None and login.after == {"method": "password"}

    browser.post("/konto/log-ud/")
    assert AuditEvent.objects.get(action="accounts.logout").actor == world.member_user

    for attempt in range(settings.AXES_FAILURE_LIMIT):
        Client().post("/konto/log-ind/", {"username": "Mads@Example.org ", "password": f"Hemmelig-{attempt}"},
                      REMOTE_ADDR="10.1.2.3")
    failed = AuditEvent.objects.filter(action="accounts.login_failed").order_by("id")
    assert failed.count() == settings.AXES_FAILURE_LIMIT
    first = failed.first()
    assert first.actor is None and first.object_type == "accounts.user" and first.object_id == str(world.member_user.pk)
    assert first.after["address"] == "ma***@example.org"
    assert len({e.after["address_digest"] for e in failed}) == 1
    locked = AuditEvent.objects.get(action="accounts.locked_out")
    assert locked.object_id == str(world.member_user.pk)
    # Neither the passwords tried nor the full address are anywhere in the log.
    stored = json.dumps(list(AuditEvent.objects.filter(action__startswith="accounts.").values("before", "after")))
    assert "Hemmelig" not in stored and RIGHT not in stored and "mads@example.org" not in stored

    # an address that is nobody's: masked too, no object
    Client().post("/konto/log-ind/", {"username": "ukendt@example.org", "password": "x"}, REMOTE_ADDR="10.9.9.9")
    unknown = AuditEvent.objects.filter(action="accounts.login_failed").latest("id")
    assert unknown.object_type == "" and unknown.after["address"] == "uk***@example.org"

    # The council's log shows its member's logins; the other council's does not.
    page = html(client_for(world.secretary).get(world.log_url, {"person": f"p{world.mads.person.pk}"}))
    assert "Mads Lund</strong> loggede ind" in page and "med adgangskode" in page
    assert "Nogen</strong> forsøgte at logge ind uden held" in page and "ma***@example.org" in page
    assert "blev spærret efter for mange forsøg" in page
    page = html(client_for(world.other_secretary).get(f"/{world.other.slug}/intern/persondata/log/"))
    assert "Mads Lund</strong> loggede ind" not in page and "ma***@example.org" not in page


def test_the_platform_log_is_for_the_platform_admin(world, make_user):
    admin = make_user("admin@stemme.example", superuser=True)
    Client().post("/konto/log-ind/", {"username": "ukendt@example.org", "password": "x"}, REMOTE_ADDR="10.9.9.8")
    url = f"/{world.council.slug}/intern/persondata/log/platform/"
    page = html(client_for(admin).get(url))
    assert "uk***@example.org" in page and "Platformens log over log-ind" in page
    assert "accounts.login" not in _entries(page)  # force_login is no person logging in
    assert client_for(world.secretary).get(url).status_code == 403


# --- Labels -------------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def test_every_action_written_has_a_danish_phrase():
    codes = set()
    for path in ROOT.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or "node_modules" in path.parts:
            continue
        codes |= set(re.findall(r'action="([a-z_]+\.[a-z_.]+)"', path.read_text(encoding="utf-8")))
    assert len(codes) > 100
    missing = sorted(code for code in codes if not auditlog.has_label(code))
    assert missing == []
    for code in ("privacy.export", "privacy.erasure", "accounts.login", "accounts.login_failed",
                 "accounts.locked_out", "accounts.logout"):
        assert code in auditlog.ACTION_PHRASES
    # codes made from a key have a phrase by their beginning; a code with no known verb stays raw
    retention = auditlog.action_phrase("privacy.retention.outbox_bodies")
    assert retention == "slettede oplysninger efter reglerne for opbevaring"
    assert auditlog.action_phrase("nothing.known.frobnicated") == "nothing.known.frobnicated"


def test_recorded_dates_times_and_choices_read_in_the_sites_formats():
    """The audit stores dates as ISO text and choices as their codes; the log shows neither."""
    event = AuditEvent(action="meetings.meeting.held", object_type="meetings.meeting",
                       before={"status": "planned", "held_at": None},
                       after={"status": "held", "held_at": "2026-12-06 12:49:56.183636+00:00"})

    changes = {change.key: change for change in auditlog.changes_of(event)}

    assert changes["held_at"].after == "6. december 2026 kl. 13.49"  # local time (Copenhagen)
    assert changes["status"].after == "Afholdt – referat i kladde"
    assert "2026-12-06" not in changes["held_at"].after


def test_a_date_under_a_key_of_the_services_own_reads_as_a_date():
    event = AuditEvent(action="privacy.retention.citizen_messages", object_type="",
                       before={"cutoff": "2025-12-05", "rows": 0}, after={"cutoff": "2025-12-06", "rows": 3})
    changes = {change.key: change for change in auditlog.changes_of(event)}
    assert changes["cutoff"].after == "6. december 2025" and changes["rows"].after == "3"
