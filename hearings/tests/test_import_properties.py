"""Property tests for malformed input (hypothesis): random bytes, random mutations of a valid
SBSYS manifest and of a valid calendar, and random text in every field. Whatever the input,
an import either gives a clean report or raises ``ImportRefused`` with a Danish message – never
another exception; a refused file writes nothing; a file that was imported imports again
without writing anything (idempotent), and nothing stored holds a control character or a
CPR number."""

import re
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from core.models import AuditEvent
from core.text import contains_cpr
from hearings import importers
from hearings.importers import samples
from hearings.importers.base import ImportRefused, ImportReport
from hearings.models import Committee, CommitteeAgendaItem, CommitteeMeeting
from hearings.services.imports import import_file

FIXTURES = Path(__file__).parent / "fixtures"
MANIFEST = (FIXTURES / "sbsys_sus_2018-03-14.xml").read_bytes()
CALENDAR = (FIXTURES / "moedeplan_2018.ics").read_bytes()
ACADRE = (FIXTURES / "acadre_bsu_2018-04-11.xml").read_bytes()
SMALL = samples.make_manifest(3)

pure = settings(database=None, max_examples=300, deadline=None)
with_db = settings(database=None, max_examples=60, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@pytest.fixture
def council(make_council, make_user):
    return make_council("nordby", secretary=make_user("sekretariat@example.org"))


def rows() -> tuple[int, ...]:
    return (Committee.objects.count(), CommitteeMeeting.objects.count(), CommitteeAgendaItem.objects.count(),
            AuditEvent.objects.filter(action="hearings.import.applied").count())


def check_import(council, data: bytes) -> ImportReport | None:
    """Import ``data``; the invariants every input must keep."""
    before = rows()
    try:
        report = import_file(council=council, data=data, filename="fil.xml", actor=None)
    except ImportRefused as refused:
        event(f"refused: {refused.code}")
        assert rows() == before, "a refused file wrote something"
        assert refused.field == "file" and str(refused).strip()
        assert str(refused)[0].isupper()
        return None
    assert isinstance(report, ImportReport)
    event("imported, wrote something" if report.wrote_anything else "imported, nothing new")
    for line in (*report.added, *report.changed, *report.unchanged, *report.refused, *report.notes):
        assert isinstance(line, str) and line.strip()
    for line in report.refused:
        assert line.startswith("Linje ") or line[0].isupper()
    # Idempotent: the same file again writes nothing and keeps the counts.
    after = rows()
    again = import_file(council=council, data=data, filename="fil.xml", actor=None)
    assert not again.wrote_anything, (again.added, again.changed)
    assert rows()[:3] == after[:3]
    return report


def check_isolated(council, data: bytes) -> None:
    """``check_import`` in a savepoint rolled back afterwards: every example starts from the same
    empty municipality, so more of them write something."""
    with transaction.atomic():
        check_import(council, data)
        stored_texts_are_clean()
        transaction.set_rollback(True)


def stored_texts_are_clean() -> None:
    for title, case_text, case_code in CommitteeAgendaItem.objects.values_list("title", "case_text", "case_code"):
        for text in (title, case_text, case_code):
            assert not CONTROL.search(text.replace("\n", "").replace("\t", ""))
            assert not contains_cpr(text)


# --- Parsing alone: no database -------------------------------------------------------------------

def parse_or_refuse(data: bytes) -> None:
    try:
        result = importers.parse(data)
    except ImportRefused as refused:
        assert str(refused).strip()
        return
    for meeting in result.meetings:
        assert meeting.starts_at.tzinfo is not None
        for item in meeting.items:
            assert item.title and 1 <= item.number <= 9999


@pure
@given(st.binary(max_size=3000))
def test_random_bytes_never_crash_the_parser(data):
    parse_or_refuse(data)


@pure
@given(st.sampled_from([b"<Dagsorden>", b"<?xml version='1.0'?><Dagsorden", b"BEGIN:VCALENDAR\r\n",
                        b"<AgendaManifest><Meeting>", b"\xef\xbb\xbf<Dagsorden Id='x'>"]), st.binary(max_size=2000))
def test_random_bytes_after_a_plausible_start_never_crash_the_parser(start, rest):
    parse_or_refuse(start + rest)


def mutations():
    """A valid file with random bytes deleted, inserted, replaced or duplicated, or cut short."""
    @st.composite
    def mutate(draw, source):
        data = bytearray(source)
        for _ in range(draw(st.integers(1, 4))):
            kind = draw(st.sampled_from(["delete", "insert", "replace", "duplicate", "truncate", "token"]))
            at = draw(st.integers(0, max(len(data) - 1, 0)))
            if kind == "delete":
                del data[at:at + draw(st.integers(1, 40))]
            elif kind == "insert":
                data[at:at] = draw(st.binary(min_size=1, max_size=20))
            elif kind == "replace":
                if data:
                    data[at] = draw(st.integers(0, 255))
            elif kind == "duplicate":
                data[at:at] = data[at:at + draw(st.integers(1, 200))]
            elif kind == "truncate":
                del data[at:]
            else:
                data[at:at] = draw(st.sampled_from([b"<", b">", b"&", b"&amp;", b"</Nummer>", b"<Nummer>3</Nummer>",
                                                    b"<!DOCTYPE x>", b"]]>", b"\r\n ", b"END:VEVENT\r\n",
                                                    b"BEGIN:VEVENT\r\n", b"DTSTART:2018", b"\xc3", b"\x00",
                                                    b"010190-1234", b"<Lukket>ja</Lukket>", b"&#0;"]))
        return bytes(data)
    return mutate


@pure
@given(st.one_of(mutations()(MANIFEST), mutations()(CALENDAR), mutations()(ACADRE)))
def test_mutated_files_never_crash_the_parser(data):
    parse_or_refuse(data)


# --- Importing: nothing half-imported, idempotent ---------------------------------------------------

@with_db
@given(data=st.binary(max_size=1500))
def test_importing_random_bytes_is_refused_cleanly(council, data):
    check_import(council, data)


@with_db
@given(data=st.one_of(mutations()(SMALL), mutations()(CALENDAR), mutations()(MANIFEST)))
def test_importing_mutated_files_never_half_imports_and_is_idempotent(council, data):
    check_isolated(council, data)


# Text that XML can hold (no control characters, no surrogates), and sometimes anything at all.
xml_text = st.text(alphabet=st.one_of(st.characters(blacklist_categories=("Cs", "Cc")), st.sampled_from("\n\t<&>\"'")),
                   max_size=120)
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
REALISTIC = {
    "number": ["1", "2", "3", "Punkt 4", "0", "3a", ""],
    "code": ["SUS", "SUS/ØU/KB", "", "A" * 61],
    "title": ["Godkendelse af dagsorden", "Udarbejdelse af ny Sundhedspolitik 2018", "", " ", "T" * 301,
              "Sag om 010190-1234"],
    "url": ["https://dagsordener.example.dk/sus/1", "", "ikke et link", "javascript:alert(1)"],
    "text": ["Forvaltningen orienterer.", "", "<p>Et</p><p>To</p>", "Borger 010190-1234"],
    "closed": ["true", "false", "ja", "nej", "", "måske"],
    "name": ["Social- og Sundhedsudvalget", "Børne- og Skoleudvalget", "", "N" * 151],
    "abbr": ["SUS", "sus", "BSU", "", "ALTFORLANGFORKORTELSE"],
    "date": ["2018-03-14T16:00:00", "14.03.2018 kl. 16.00", "2018-03-15", "31.02.2018", "", "0018-01-01"],
    "place": ["Rådhuset, mødelokale 2", "", "Hos 010190-1234", "P" * 201],
}


@st.composite
def manifests_with_random_fields(draw):
    def value(kind):
        text = draw(st.one_of(st.sampled_from(REALISTIC[kind]), xml_text))
        return escape(text).encode("utf-8")

    def ident():
        return quoteattr(draw(st.one_of(st.sampled_from(["A", "B", ""]), xml_text))).encode("utf-8")

    items = b"".join(
        b"<Dagsordenpunkt Id=" + ident() + b"><Nummer>" + value("number") + b"</Nummer>"
        b"<Sagsgang>" + value("code") + b"</Sagsgang><Overskrift>" + value("title") + b"</Overskrift><Link>"
        + value("url") + b"</Link><Sagsfremstilling>" + value("text") + b"</Sagsfremstilling><Lukket>"
        + value("closed") + b"</Lukket></Dagsordenpunkt>\n" for _ in range(draw(st.integers(0, 5))))
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n<Dagsorden Id=' + ident()
            + b"><Udvalg><Navn>" + value("name") + b"</Navn><Forkortelse>" + value("abbr") + b"</Forkortelse>"
            + b"</Udvalg><Moededato>" + value("date") + b"</Moededato><Sted>" + value("place") + b"</Sted><Link>"
            + value("url") + b"</Link>\n<Dagsordenpunkter>\n" + items + b"</Dagsordenpunkter></Dagsorden>")


