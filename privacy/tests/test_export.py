"""Access export (GDPR art. 15): the secretariat downloads a ZIP with everything about one person,
read back here: the JSON parsed, the PDF's text extracted with pypdf, each kind of data found."""

import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from core.models import AuditEvent
from councils import services as council_services
from councils.models import Candidacy, RecruitmentCall, Term

pytestmark = pytest.mark.django_db

SECRET_NOTE = "Ringer helst om formiddagen"


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def rich(make_council, make_user, add_member):
    """A council with a member who has a bit of every kind of data, and a second member."""
    from activities.models import Event, EventSignup, GroupNote, GroupTask, Idea, WorkingGroup
    from finance.models import Expense, PerDiemOptOut
    from hearings.models import Consultation, DraftComment
    from meetings.models import ActionItem, AgendaItem, Attendance, Ballot, ConflictOfInterest, Meeting, Vote
    from notifications.models import OutboxMessage

    secretary = make_user("sekr@kommune.dk", name="Sekretær Sanne")
    council = make_council("eksport", secretary=secretary)
    user = make_user("mona@ex.org", name="Mona Medlem")
    membership = add_member(council, "Mona Medlem", user=user, lived=True, email="mona@ex.org",
                            phone="20304050", notes=SECRET_NOTE)
    person = membership.person
    other = add_member(council, "Otto Anden").person
    council_services.consent_set(person=person, kind="photo_consent", given=True, method="paper", actor=secretary)
    council_services.position_assign(council=council, person=person, kind="vice_chair", start=dt.date(2026, 3, 1))
    start = timezone.make_aware(dt.datetime(2026, 3, 10, 16))
    meeting = Meeting.objects.create(council=council, title="Rådsmøde marts", starts_at=start,
                                     ends_at=start + dt.timedelta(hours=2))
    Attendance.objects.create(council=council, meeting=meeting, person=person, membership=membership,
                              afbud_note="Lægebesøg")
    Attendance.objects.create(council=council, meeting=meeting, person=other)
    item = AgendaItem.objects.create(council=council, meeting=meeting, title="Varmestuens åbningstider",
                                     proposed_by=person)
    vote = Vote.objects.create(council=council, item=item, question="Skal varmestuen holde åbent om natten?")
    Ballot.objects.create(council=council, vote=vote, person=person, choice="yes")
    Ballot.objects.create(council=council, vote=vote, person=other, choice="no")
    ConflictOfInterest.objects.create(council=council, item=item, person=person, note="Arbejder i varmestuen")
    action = ActionItem.objects.create(council=council, meeting=meeting, title="Skrive til borgmesteren")
    action.owners.add(person)
    group = WorkingGroup.objects.create(council=council, name="Gruppen om bolig")
    group.members.add(person)
    task = GroupTask.objects.create(council=council, group=group, title="Finde tal om udsættelser")
    task.owners.add(person)
    GroupNote.objects.create(council=council, group=group, text="Mine noter om boligtal", author=user)
    event = Event.objects.create(council=council, title="Sommerudflugt", starts_at=start + dt.timedelta(days=90))
    EventSignup.objects.create(council=council, event=event, person=person)
    Expense.objects.create(council=council, date=dt.date(2026, 3, 10), category="per_diem",
                           amount=Decimal("475.00"), description="Diæt rådsmøde marts", person=person)
    PerDiemOptOut.objects.create(council=council, person=person, since=dt.date(2026, 6, 1),
                                 note="Påvirker kontanthjælpen")
    OutboxMessage.objects.create(council=council, person=person, channel="email", to_address="mona@ex.org",
                                 subject="Indkaldelse til rådsmøde marts", body="Kære Mona", kind="invitation")
    OutboxMessage.objects.create(council=council, person=other, channel="email", to_address="otto@ex.org",
                                 subject="Ottos egen besked", body="Kære Otto", kind="invitation")
    Idea.objects.create(council=council, year=2026, title="Gratis busbilletter", proposed_by=person)
    consultation = Consultation.objects.create(council=council, title="Høring om hjemløsestrategi",
                                               received_on=dt.date(2026, 3, 1), deadline=dt.date(2026, 4, 1))
    DraftComment.objects.create(council=council, consultation=consultation, text="Husk bostøtten", author=user)
    call = RecruitmentCall.objects.create(council=council, term=Term.objects.get(council=council),
                                          title="Opslag 2026", text="Søg", deadline=start)
    Candidacy.objects.create(council=council, call=call, name="Mona Medlem", email="mona@ex.org",
                             motivation="Jeg kender livet på gaden", person=person)
    return {"council": council, "secretary": secretary, "person": person, "other": other, "user": user}


def _url(council, person):
    return f"/{council.slug}/intern/persondata/indsigt/{person.pk}/"


def _download(client, rich):
    client.force_login(rich["secretary"])
    response = client.post(_url(rich["council"], rich["person"]))
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"] and "indsigt-mona-medlem" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


