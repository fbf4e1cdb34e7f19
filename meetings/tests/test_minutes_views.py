"""The minutes pages through the Django test client: the editor and its forms (content, bad
input kept with a clear Danish message, the edit conflict), htmx attendance and quorum,
written approval by a member, publishing, downloads, tenancy and query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import ActionItem, ConflictOfInterest, MeetingStatus, MinutesApproval, Vote
from meetings.selectors import minutes as minutes_selectors
from meetings.services import agenda as agenda_services
from meetings.services import minutes as services
from meetings.tests.seed import build_meeting, record_attendance, user_for
from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def url(seed, meeting, suffix=""):
    return f"/{seed.council.slug}/intern/moeder/{meeting.pk}/{suffix}"


@pytest.fixture
def held(seed):
    sm = build_meeting(seed)
    record_attendance(seed, sm.meeting)
    return sm


@pytest.fixture
def sec(client, seed):
    client.force_login(seed.secretary)
    return client


# --- The editor ------------------------------------------------------------------------------------

def test_editor_shows_attendance_quorum_and_items(sec, seed, held):
    item = held.items["frikort"]
    services.item_minutes_save(item=item, decision="Rådet prioriterer Facebook.", dissent="", expected_version=0)
    response = sec.get(url(seed, held.meeting, "referat/"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rådet er beslutningsdygtigt" in html
    assert "9 stemmeberettigede er til stede. Der skal mindst være 5" in html
    assert f'data-person="{seed["Ulrik Mose"].pk}" data-status="afbud"' in html
    assert "Tove Ravn" in html and f'value="{seed["Sune Dahl"].pk}" selected>Sune Dahl' in html
    assert "A. Beslutningspunkter" in html and "2.</span> Fokus på socialt frikort" in html
    assert "Rådet prioriterer Facebook.</textarea>" in html
    assert f'name="item{item.pk}-version" value="1"' in html
    # The vote form lists only those with voting right: not Ulrik (afbud) nor Per (substitute, not standing in).
    vote_part = html[html.index(f'id="ballots-{item.pk}"'):]
    vote_part = vote_part[:vote_part.index("Registrér afstemningen")]
    assert "Tove Ravn" in vote_part and "Ulrik Mose" not in vote_part and "Per Skov" not in vote_part
    assert "Registrér mødet som afholdt" in html


def test_editor_access(client, seed, held, make_user):
    editor = url(seed, held.meeting, "referat/")
    response = client.get(editor)
    assert response.status_code == 302 and "/konto/log-ind/" in response["Location"]
    client.force_login(user_for(seed, "Mads Lund", make_user))
    assert client.get(editor).status_code == 403
    client.force_login(user_for(seed, "Jytte Holm", make_user))  # the chair writes minutes too
    assert client.get(editor).status_code == 200


def test_tenancy(client, seed, held, make_council, make_user):
    other_secretary = make_user("anden@kommune.dk")
    other = make_council("andetraad", secretary=other_secretary)
    client.force_login(other_secretary)
    # This council's meeting under the other council's address: not found.
    for suffix in ("referat/", "referat.pdf", "dagsorden.docx", "referat/beslutningsdygtighed/"):
        assert client.get(f"/{other.slug}/intern/moeder/{held.meeting.pk}/{suffix}").status_code == 404
    response = client.post(f"/{other.slug}/intern/moeder/{held.meeting.pk}/referat/punkter/"
                           f"{held.items['frikort'].pk}/", {f"item{held.items['frikort'].pk}-decision": "x"})
    assert response.status_code == 404
    # Under this council's address the other secretary has no role.
    assert client.get(url(seed, held.meeting, "referat/")).status_code == 403
    # An item of another meeting in this meeting's address: not found.
    client.force_login(seed.secretary)
    second = build_meeting(seed, day=dt.date(2026, 6, 3))
    response = client.post(url(seed, held.meeting, f"referat/punkter/{second.items['frikort'].pk}/"),
                           {f"item{second.items['frikort'].pk}-decision": "x",
                            f"item{second.items['frikort'].pk}-version": "0"})
    assert response.status_code == 404
    second.items["frikort"].refresh_from_db()
    assert second.items["frikort"].decision == ""


def test_save_decision_and_the_edit_conflict(sec, seed, held):
    item = held.items["frikort"]
    address = url(seed, held.meeting, f"referat/punkter/{item.pk}/")
    prefix = f"item{item.pk}"
    response = sec.post(address, {f"{prefix}-decision": "Første tekst.", f"{prefix}-dissent": "",
                                  f"{prefix}-version": "0"})
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{item.pk}")
    # A second person saves from the page they opened at version 0.
    response = sec.post(address, {f"{prefix}-decision": "Anden tekst fra en anden.", f"{prefix}-dissent": "",
                                  f"{prefix}-version": "0"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "begge tekster er bevaret" in html
    assert 'data-testid="stored-decision">Første tekst.</p>' in html
    assert 'data-testid="submitted-decision">Anden tekst fra en anden.</p>' in html
    # The user's text is in the field, with the stored version, ready to merge and save again.
    assert "Anden tekst fra en anden.</textarea>" in html
    assert f'name="{prefix}-version" value="1"' in html
    item.refresh_from_db()
    assert item.decision == "Første tekst."
    response = sec.post(address, {f"{prefix}-decision": "Første tekst. Anden tekst fra en anden.",
                                  f"{prefix}-dissent": "", f"{prefix}-version": "1"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.decision == "Første tekst. Anden tekst fra en anden." and item.minutes_version == 2


def test_decision_with_cpr_is_refused_and_kept(sec, seed, held):
    item = held.items["frikort"]
    prefix = f"item{item.pk}"
    response = sec.post(url(seed, held.meeting, f"referat/punkter/{item.pk}/"),
                        {f"{prefix}-decision": "Sagen om 010190-1234 drøftes.", f"{prefix}-dissent": "",
                         f"{prefix}-version": "0"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "CPR-nummer" in html and "Sagen om 010190-1234 drøftes.</textarea>" in html
    item.refresh_from_db()
    assert item.decision == ""


def test_attendance_through_htmx_refreshes_quorum(sec, seed, held):
    address = url(seed, held.meeting, "referat/fremmoede/")
    response = sec.post(address, {"person": seed["Per Skov"].pk, "status": "present", "stands_in_for": ""},
                        HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Trigger"] == "attendanceChanged"
    html = response.content.decode()
    assert 'id="attendance-panel"' in html and "Fremmødet for Per Skov er gemt." in html
    assert "<html" not in html  # a fragment
    # Ulrik (afbud) has Vibeke? No: Per Skov is Janni's substitute and Janni is present, so he cannot stand in.
    response = sec.post(address, {"person": seed["Per Skov"].pk, "status": "present",
                                  "stands_in_for": seed["Janni Friis"].pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "Janni Friis er registreret som til stede" in response.content.decode()
    assert "HX-Trigger" not in response
    # Rasmus sends afbud late: the quorum box and the ballot lists are refreshed.
    sec.post(address, {"person": seed["Rasmus Krog"].pk, "status": "afbud"}, HTTP_HX_REQUEST="true")
    quorum = sec.get(url(seed, held.meeting, "referat/beslutningsdygtighed/"), HTTP_HX_REQUEST="true")
    html = quorum.content.decode()
    assert "8 stemmeberettigede er til stede" in html
    item = held.items["frikort"]
    oob = html[html.index(f'id="ballots-{item.pk}"'):]
    assert 'hx-swap-oob="outerHTML"' in oob[:80] and "Rasmus Krog" not in oob.split("</div>")[0]
    # Without JavaScript: a normal post and a redirect back.
    response = sec.post(address, {"person": seed["Rasmus Krog"].pk, "status": "present"})
    assert response.status_code == 302 and response["Location"].endswith("#attendance")


def test_attendance_bad_input_without_htmx(sec, seed, held):
    response = sec.post(url(seed, held.meeting, "referat/fremmoede/"),
                        {"person": seed["Mads Lund"].pk, "status": ""})
    assert response.status_code == 400
    assert "Vælg til stede, afbud eller fraværende." in response.content.decode()


def test_guest_and_intro(sec, seed, held):
    response = sec.post(url(seed, held.meeting, "referat/gaest/"), {"guest-name": "Lise Agerholm"})
    assert response.status_code == 302
    response = sec.post(url(seed, held.meeting, "referat/gaest/"), {"guest-name": ""})
    assert response.status_code == 400 and "Skriv gæstens navn." in response.content.decode()
    sec.post(url(seed, held.meeting, "referat/indledning/"), {"intro-minutes_intro": "Velkommen til Lisbeth."})
    held.meeting.refresh_from_db()
    assert held.meeting.minutes_intro == "Velkommen til Lisbeth."
    html = sec.get(url(seed, held.meeting, "referat/")).content.decode()
    assert "Lise Agerholm" in html and "Velkommen til Lisbeth.</textarea>" in html


def test_vote_refuses_a_ballot_without_voting_right(sec, seed, held):
    item = held.items["udvalg"]
    p = f"vote{item.pk}"
    data = {f"{p}-question": "Skal vi tale om boliger?", f"{p}-ballot_{seed['Jytte Holm'].pk}": "yes",
            f"{p}-ballot_{seed['Ulrik Mose'].pk}": "yes"}  # Ulrik sent afbud: injected by hand
    response = sec.post(url(seed, held.meeting, f"referat/punkter/{item.pk}/afstemning/"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Disse har ikke stemmeret på mødet: Ulrik Mose." in html
    assert 'value="Skal vi tale om boliger?"' in html  # the input is kept
    assert not Vote.objects.exists()
    del data[f"{p}-ballot_{seed['Ulrik Mose'].pk}"]
    data[f"{p}-ballot_{seed['Mads Lund'].pk}"] = "no"
    data[f"{p}-ballot_{seed['Tove Ravn'].pk}"] = "yes"
    response = sec.post(url(seed, held.meeting, f"referat/punkter/{item.pk}/afstemning/"), data)
    assert response.status_code == 302
    vote = Vote.objects.get(item=item)
    assert (vote.yes, vote.no, vote.carried) == (2, 1, True)
    html = sec.get(url(seed, held.meeting, "referat/")).content.decode()
    assert "Skal vi tale om boliger?</strong>: 2 for, 1 imod, 0 undlod" in html
    sec.post(url(seed, held.meeting, f"referat/punkter/{item.pk}/afstemning/{vote.pk}/slet/"))
    assert not Vote.objects.exists()


def test_conflict_of_interest_form(sec, seed, held):
    item = held.items["beretning"]
    address = url(seed, held.meeting, f"referat/punkter/{item.pk}/inhabilitet/")
    response = sec.post(address, {f"coi{item.pk}-person": "", f"coi{item.pk}-note": "Noget"})
    assert response.status_code == 400 and "Vælg personen, der er inhabil." in response.content.decode()
    response = sec.post(address, {f"coi{item.pk}-person": seed["Helle Bøgh"].pk,
                                  f"coi{item.pk}-note": "Skrev afsnittet."})
    assert response.status_code == 302
    conflict = ConflictOfInterest.objects.get(item=item)
    html = sec.get(url(seed, held.meeting, "referat/")).content.decode()
    assert "Helle Bøgh: Skrev afsnittet." in html
    # Helle is not on the item's ballot list any more.
    ballots = html[html.index(f'id="ballots-{item.pk}"'):]
    assert "Helle Bøgh" not in ballots[:ballots.index("Registrér afstemningen")]
    sec.post(url(seed, held.meeting, f"referat/punkter/{item.pk}/inhabilitet/{conflict.pk}/fjern/"))
    assert not ConflictOfInterest.objects.exists()


def test_action_item_form(sec, seed, held):
    item = held.items["frikort"]
    p = f"act{item.pk}"
    address = url(seed, held.meeting, f"referat/punkter/{item.pk}/opgaver/")
    response = sec.post(address, {f"{p}-title": "Kontakt lokalavisen", f"{p}-due": "2026-05-01"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vælg mindst én tovholder." in html and 'value="Kontakt lokalavisen"' in html
    response = sec.post(address, {f"{p}-title": "Kontakt lokalavisen", f"{p}-due": "2026-03-01",
                                  f"{p}-owners": [seed["Jytte Holm"].pk]})
    assert response.status_code == 400
    assert "Fristen kan ikke ligge før mødet (1. april 2026)." in response.content.decode()
    response = sec.post(address, {f"{p}-title": "Kontakt lokalavisen", f"{p}-due": "2026-05-01",
                                  f"{p}-owners": [seed["Jytte Holm"].pk, seed["Sune Dahl"].pk]})
    assert response.status_code == 302
    action = ActionItem.objects.get(item=item)
    assert set(action.owners.values_list("name", flat=True)) == {"Jytte Holm", "Sune Dahl"}
    response = sec.post(url(seed, held.meeting, f"referat/opgaver/{action.pk}/status/"),
                        {f"as{action.pk}-status": "done", f"as{action.pk}-note": "Artiklen er bragt."})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.status_note == "Artiklen er bragt."


def test_election_form_on_constituting_meeting(sec, seed):
    m = build_meeting(seed, day=dt.date(2026, 9, 2), kind="constituting", with_items=False).meeting
    html = sec.get(url(seed, m, "referat/")).content.decode()
    assert "Valg af formand og næstformand" in html
    response = sec.post(url(seed, m, "referat/valg/"), {"election-chair": seed["Sune Dahl"].pk,
                                                       "election-vice_chair": seed["Sune Dahl"].pk})
    assert response.status_code == 400 and "to forskellige personer" in response.content.decode()
    response = sec.post(url(seed, m, "referat/valg/"), {"election-chair": seed["Sune Dahl"].pk,
                                                       "election-vice_chair": seed["Mads Lund"].pk})
    assert response.status_code == 302
    html = sec.get(url(seed, m, "referat/")).content.decode()
    assert "Formand: <strong>Sune Dahl</strong>" in html
    ordinary = build_meeting(seed, with_items=False).meeting
    assert "Valg af formand" not in sec.get(url(seed, ordinary, "referat/")).content.decode()


# --- Approval and publication ------------------------------------------------------------------------

def test_written_approval_by_members(client, seed, held, make_user):
    mads, ulrik = user_for(seed, "Mads Lund", make_user), user_for(seed, "Ulrik Mose", make_user)
    client.force_login(seed.secretary)
    response = client.post(url(seed, held.meeting, "referat/skriftlig-godkendelse/"), follow=True)
    assert "Mødet skal være registreret som afholdt" in response.content.decode()
    client.post(url(seed, held.meeting, "referat/afholdt/"))
    response = client.post(url(seed, held.meeting, "referat/skriftlig-godkendelse/"), follow=True)
    assert "sendt til skriftlig godkendelse hos 8 medlemmer" in response.content.decode()
    assert OutboxMessage.objects.filter(kind="meetings.minutes_approval").count() == 8

    client.force_login(mads)
    page = client.get(url(seed, held.meeting, "referat/godkend/"))
    html = page.content.decode()
    assert page.status_code == 200 and "Jeg godkender referatet" in html
    assert "Fokus på socialt frikort" in html and "0 af 8 har godkendt" in html
    response = client.post(url(seed, held.meeting, "referat/godkend/"), follow=True)
    assert "Din godkendelse er registreret" in response.content.decode()
    assert MinutesApproval.objects.filter(meeting=held.meeting, person=seed["Mads Lund"]).exists()
    assert "Du har godkendt referatet." in client.get(url(seed, held.meeting, "referat/godkend/")).content.decode()

    client.force_login(ulrik)  # sent afbud: not asked to approve
    html = client.get(url(seed, held.meeting, "referat/godkend/")).content.decode()
    assert "Du var ikke registreret som til stede" in html and "Jeg godkender referatet" not in html
    client.post(url(seed, held.meeting, "referat/godkend/"))
    assert not MinutesApproval.objects.filter(person=seed["Ulrik Mose"]).exists()

    held.meeting.refresh_from_db()
    for person in minutes_selectors.written_approvers(meeting=held.meeting):
        services.minutes_approve_in_writing(meeting=held.meeting, person=person)
    held.meeting.refresh_from_db()
    assert held.meeting.status == MeetingStatus.MINUTES_APPROVED


def test_approve_previous_minutes_at_next_meeting(sec, seed, held):
    services.meeting_mark_held(meeting=held.meeting)
    second = build_meeting(seed, day=dt.date(2026, 6, 3))
    html = sec.get(url(seed, second.meeting, "referat/")).content.decode()
    assert "Referatet fra 1. april 2026 er godkendt på dette møde" in html
    sec.post(url(seed, second.meeting, "referat/godkend-forrige/"))
    held.meeting.refresh_from_db()
    assert held.meeting.status == MeetingStatus.MINUTES_APPROVED


def test_publish_only_by_secretariat_after_approval(client, seed, held, make_user):
    chair = user_for(seed, "Jytte Holm", make_user)
    client.force_login(seed.secretary)
    response = client.post(url(seed, held.meeting, "referat/offentliggoer/"), follow=True)
    assert "først offentliggøres, når det er godkendt" in response.content.decode()
    services.meeting_mark_held(meeting=held.meeting)
    services.minutes_approve_at_meeting(meeting=held.meeting,
                                        at_meeting=build_meeting(seed, day=dt.date(2026, 6, 3)).meeting)
    assert "Offentliggør referatet" in client.get(url(seed, held.meeting, "referat/")).content.decode()
    client.force_login(chair)
    assert client.post(url(seed, held.meeting, "referat/offentliggoer/")).status_code == 403
    assert "Offentliggør referatet" not in client.get(url(seed, held.meeting, "referat/")).content.decode()
    client.force_login(seed.secretary)
    client.post(url(seed, held.meeting, "referat/offentliggoer/"))
    held.meeting.refresh_from_db()
    assert held.meeting.status == MeetingStatus.MINUTES_PUBLISHED
    html = client.get(url(seed, held.meeting, "referat/")).content.decode()
    assert "Referatet er offentliggjort" in html and "kan ikke længere rettes" in html
    assert "<textarea" not in html


# --- Documents ---------------------------------------------------------------------------------------

def test_downloads(client, seed, held, make_user):
    client.force_login(seed.secretary)
    response = client.get(url(seed, held.meeting, "referat.pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'referat-{seed.council.slug}-2026-04-01.pdf' in response["Content-Disposition"]
    response = client.get(url(seed, held.meeting, "dagsorden.docx"))
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert response.content.startswith(b"PK")
    # A member reads the papers once the agenda is sent; before that they are a draft.
    client.force_login(user_for(seed, "Mads Lund", make_user))
    assert client.get(url(seed, held.meeting, "dagsorden.pdf")).status_code == 403
    held.meeting.status = MeetingStatus.AGENDA_PUBLISHED
    held.meeting.save(update_fields=["status"])
    assert client.get(url(seed, held.meeting, "dagsorden.pdf")).status_code == 200
    assert client.get(url(seed, held.meeting, "referat.docx")).status_code == 200


# --- Query counts -------------------------------------------------------------------------------------

def grow(seed, meeting, n: int) -> None:
    """n more items, each with a decision, a conflict of interest, a vote and an action item."""
    for i in range(n):
        item = agenda_services.item_create(meeting=meeting, title=f"Ekstra punkt {meeting.pk}-{i}",
                                           case_text="Tekst", actor=seed.secretary)
        services.item_minutes_save(item=item, decision=f"Beslutning {i}", dissent="Et mindretal.",
                                   expected_version=0)
        services.conflict_declare(item=item, person=seed["Helle Bøgh"])
        services.vote_record(item=item, question=f"Spørgsmål {i}",
                             ballots={seed["Jytte Holm"].pk: "yes", seed["Mads Lund"].pk: "no"})
        services.action_item_create(meeting=meeting, item=item, title=f"Opgave {i}",
                                    owners=[seed["Jytte Holm"], seed["Nanna Berg"]], due=dt.date(2026, 5, 1))


@pytest.mark.parametrize("page", ["referat/", "referat/beslutningsdygtighed/", "referat/godkend/", "referat/laes/"])
def test_query_count_is_constant_as_items_grow(client, seed, held, make_user, page):
    grow(seed, held.meeting, 2)
    services.meeting_mark_held(meeting=held.meeting)
    services.minutes_request_written_approval(meeting=held.meeting)
    if page in ("referat/godkend/", "referat/laes/"):
        client.force_login(user_for(seed, "Mads Lund", make_user))
    else:
        client.force_login(seed.secretary)
    headers = {"HTTP_HX_REQUEST": "true"} if "beslutningsdygtighed" in page else {}
    client.get(url(seed, held.meeting, page), **headers)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url(seed, held.meeting, page), **headers).status_code == 200
    small = [q["sql"] for q in ctx.captured_queries]
    grow(seed, held.meeting, 15)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url(seed, held.meeting, page), **headers).status_code == 200
    large = [q["sql"] for q in ctx.captured_queries]
    assert len(small) == len(large), "Queries grew with the items:\n" + "\n".join(large)
    assert len(small) <= 32, f"{len(small)} queries:\n" + "\n".join(small)


def test_members_read_the_minutes(client, seed, held, make_user):
    client.force_login(user_for(seed, "Mads Lund", make_user))
    address = url(seed, held.meeting, "referat/laes/")
    assert client.get(address).status_code == 403  # not held yet: the formandskab's draft
    services.item_minutes_save(item=held.items["frikort"], decision="Rådet prioriterer Facebook.", dissent="",
                               expected_version=0)
    services.meeting_mark_held(meeting=held.meeting)
    services.minutes_request_written_approval(meeting=held.meeting)
    html = client.get(address).content.decode()
    assert "Dette er et udkast" in html and "Rådet prioriterer Facebook." in html
    assert "Tove Ravn for Sune Dahl" in html
    assert f'href="/{seed.council.slug}/intern/moeder/{held.meeting.pk}/referat/godkend/"' in html
    assert "Skriv i referatet" not in html
