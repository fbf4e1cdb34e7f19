"""The importers on their own (no database): the SBSYS, Acadre and iCalendar formats, format
detection, the helpers for dates, numbers and text, and every way a file is refused – each
with a Danish reason and, where the file has one, the line."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hearings import importers
from hearings.importers import base, ics, samples, xmltree
from hearings.importers.base import DateProblem, ImportRefused

FIXTURES = Path(__file__).parent / "fixtures"
CPH = ZoneInfo("Europe/Copenhagen")


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def refusal(data: bytes) -> ImportRefused:
    with pytest.raises(ImportRefused) as info:
        importers.parse(data)
    return info.value


def manifest(items: str, *, head: str = "<Udvalg><Navn>Social- og Sundhedsudvalget</Navn>"
                                      "<Forkortelse>SUS</Forkortelse></Udvalg><Dato>2018-03-14T16:00</Dato>") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<Dagsorden Id="M1">{head}\n<Dagsordenpunkter>\n{items}\n'
            "</Dagsordenpunkter></Dagsorden>").encode()


# --- SBSYS --------------------------------------------------------------------------------------

def test_sbsys_manifest_gives_the_meeting_and_its_six_items():
    result = importers.parse(fixture("sbsys_sus_2018-03-14.xml"))
    assert result.importer_key == "sbsys" and result.source == "xml" and result.refused == []
    [meeting] = result.meetings
    assert (meeting.committee_name, meeting.committee_abbreviation) == ("Social- og Sundhedsudvalget", "SUS")
    assert meeting.starts_at == dt.datetime(2018, 3, 14, 16, 0, tzinfo=CPH)
    assert meeting.location == "Rådhuset, mødelokale 2"
    assert meeting.url == "https://dagsordener.example.dk/sus/2018-03-14"
    assert meeting.external_id == "SBSYS-M-2018-0314-SUS"
    assert [i.number for i in meeting.items] == [1, 2, 3, 4, 5, 6]
    health = meeting.items[2]
    assert (health.case_code, health.title) == ("SUS/ØU/KB", "Udarbejdelse af ny Sundhedspolitik 2018")
    assert health.external_id == "SBSYS-P-88203" and health.url.endswith("/punkt-3") and not health.closed
    assert health.case_text.count("\n\n") == 2 and "ulighed i sundhed" in health.case_text
    assert meeting.items[5].closed is True


def test_case_text_from_paragraph_elements_and_from_escaped_html_becomes_plain_paragraphs():
    items = importers.parse(fixture("sbsys_sus_2018-03-14.xml")).meetings[0].items
    assert items[1].case_text == ("Forvaltningen forventer et mindreforbrug på hjemmeplejen og et merforbrug på "
                                  "botilbuddene.\n\nUdvalget orienteres om de væsentligste afvigelser og om de tiltag, "
                                  "forvaltningen foreslår.")
    assert items[3].case_text == ("Værestedet har siden januar haft åbent også om søndagen.\n\n"
                                  "Forvaltningen orienterer om de første erfaringer & besøgstal.")


def test_committee_as_text_with_abbreviation_attribute_and_danish_date():
    result = importers.parse(fixture("sbsys_partial.xml"))
    meeting = result.meetings[0]
    assert (meeting.committee_name, meeting.committee_abbreviation) == ("Social- og Sundhedsudvalget", "SUS")
    assert meeting.starts_at == dt.datetime(2018, 5, 9, 16, 0, tzinfo=CPH)


def test_partial_manifest_keeps_the_good_items_and_refuses_the_bad_ones_with_line_and_reason():
    result = importers.parse(fixture("sbsys_partial.xml"))
    assert [i.number for i in result.meetings[0].items] == [1, 4, 5, 7]
    assert result.refused == [
        "Linje 12: punkt 2 mangler en overskrift",
        "Linje 19: punktets nummer “tre” er ikke et helt tal fra 1 til 9999",
        "Linje 28: punkt nr. 1 står to gange i samme møde (første gang i linje 8); det andet er ikke importeret",
        "Linje 42: punkt 6: “måske” siger hverken ja eller nej til, om punktet er lukket",
    ]


def test_several_meetings_under_dagsordener_and_element_names_in_any_case_and_spelling():
    data = ('<?xml version="1.0"?><sb:Dagsordener xmlns:sb="urn:sbsys">'
            '<sb:Dagsorden><sb:UDVALG FORKORTELSE="sus">Social- og Sundhedsudvalget</sb:UDVALG>'
            "<sb:Mødedato>14. marts 2018 kl. 16.00</sb:Mødedato>"
            "<sb:Punkter><sb:Punkt Nummer='Punkt 1'><sb:Titel>Første</sb:Titel></sb:Punkt></sb:Punkter>"
            "</sb:Dagsorden>"
            "<sb:Dagsorden><sb:Udvalg><sb:Navn>Børne- og Skoleudvalget</sb:Navn></sb:Udvalg>"
            "<sb:Dato>11-04-2018</sb:Dato><sb:Tidspunkt>kl. 15.30</sb:Tidspunkt></sb:Dagsorden>"
            "</sb:Dagsordener>").encode()
    result = importers.parse(data)
    first, second = result.meetings
    assert first.committee_abbreviation == "SUS" and first.items[0].number == 1 and first.items[0].title == "Første"
    assert first.starts_at == dt.datetime(2018, 3, 14, 16, tzinfo=CPH)
    assert (second.committee_name, second.committee_abbreviation) == ("Børne- og Skoleudvalget", "")
    assert second.starts_at == dt.datetime(2018, 4, 11, 15, 30, tzinfo=CPH)


def test_meeting_without_committee_or_with_unreadable_date_is_refused_with_its_items():
    no_committee = importers.parse(manifest("<Dagsordenpunkt><Nummer>1</Nummer><Overskrift>A</Overskrift>"
                                            "</Dagsordenpunkt>", head="<Dato>2018-03-14</Dato>"))
    assert no_committee.meetings == []
    assert no_committee.refused[0].startswith("Linje 2: mødet er afvist, fordi filen ikke siger, hvilket udvalg")
    bad_date = importers.parse(manifest("", head="<Udvalg>SUS</Udvalg>\n<Dato>den 14. i foråret</Dato>"))
    assert bad_date.meetings == []
    assert bad_date.refused == ["Linje 3: mødet er afvist: datoen “den 14. i foråret” kan ikke læses (skriv fx "
                                "2018-03-14T16:00 eller 14.03.2018 kl. 16.00) – dets punkter er heller ikke importeret"]


def test_duplicate_item_ids_are_refused():
    result = importers.parse(manifest('<Dagsordenpunkt Id="A"><Nummer>1</Nummer><Overskrift>X</Overskrift>'
                                      '</Dagsordenpunkt>\n<Dagsordenpunkt Id="A"><Nummer>2</Nummer>'
                                      "<Overskrift>Y</Overskrift></Dagsordenpunkt>"))
    assert [i.number for i in result.meetings[0].items] == [1]
    assert result.refused == ["Linje 5: punktets id “A” står to gange i samme møde (første gang i linje 4); det "
                              "andet er ikke importeret"]


def test_make_manifest_produces_a_valid_manifest_of_n_items():
    result = importers.parse(samples.make_manifest(500))
    assert len(result.meetings[0].items) == 500 and result.refused == []
    assert len({i.external_id for i in result.meetings[0].items}) == 500


# --- Acadre -------------------------------------------------------------------------------------

def test_acadre_manifest_with_namespace_attributes_and_separate_time():
    result = importers.parse(fixture("acadre_bsu_2018-04-11.xml"))
    assert result.importer_key == "acadre" and result.refused == []
    [meeting] = result.meetings
    assert (meeting.committee_name, meeting.committee_abbreviation) == ("Børne- og Skoleudvalget", "BSU")
    assert meeting.starts_at == dt.datetime(2018, 4, 11, 15, 30, tzinfo=CPH)
    assert meeting.external_id == "ACD-2018-04-11-BSU" and meeting.location == "Rådhuset, udvalgsværelse 1"
    assert [(i.number, i.closed) for i in meeting.items] == [(1, False), (2, False), (3, False), (4, True)]
    assert meeting.items[1].case_code == "BSU/ØU/KB"
    assert meeting.items[1].title == "Ungestrategi 2019 – udkast til høring"
    assert meeting.items[1].case_text.startswith("Udkastet til en ny ungestrategi")


def test_acadre_single_meeting_root():
    data = (b'<Meeting Id="X1"><Committee><Name>Teknik- og Milj\xc3\xb8udvalget</Name></Committee>'
            b"<Start>2018-05-02T08:00:00Z</Start><Items><Item Number='1' Access='public'><Title>A</Title></Item>"
            b"</Items></Meeting>")
    meeting = importers.parse(data).meetings[0]
    assert meeting.committee_name == "Teknik- og Miljøudvalget"
    assert meeting.starts_at == dt.datetime(2018, 5, 2, 10, 0, tzinfo=CPH)  # UTC → summer time
    assert meeting.items[0].closed is False


# --- iCalendar ----------------------------------------------------------------------------------

def test_calendar_gives_four_meetings_of_three_committees():
    result = importers.parse(fixture("moedeplan_2018.ics"))
    assert result.importer_key == "ics" and result.source == "ics" and result.refused == []
    got = [(m.committee_name, m.committee_abbreviation, m.starts_at, m.external_id) for m in result.meetings]
    assert got == [
        ("Social- og Sundhedsudvalget", "SUS", dt.datetime(2018, 3, 14, 16, tzinfo=CPH),
         "sus-2018-03-14@moedeplan.example.dk"),
        ("Social- og Sundhedsudvalget", "", dt.datetime(2018, 4, 18, 16, tzinfo=CPH),
         "sus-2018-04-18@moedeplan.example.dk"),
        ("Børne- og Skoleudvalget", "BSU", dt.datetime(2018, 4, 11, 15, 30, tzinfo=CPH),
         "bsu-2018-04-11@moedeplan.example.dk"),
        ("Erhvervs- og Beskæftigelsesudvalget", "EBU", dt.datetime(2018, 4, 9, 17, tzinfo=CPH),
         "ebu-2018-04-09@moedeplan.example.dk"),
    ]
    assert result.meetings[0].location == "Rådhuset, mødelokale 2"
    assert result.meetings[0].url == "https://dagsordener.example.dk/sus/2018-03-14"
    assert all(m.items == [] and not m.has_agenda for m in result.meetings)


def test_partial_calendar_refuses_events_without_start_or_title():
    result = importers.parse(fixture("moedeplan_partial.ics"))
    assert [m.committee_abbreviation for m in result.meetings] == ["SUS"]
    assert result.refused == [
        "Linje 9: mødet i BSU har ingen starttid (DTSTART) og er ikke importeret",
        "Linje 16: mødet i EBU har en starttid (DTSTART), der ikke kan læses; det er ikke importeret",
        "Linje 18: begivenheden har ingen titel (SUMMARY), så udvalget kendes ikke; den er ikke importeret",
    ]


def test_cancelled_and_repeating_events_are_explained():
    data = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:SUS\r\nDTSTART:20180509T160000\r\n"
            b"STATUS:CANCELLED\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nSUMMARY:BSU\r\nDTSTART;VALUE=DATE:20180510\r\n"
            b"RRULE:FREQ=MONTHLY;COUNT=3\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    result = importers.parse(data)
    assert [(m.committee_abbreviation, m.starts_at) for m in result.meetings] == [
        ("BSU", dt.datetime(2018, 5, 10, 0, 0, tzinfo=CPH))]
    assert result.notes == ["Linje 3: mødet i SUS 09.05.2018 kl. 16.00 er aflyst i kalenderen og er ikke importeret",
                            "Linje 9: mødet i BSU 10.05.2018 gentages i kalenderen; kun den første dato er importeret"]


@pytest.mark.parametrize(("summary", "expected"), [
    ("Social- og Sundhedsudvalget", ("Social- og Sundhedsudvalget", "")),
    ("SUS", ("", "SUS")),
    ("Social- og Sundhedsudvalget (SUS)", ("Social- og Sundhedsudvalget", "SUS")),
    ("SUS – Social- og Sundhedsudvalget", ("Social- og Sundhedsudvalget", "SUS")),
    ("ØU: Økonomiudvalget", ("Økonomiudvalget", "ØU")),
    ("Møde i Børne- og Skoleudvalget", ("Børne- og Skoleudvalget", "")),
    ("Udvalgsmøde: BSU", ("", "BSU")),
])
def test_committee_from_calendar_summary(summary, expected):
    assert ics.committee_from_summary(summary) == expected


def test_broken_calendar_names_the_bad_line():
    error = refusal(fixture("moedeplan_broken.ics"))
    assert str(error) == ("Kalenderfilen kan ikke læses: linje 7 er ikke en gyldig kalenderlinje "
                          "(“dette er ikke en kalenderlinje”).")
    assert error.line == 7


@pytest.mark.parametrize(("data", "message"), [
    (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:SUS\r\n", "VEVENT, der begynder i linje 2, afsluttes aldrig"),
    (b"BEGIN:VCALENDAR\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "linje 2 afslutter VEVENT, som ikke er begyndt"),
    (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "ingen møder"),
    (b"BEGIN:VCALENDAR\r\nSUMMARY:M\xf8de\r\nEND:VCALENDAR\r\n", "ikke gemt som UTF-8: linje 2"),
])
def test_calendar_refusals(data, message):
    assert message in str(refusal(data))


# --- Refused files ------------------------------------------------------------------------------

def test_broken_xml_is_refused_with_danish_reason_line_and_column():
    error = refusal(fixture("sbsys_broken.xml"))
    assert str(error) == "Filen er ikke gyldig XML: et slutmærke passer ikke til startmærket (linje 16, kolonne 7)."
    assert error.line == 16 and error.field == "file"


@pytest.mark.parametrize("name", ["xxe.xml", "billion_laughs.xml"])
def test_dtd_entities_and_external_references_are_refused_before_anything_is_expanded(name):
    error = refusal(fixture(name))
    assert error.code == "unsafe"
    assert str(error).startswith("Filen er afvist af sikkerhedshensyn (linje 2)")
    assert "passwd" not in str(error)


def test_entity_without_dtd_and_external_reference_tricks_are_refused():
    assert "ukendt tegnreference" in str(refusal(b"<Dagsorden><Udvalg>&xxe;</Udvalg></Dagsorden>"))
    parameter = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY % p SYSTEM "http://example.invalid/x.dtd"> %p;]>'
                 b"<Dagsorden/>")
    assert refusal(parameter).code == "unsafe"


@pytest.mark.parametrize(("data", "code", "message"), [
    (b"", "empty", "Filen er tom."),
    (b"  \r\n\xef\xbb\xbf ", "empty", "Filen er tom."),
    (b"%PDF-1.4 hello", "unknown_format", "Filen er hverken et XML-manifest"),
    (b"Nummer;Overskrift\n1;Godkendelse", "unknown_format", "Filen er hverken et XML-manifest"),
    (b"<html><body>Dagsorden</body></html>", "unknown_format", "rodelementet hedder <html>"),
    (b"<Dagsorden>", "malformed", "filen slutter, før XML-dokumentet er afsluttet (linje 1"),
    (b"<Dagsorden></Dagsorden><Dagsorden/>", "malformed", "der står indhold efter dokumentets sidste slutmærke"),
    (b"<Dagsorden><Udvalg>SUS</Udvalg><Dato>2018-01-01</Dato></Dagsorden>", "no_meetings", None),
    (b'<?xml version="1.0" encoding="UTF-8"?>\n<Dagsorden>\n<Udvalg>R\xe5dhus</Udvalg></Dagsorden>', "encoding",
     "linje 3 indeholder tegn, der ikke kan læses"),
    (b'<?xml version="1.0" encoding="klingon-8"?><Dagsorden/>', "encoding", "tegnsættet “klingon-8”"),
    (b"<AgendaManifest/>", "no_meetings", "Filen indeholder intet møde"),
])
def test_whole_file_refusals(data, code, message):
    if code == "no_meetings" and message is None:  # a Dagsorden is itself the meeting: this one is fine
        assert len(importers.parse(data).meetings) == 1
        return
    error = refusal(data)
    assert error.code == code
    assert message in str(error)


def test_latin1_declared_file_is_read():
    data = '<?xml version="1.0" encoding="ISO-8859-1"?><Dagsorden><Udvalg>Børneudvalget</Udvalg><Dato>2018-01-01' \
           "</Dato></Dagsorden>".encode("latin-1")
    assert importers.parse(data).meetings[0].committee_name == "Børneudvalget"
    cp1252 = '<?xml version="1.0" encoding="windows-1252"?><Dagsorden><Udvalg>Ældre – og Sundhed</Udvalg>' \
             "<Dato>2018-01-01</Dato></Dagsorden>".encode("cp1252")
    assert importers.parse(cp1252).meetings[0].committee_name == "Ældre – og Sundhed"


def test_utf16_file_is_read_and_a_wrong_declaration_refused():
    text = '<?xml version="1.0" encoding="UTF-16"?><Dagsorden><Udvalg>Børneudvalget</Udvalg><Dato>2018-01-01</Dato>' \
           "</Dagsorden>"
    assert importers.parse(text.encode("utf-16")).meetings[0].committee_name == "Børneudvalget"
    error = refusal(text.replace("UTF-16", "UTF-8").encode("utf-16"))
    assert "tegnsættet i XML-erklæringen passer ikke til filen (linje 1" in str(error)


def test_size_and_count_limits(monkeypatch):
    error = refusal(b"<Dagsorden>" + b" " * base.MAX_IMPORT_BYTES + b"</Dagsorden>")
    assert error.code == "too_large" and "højst fylde 5 MB" in str(error)
    monkeypatch.setattr(base, "MAX_ITEMS", 10)
    error = refusal(samples.make_manifest(11))
    assert error.code == "too_many"
    assert str(error).startswith("Filen har 11 dagsordenpunkter; der kan højst importeres 10")


def test_a_flood_of_elements_is_refused():
    error = refusal(b"<Dagsorden>" + b"<a/>" * 200_001 + b"</Dagsorden>")
    assert error.code == "too_many" and "mere end 200.000 elementer" in str(error)


def test_deep_nesting_is_refused():
    data = b"<Dagsorden>" + b"<a>" * 100 + b"</a>" * 100 + b"</Dagsorden>"
    error = refusal(data)
    assert "indlejret mere end 64 niveauer" in str(error)


# --- Helpers ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "time", "expected"), [
    ("2018-03-14T16:00:00", "", dt.datetime(2018, 3, 14, 16, tzinfo=CPH)),
    ("2018-03-14 16.00", "", dt.datetime(2018, 3, 14, 16, tzinfo=CPH)),
    ("2018-03-14T15:00:00Z", "", dt.datetime(2018, 3, 14, 16, tzinfo=CPH)),
    ("2018-06-14T16:00:00+02:00", "", dt.datetime(2018, 6, 14, 16, tzinfo=CPH)),
    ("2018-03-14", "16:30", dt.datetime(2018, 3, 14, 16, 30, tzinfo=CPH)),
    ("2018-03-14", "", dt.datetime(2018, 3, 14, 0, 0, tzinfo=CPH)),
    ("14.03.2018 kl. 16.00", "", dt.datetime(2018, 3, 14, 16, tzinfo=CPH)),
    ("14/3/2018", "kl. 9", dt.datetime(2018, 3, 14, 9, tzinfo=CPH)),
    ("onsdag den 14. marts 2018 kl. 16.00", "", dt.datetime(2018, 3, 14, 16, tzinfo=CPH)),
    ("14. okt. 2018", "", dt.datetime(2018, 10, 14, tzinfo=CPH)),
])
def test_dates_records_systems_write(text, time, expected):
    assert base.parse_datetime(text, time) == expected


@pytest.mark.parametrize(("text", "time", "message"), [
    ("", "", "mødet har ingen dato"),
    ("31.02.2018", "", "datoen “31.02.2018” kan ikke læses"),
    ("2018-03-14T25:00", "", "kan ikke læses"),
    ("14. marts 2018", "halv fire", "klokkeslættet “halv fire” kan ikke læses"),
    ("14. brumaire 2018", "", "kan ikke læses"),
    ("0018-03-14", "", "ligger uden for årene 1990–2100"),
    ("2018-03-14T16:00+99:00", "", "kan ikke læses"),
])
def test_unreadable_dates(text, time, message):
    with pytest.raises(DateProblem) as info:
        base.parse_datetime(text, time)
    assert message in str(info.value)


@pytest.mark.parametrize(("value", "expected"), [("3", 3), ("3.", 3), ("Punkt 12", 12), ("pkt. 4", 4), ("0", None),
                                                 ("10000", None), ("3a", None), ("", None), ("-1", None)])
def test_parse_number(value, expected):
    assert base.parse_number(value) == expected


def test_clean_text_and_names():
    assert base.clean_text("  a \x00b\r\n\r\n\r\n  c  ") == "a b\n\nc"
    assert base.clean_line("a\n b\t\x07c") == "a b c"
    assert xmltree.normalise("{urn:x}sb:Mødedato") == "moededato"
    assert base.guess_abbreviation("Teknik- og Miljøudvalget") == "TMU"
    assert base.guess_abbreviation("Økonomiudvalget") == "ØU"
    assert base.guess_abbreviation("Kommunalbestyrelsen") == "K"


def test_registry_is_pluggable():
    class Fake:
        kind, key, label, source = "xml", "fake", "Fake", "xml"
        root_names_display = "Fake"

        def accepts(self, sniffed):
            return sniffed.root == "fakeroot"

        def parse(self, data):
            return base.ParseResult(importer_key="fake", label="Fake", source="xml")

    saved = dict(base._REGISTRY)
    try:
        importers.register(Fake)
        assert importers.detect(b"<Fake-Root/>").key == "fake"
        assert importers.parse(b"<FakeRoot/>").importer_key == "fake"
    finally:
        base._REGISTRY.clear()
        base._REGISTRY.update(saved)
    assert "<Fake" in str(refusal(b"<FakeRoot/>"))