EXPECTED = {  # section -> a text that must be in it (JSON) and in the PDF
    "person": "20304050", "consents": "Billeder må bruges offentligt", "memberships": "Medlem",
    "positions": "Næstformand", "candidacies": "Jeg kender livet på gaden", "attendance": "Lægebesøg",
    "votes": "Skal varmestuen holde åbent om natten?", "conflicts": "Arbejder i varmestuen",
    "agenda_items": "Varmestuens åbningstider", "action_items": "Skrive til borgmesteren",
    "working_groups": "Gruppen om bolig", "tasks": "Finde tal om udsættelser", "signups": "Sommerudflugt",
    "expenses": "475.00", "per_diem_opt_outs": "Påvirker kontanthjælpen",
    "outbox": "Indkaldelse til rådsmøde marts", "ideas": "Gratis busbilletter", "authored": "Husk bostøtten",
}


def test_the_export_holds_every_kind_of_data_in_json_and_pdf(client, rich):
    archive = _download(client, rich)
    assert sorted(archive.namelist()) == ["LÆS MIG.txt", "indsigt.json", "indsigt.pdf"]
    data = json.loads(archive.read("indsigt.json"))
    sections = data["sections"]
    for key, needle in EXPECTED.items():
        assert needle in json.dumps(sections[key]["rows"], ensure_ascii=False), (key, needle)
    person = sections["person"]["rows"][0]
    assert person["Erfaring som socialt udsat"] == "ja" and person["Noter (sekretariatet)"] == SECRET_NOTE
    assert person["Logger ind som"] == "mona@ex.org"
    assert "Mine noter om boligtal" in json.dumps(sections["authored"], ensure_ascii=False)
    # Only this person's data: the other member's ballot and message are not there.
    assert [row["Stemme"] for row in sections["votes"]["rows"]] == ["For"]
    assert "Ottos egen besked" not in json.dumps(data, ensure_ascii=False)
    assert "Otto" not in json.dumps(sections["attendance"], ensure_ascii=False)

    pdf = _words("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(archive.read("indsigt.pdf"))).pages))
    assert "Indsigt: Mona Medlem" in pdf
    for key, needle in EXPECTED.items():
        assert _words(needle) in pdf, (key, needle)
    for section in sections.values():
        assert _words(section["title"]) in pdf, section["title"]
    assert "Ottos egen besked" not in pdf


def test_the_export_is_audited_without_personal_content(client, rich):
    _download(client, rich)
    event = AuditEvent.objects.get(action="privacy.export")
    assert event.actor == rich["secretary"] and event.council == rich["council"]
    assert event.object_id == str(rich["person"].pk)
    assert event.after["rows"]["votes"] == 1 and event.after["rows"]["outbox"] == 1
    logged = json.dumps([event.before, event.after], ensure_ascii=False)
    for personal in ("Mona", "20304050", SECRET_NOTE, "mona@ex.org", "Lægebesøg"):
        assert personal not in logged


def test_the_page_links_and_explains_without_exporting(client, rich):
    client.force_login(rich["secretary"])
    council, person = rich["council"], rich["person"]
    detail = client.get(f"/{council.slug}/intern/personer/{person.pk}/").content.decode()
    assert f'href="{_url(council, person)}"' in detail
    page = client.get(_url(council, person))
    assert page.status_code == 200 and "Hent ZIP-fil" in page.content.decode()
    assert not AuditEvent.objects.filter(action="privacy.export").exists()  # a GET exports nothing


def test_another_councils_person_is_404_and_a_member_403(client, rich, make_council, make_user, add_member):
    council, person = rich["council"], rich["person"]
    stranger = add_member(make_council("andetraad"), "Sofie Fremmed").person
    client.force_login(rich["secretary"])
    assert client.post(_url(council, stranger)).status_code == 404
    assert client.get(_url(council, stranger)).status_code == 404
    client.force_login(rich["user"])  # a member (and vice-chair) of the council
    assert client.post(_url(council, person)).status_code == 403
    assert client.get(_url(council, rich["other"])).status_code == 403
    detail = client.get(f"/{council.slug}/intern/personer/{person.pk}/").content.decode()
    assert "/intern/persondata/indsigt/" not in detail  # the formandskab sees the person, not the export
    admin = make_user("admin@stemme.dk", superuser=True)
    client.force_login(admin)  # the platform admin browsing the council: not the secretariat
    assert client.post(_url(council, person)).status_code == 403
    assert not AuditEvent.objects.filter(action="privacy.export").exists()


def test_the_number_of_queries_does_not_grow_with_the_data(client, rich, django_assert_max_num_queries):
    from privacy.export import collect

    council, person = rich["council"], rich["person"]
    with django_assert_max_num_queries(32) as small:
        collect(council=council, person=person)
    from notifications.models import OutboxMessage

    OutboxMessage.objects.bulk_create([
        OutboxMessage(council=council, person=person, channel="sms", to_address="20304050", subject=f"Påmindelse {i}",
                      body="Husk mødet", kind="reminder") for i in range(40)])
    with django_assert_max_num_queries(len(small.captured_queries)):
        export = collect(council=council, person=person)
    assert len(next(s for s in export.sections if s.key == "outbox").rows) == 41
