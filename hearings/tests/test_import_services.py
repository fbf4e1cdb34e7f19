"""``import_file``: what an import writes to the municipality's committees, meetings and items,
the report it gives back, idempotent re-imports, changes, partial files, refused files (nothing
written), CPR numbers, tenancy (the council's own municipality only), the audit event and the
number of queries for a large manifest."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from hearings.importers import samples
from hearings.importers.base import ImportRefused
from hearings.models import Committee, CommitteeAgendaItem, CommitteeMeeting, Source
from hearings.services.imports import import_file

FIXTURES = Path(__file__).parent / "fixtures"
CPH = ZoneInfo("Europe/Copenhagen")


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def rows() -> tuple[int, int, int]:
    return Committee.objects.count(), CommitteeMeeting.objects.count(), CommitteeAgendaItem.objects.count()


@pytest.fixture
def secretary(make_user):
    return make_user("sekretariat@example.org", name="Sara Sekretær")


@pytest.fixture
def council(make_council, secretary):
    return make_council("nordby", name="Udsatterådet Nordby", secretary=secretary)


@pytest.fixture
def run(council, secretary):
    def run_import(name_or_data, filename=None, *, into=None):
        data = fixture(name_or_data) if isinstance(name_or_data, str) else name_or_data
        return import_file(council=into or council, data=data, filename=filename or (
            name_or_data if isinstance(name_or_data, str) else "manifest.xml"), actor=secretary)

    return run_import


# --- A valid manifest ---------------------------------------------------------------------------

def test_sbsys_manifest_creates_committee_meeting_and_items(run, council):
    report = run("sbsys_sus_2018-03-14.xml")
    committee = Committee.objects.get()
    assert (committee.municipality_id, committee.name, committee.abbreviation) == (
        council.municipality_id, "Social- og Sundhedsudvalget", "SUS")
    meeting = CommitteeMeeting.objects.get()
    assert meeting.committee == committee and meeting.municipality_id == council.municipality_id
    assert meeting.starts_at == dt.datetime(2018, 3, 14, 16, tzinfo=CPH) and meeting.source == Source.XML
    assert (meeting.location, meeting.external_id) == ("Rådhuset, mødelokale 2", "SBSYS-M-2018-0314-SUS")
    items = list(meeting.items.order_by("number"))
    assert [i.number for i in items] == [1, 2, 3, 4, 5, 6]
    assert all(i.municipality_id == council.municipality_id for i in items)
    assert (items[2].case_code, items[2].title) == ("SUS/ØU/KB", "Udarbejdelse af ny Sundhedspolitik 2018")
    assert items[5].closed and items[2].external_id == "SBSYS-P-88203"

    assert report.filename == "sbsys_sus_2018-03-14.xml" and report.format_label == "SBSYS-dagsorden (XML)"
    assert report.counts == {"added": 8, "changed": 0, "unchanged": 0, "refused": 0}
    assert report.added[:3] == ["Udvalget Social- og Sundhedsudvalget (SUS)", "Mødet i SUS 14.03.2018 kl. 16.00",
                                "SUS 14.03.2018 kl. 16.00, punkt 1: Godkendelse af dagsorden"]
    assert "SUS 14.03.2018 kl. 16.00, punkt 3: Udarbejdelse af ny Sundhedspolitik 2018" in report.added
    assert [(m.pk, m.status) for m in report.meetings] == [(meeting.pk, "added")]


def test_reimporting_the_same_file_changes_nothing_and_says_so(run):
    run("sbsys_sus_2018-03-14.xml")
    before = rows()
    stamps = list(CommitteeAgendaItem.objects.order_by("pk").values_list("updated_at", flat=True))
    report = run("sbsys_sus_2018-03-14.xml")
    assert rows() == before
    assert list(CommitteeAgendaItem.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps
    assert report.counts == {"added": 0, "changed": 0, "unchanged": 7, "refused": 0}
    assert not report.wrote_anything and report.meetings[0].status == "unchanged"
    assert report.unchanged[0] == "Mødet i SUS 14.03.2018 kl. 16.00"


def test_a_changed_title_and_a_new_item_are_reported(run):
    run("sbsys_sus_2018-03-14.xml")
    data = fixture("sbsys_sus_2018-03-14.xml").replace(
        b"Udarbejdelse af ny Sundhedspolitik 2018", b"Udarbejdelse af ny Sundhedspolitik 2018-2022").replace(
        b"  </Dagsordenpunkter>", b"    <Dagsordenpunkt Id=\"SBSYS-P-88207\"><Nummer>7</Nummer>"
                                 b"<Overskrift>Eventuelt</Overskrift></Dagsordenpunkt>\n  </Dagsordenpunkter>")
    report = run(data)
    assert report.changed == ["SUS 14.03.2018 kl. 16.00, punkt 3: Udarbejdelse af ny Sundhedspolitik 2018-2022 "
                              "(ændret: overskrift)"]
    assert report.added == ["SUS 14.03.2018 kl. 16.00, punkt 7: Eventuelt"]
    assert report.meetings[0].status == "changed"
    assert CommitteeAgendaItem.objects.get(number=3).title == "Udarbejdelse af ny Sundhedspolitik 2018-2022"
    assert CommitteeAgendaItem.objects.count() == 7


def test_moved_meeting_and_renumbered_items_are_matched_by_id(run):
    run("sbsys_sus_2018-03-14.xml")
    item3 = CommitteeAgendaItem.objects.get(external_id="SBSYS-P-88203")
    data = (fixture("sbsys_sus_2018-03-14.xml").replace(b"2018-03-14T16:00:00", b"2018-03-15T17:00:00")
            .replace(b"<Nummer>3</Nummer>", b"<Nummer>9</Nummer>"))
    report = run(data)
    assert CommitteeMeeting.objects.get().starts_at == dt.datetime(2018, 3, 15, 17, tzinfo=CPH)
    assert report.changed[0] == "Mødet i SUS 15.03.2018 kl. 17.00 (ændret: tidspunkt)"
    item3.refresh_from_db()
    assert item3.number == 9 and CommitteeAgendaItem.objects.count() == 6
    assert "SUS 15.03.2018 kl. 17.00, punkt 9: Udarbejdelse af ny Sundhedspolitik 2018 (ændret: punkt nr.)" in \
        report.changed


def test_items_missing_from_a_new_version_are_kept_and_mentioned(run):
    run("sbsys_sus_2018-03-14.xml")
    start = fixture("sbsys_sus_2018-03-14.xml").index(b'    <Dagsordenpunkt Id="SBSYS-P-88206">')
    end = fixture("sbsys_sus_2018-03-14.xml").index(b"  </Dagsordenpunkter>")
    data = fixture("sbsys_sus_2018-03-14.xml")
    report = run(data[:start] + data[end:])
    assert CommitteeAgendaItem.objects.count() == 6
    assert report.notes == ["SUS 14.03.2018 kl. 16.00, punkt 6: Køb af ejendom til midlertidigt botilbud står ikke "
                            "i filen og er bevaret"]


def test_empty_fields_in_the_file_keep_stored_values(run):
    run("sbsys_sus_2018-03-14.xml")
    data = (fixture("sbsys_sus_2018-03-14.xml").replace(b"<Sted>R\xc3\xa5dhuset, m\xc3\xb8delokale 2</Sted>", b"")
            .replace(b"<Sagsgang>SUS/\xc3\x98U/KB</Sagsgang>", b"<Sagsgang></Sagsgang>"))
    report = run(data)
    assert not report.wrote_anything
    assert CommitteeMeeting.objects.get().location == "Rådhuset, mødelokale 2"
    assert CommitteeAgendaItem.objects.get(number=3).case_code == "SUS/ØU/KB"


# --- Committees -------------------------------------------------------------------------------

def test_existing_committee_is_matched_by_abbreviation_in_any_case_or_by_name(run, council):
    sus = Committee.objects.create(municipality=council.municipality, name="Social- og sundhedsudvalget",
                                   abbreviation="sus")
    bsu = Committee.objects.create(municipality=council.municipality, name="Børne- og Skoleudvalget",
                                   abbreviation="BU")
    report = run("moedeplan_2018.ics")
    assert Committee.objects.count() == 3  # EBU is new
    assert CommitteeMeeting.objects.filter(committee=sus).count() == 2  # abbreviation, then name only
    assert CommitteeMeeting.objects.filter(committee=bsu).count() == 1  # "BSU" unknown, name matches
    assert report.added[0] == "Mødet i sus 14.03.2018 kl. 16.00"
    assert "Udvalget Erhvervs- og Beskæftigelsesudvalget (EBU)" in report.added


def test_committee_named_without_abbreviation_gets_a_guessed_one_and_a_note(run):
    data = (b'<Dagsorden Id="T1"><Udvalg><Navn>Teknik- og Milj\xc3\xb8udvalget</Navn></Udvalg>'
            b"<Dato>2018-05-02T08:00</Dato></Dagsorden>")
    report = run(data)
    committee = Committee.objects.get()
    assert (committee.name, committee.abbreviation) == ("Teknik- og Miljøudvalget", "TMU")
    assert report.notes == ["Filen gav ingen forkortelse for Teknik- og Miljøudvalget, så den er sat til TMU. "
                            "Ret den under Udvalg, hvis den er forkert."]
    again = run(data)
    assert Committee.objects.count() == 1 and not again.wrote_anything and again.notes == []


def test_committee_given_only_by_abbreviation_is_named_after_it_with_a_note(run):
    report = run(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:EBU\r\nDTSTART:20180409T170000\r\n"
                 b"END:VEVENT\r\nEND:VCALENDAR\r\n", "plan.ics")
    assert Committee.objects.get().name == "EBU"
    assert report.notes == ["Filen gav kun forkortelsen EBU, så udvalget hedder det indtil videre. Skriv udvalgets "
                            "fulde navn under Udvalg."]


def test_guessed_abbreviation_never_collides(run, council):
    Committee.objects.create(municipality=council.municipality, name="Trafik- og Mobilitetsudvalget",
                             abbreviation="TMU")
    run(b'<Dagsorden><Udvalg>Teknik- og Milj\xc3\xb8udvalget</Udvalg><Dato>2018-05-02</Dato></Dagsorden>')
    assert sorted(Committee.objects.values_list("abbreviation", flat=True)) == ["TMU", "TMU2"]


# --- Calendars, and calendar then manifest ------------------------------------------------------

def test_calendar_creates_four_meetings_and_three_committees(run):
    report = run("moedeplan_2018.ics")
    assert sorted(Committee.objects.values_list("abbreviation", flat=True)) == ["BSU", "EBU", "SUS"]
    assert CommitteeMeeting.objects.count() == 4 and CommitteeAgendaItem.objects.count() == 0
    assert set(CommitteeMeeting.objects.values_list("source", flat=True)) == {Source.ICS}
    assert report.counts["added"] == 7
    assert run("moedeplan_2018.ics").counts == {"added": 0, "changed": 0, "unchanged": 4, "refused": 0}


def test_manifest_after_calendar_fills_in_the_same_meeting(run):
    run("moedeplan_2018.ics")
    report = run("sbsys_sus_2018-03-14.xml")
    assert CommitteeMeeting.objects.count() == 4
    meeting = CommitteeMeeting.objects.get(starts_at=dt.datetime(2018, 3, 14, 16, tzinfo=CPH))
    assert meeting.external_id == "sus-2018-03-14@moedeplan.example.dk"  # the calendar's id stays
    assert meeting.items.count() == 6
    assert report.meetings[0].status == "changed" and report.unchanged[0] == "Mødet i SUS 14.03.2018 kl. 16.00"
    # Both files re-imported: nothing changes, nothing doubles.
    assert not run("sbsys_sus_2018-03-14.xml").wrote_anything
    assert not run("moedeplan_2018.ics").wrote_anything
    assert CommitteeMeeting.objects.count() == 4 and CommitteeAgendaItem.objects.count() == 6


# --- Partial and refused files ------------------------------------------------------------------

def test_partial_file_imports_good_items_and_refuses_bad_ones_with_reasons(run):
    report = run("sbsys_partial.xml")
    items = dict(CommitteeAgendaItem.objects.values_list("number", "title"))
    assert items == {1: "Godkendelse af dagsorden", 7: "Meddelelser"}
    assert len(report.refused) == 6
    bad_title, bad_number, cpr, duplicate, link, closed = report.refused  # in file order
    assert bad_title == "Linje 12: punkt 2 mangler en overskrift"
    assert bad_number == "Linje 19: punktets nummer “tre” er ikke et helt tal fra 1 til 9999"
    assert cpr.startswith("Linje 22: punkt 4 “Klage over afgørelse om hjemmehjælp” er afvist: sagsfremstilling: "
                          "Teksten ser ud til at indeholde et CPR-nummer")
    assert duplicate == ("Linje 28: punkt nr. 1 står to gange i samme møde (første gang i linje 8); det andet er "
                         "ikke importeret")
    assert link.startswith("Linje 32: punkt 5 “Handleplan for socialt udsatte 2018-2021” er afvist: link: ")
    assert closed == "Linje 42: punkt 6: “måske” siger hverken ja eller nej til, om punktet er lukket"
    assert "010190-1234" not in "".join(CommitteeAgendaItem.objects.values_list("case_text", flat=True))
    assert report.counts == {"added": 4, "changed": 0, "unchanged": 0, "refused": 6}
    again = run("sbsys_partial.xml")
    assert again.counts == {"added": 0, "changed": 0, "unchanged": 3, "refused": 6}


def test_cpr_number_in_a_changed_item_keeps_the_stored_item(run):
    run("sbsys_sus_2018-03-14.xml")
    data = fixture("sbsys_sus_2018-03-14.xml").replace(b"Dagsordenen forel\xc3\xa6gges til godkendelse.",
                                                       b"Se sagen om 010190-1234.")
    report = run(data)
    assert len(report.refused) == 1 and "CPR-nummer" in report.refused[0]
    assert CommitteeAgendaItem.objects.get(number=1).case_text == "Dagsordenen forelægges til godkendelse."
    assert report.unchanged.count("SUS 14.03.2018 kl. 16.00, punkt 1: Godkendelse af dagsorden") == 0


@pytest.mark.parametrize("name", ["sbsys_broken.xml", "xxe.xml", "billion_laughs.xml", "moedeplan_broken.ics"])
def test_refused_file_writes_nothing(run, name):
    run("sbsys_sus_2018-03-14.xml")
    before, audits = rows(), AuditEvent.objects.count()
    with pytest.raises(ImportRefused):
        run(name)
    assert rows() == before and AuditEvent.objects.count() == audits


def test_meeting_with_a_cpr_number_in_its_place_is_refused_with_its_items(run):
    data = fixture("sbsys_sus_2018-03-14.xml").replace(b"R\xc3\xa5dhuset, m\xc3\xb8delokale 2",
                                                       b"Hos 010190-1234")
    report = run(data)
    assert CommitteeMeeting.objects.count() == 0 and CommitteeAgendaItem.objects.count() == 0
    assert report.refused[0].startswith("Linje 3: mødet SUS 14.03.2018 kl. 16.00 er afvist (sted: Teksten ser ud "
                                        "til at indeholde et CPR-nummer")
    assert report.refused[0].endswith("og dets punkter er ikke importeret")


def test_too_long_abbreviation_refuses_the_committee_once_per_meeting(run):
    data = (b"<Dagsordener>"
            b"<Dagsorden Id='1'><Udvalg Forkortelse='ALTFORLANGFORKORTELSE'>X</Udvalg><Dato>2018-01-01</Dato>"
            b"</Dagsorden><Dagsorden Id='2'><Udvalg Forkortelse='ALTFORLANGFORKORTELSE'>X</Udvalg>"
            b"<Dato>2018-02-01</Dato></Dagsorden></Dagsordener>")
    report = run(data)
    assert rows() == (0, 0, 0) and len(report.refused) == 2
    assert "udvalget “X” kan ikke oprettes (forkortelse: " in report.refused[0]


def test_the_same_meeting_twice_in_one_file_is_refused_the_second_time(run):
    one = (b"<Dagsorden Id='%s'><Udvalg Forkortelse='SUS'>Social- og Sundhedsudvalget</Udvalg>"
           b"<Dato>2018-01-01T16:00</Dato><Punkter><Punkt Nummer='1'><Titel>%s</Titel></Punkt></Punkter></Dagsorden>")
    report = run(b"<Dagsordener>" + one % (b"A", b"Fra A") + one % (b"A", b"Fra B") + one % (b"", b"Fra C")
                 + b"</Dagsordener>")
    assert CommitteeMeeting.objects.count() == 1
    assert list(CommitteeAgendaItem.objects.values_list("title", flat=True)) == ["Fra A"]
    assert len(report.refused) == 2
    again = run(b"<Dagsordener>" + one % (b"A", b"Fra A") + one % (b"A", b"Fra B") + one % (b"", b"Fra C")
                + b"</Dagsordener>")
    assert not again.wrote_anything


# --- Tenancy, audit, crash safety, performance ----------------------------------------------------

def test_committee_data_belongs_to_the_municipality_and_is_shared_by_its_councils(run, council, make_council):
    from councils import services as council_services

    sibling = council_services.council_create_from_preset(
        municipality=council.municipality, preset_key="albertslund2018", name="Handicaprådet Nordby",
        slug="handicap-nordby", term_start=dt.date(2026, 1, 1), term_end=dt.date(2029, 12, 31))
    elsewhere = make_council("sydby")
    run("sbsys_sus_2018-03-14.xml")
    assert not run("sbsys_sus_2018-03-14.xml", into=sibling).wrote_anything
    other = run("sbsys_sus_2018-03-14.xml", into=elsewhere)
    assert other.counts["added"] == 8
    assert CommitteeMeeting.objects.filter(municipality=elsewhere.municipality).count() == 1
    assert Committee.objects.filter(municipality=council.municipality).count() == 1


def test_one_audit_event_with_the_counts(run, council, secretary):
    report = run("sbsys_partial.xml")
    event = AuditEvent.objects.get(action="hearings.import.applied")
    assert event.actor == secretary and event.council == council
    assert event.after == {"filename": "sbsys_partial.xml", "format": "sbsys", "added": 4, "changed": 0,
                           "unchanged": 0, "refused": 6, "meetings": [report.meetings[0].pk]}


def test_a_crash_midway_leaves_nothing_behind(run, monkeypatch):
    from hearings.services import imports

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(imports.CommitteeAgendaItem.objects, "bulk_create", boom)
    with pytest.raises(RuntimeError):
        run("sbsys_sus_2018-03-14.xml")
    assert rows() == (0, 0, 0) and not AuditEvent.objects.filter(action="hearings.import.applied").exists()


def test_integrity_error_becomes_a_danish_message_and_nothing_is_saved(run, monkeypatch):
    from django.db import IntegrityError

    from core.errors import ApplicationError
    from hearings.services import imports

    def clash(*args, **kwargs):
        raise IntegrityError("duplicate key")

    monkeypatch.setattr(imports.CommitteeAgendaItem.objects, "bulk_create", clash)
    with pytest.raises(ApplicationError) as info:
        run("sbsys_sus_2018-03-14.xml")
    assert "Intet er gemt" in str(info.value) and rows() == (0, 0, 0)


def test_500_items_take_a_handful_of_queries(run):
    data = samples.make_manifest(500)
    with CaptureQueriesContext(connection) as first:
        report = run(data)
    assert report.counts["added"] == 502 and CommitteeAgendaItem.objects.count() == 500
    assert len(first.captured_queries) <= 15, [q["sql"][:80] for q in first.captured_queries]
    with CaptureQueriesContext(connection) as again:
        report = run(data)
    assert report.counts["unchanged"] == 501
    assert len(again.captured_queries) <= 12
    changed = data.replace(b"Takster for botilbud", b"Nye takster for botilbud")
    with CaptureQueriesContext(connection) as third:
        report = run(changed)
    assert report.counts["changed"] == 62
    assert len(third.captured_queries) <= 15