@with_db
@given(data=manifests_with_random_fields())
def test_random_text_in_every_field_gives_a_report_or_a_refusal(council, data):
    check_isolated(council, data)


CALENDAR_REALISTIC = {
    "uid": ["a@example.dk", "b@example.dk", ""],
    "summary": ["SUS", "Social- og Sundhedsudvalget (SUS)", "Møde i Børne- og Skoleudvalget", "", "N" * 151],
    "start": ["20180314T160000", "20180314", "20180314T150000Z", "2018-03-14", "", "00010101T000000"],
    "place": ["Rådhuset\\, mødelokale 2", "", "Hos 010190-1234"],
    "url": ["https://dagsordener.example.dk/sus/1", "", "ikke et link"],
}


@st.composite
def calendars_with_random_fields(draw):
    def value(kind):
        text = draw(st.one_of(st.sampled_from(CALENDAR_REALISTIC[kind]), xml_text, any_text))
        return text.replace("\r", "").replace("\n", "\\n").encode("utf-8")

    events = b"".join(b"BEGIN:VEVENT\r\nUID:" + value("uid") + b"\r\nSUMMARY:" + value("summary")
                      + b"\r\nDTSTART:" + value("start") + b"\r\nLOCATION:" + value("place") + b"\r\nURL:"
                      + value("url") + b"\r\nEND:VEVENT\r\n" for _ in range(draw(st.integers(0, 4))))
    return b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + events + b"END:VCALENDAR\r\n"


@with_db
@given(data=calendars_with_random_fields())
def test_random_text_in_calendar_fields_gives_a_report_or_a_refusal(council, data):
    check_isolated(council, data)
