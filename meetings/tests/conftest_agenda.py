"""Fixtures and builders for the agenda tests (test_agenda_*.py import them with
``from meetings.tests.conftest_agenda import *``). State is built through the real services:
councils (roster), meetings.services.plan (meetings), meetings.services.agenda (items) and
meetings.services.minutes (action items). Only a meeting's status is set directly, to
stand for steps of the cycle that other parts own (holding the meeting, approving minutes).

The story follows the seed meeting of spring 2019, with fictional people: the council met
in March; at the April meeting items 3 and 4 are swapped."""

import datetime as dt
import io
import itertools
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from councils import services as council_services
from meetings.models import Meeting, MeetingStatus
from meetings.services import agenda as agenda_services
from meetings.services import plan as plan_services

CPH = ZoneInfo("Europe/Copenhagen")
_counter = itertools.count(1)

__all__ = ["CPH", "at", "make_meeting", "set_status", "pdf_bytes", "upload", "docx_bytes", "png_bytes",
           "secretary", "council", "other_council", "people", "march", "april", "member_client",
           "secretary_client", "chair_client", "media_root", "own_items"]


def at(day: dt.date | str, hour: int = 16, minute: int = 0) -> dt.datetime:
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=CPH)


def make_meeting(council, day, *, hours=(16, 18), status=None, **fields) -> Meeting:
    meeting = plan_services.meeting_create(council=council, kind=fields.pop("kind", "ordinary"),
                                           starts_at=at(day, hours[0]), ends_at=at(day, hours[1]),
                                           location=fields.pop("location", "Rådhuset, mødelokale 2"), **fields)
    if status:
        set_status(meeting, status)
    return meeting


def set_status(meeting: Meeting, status: str) -> Meeting:
    """Stand-in for the steps other parts own (held, minutes approved)."""
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    meeting.refresh_from_db()
    return meeting


# --- Files --------------------------------------------------------------------------------

def pdf_bytes() -> bytes:
    """A minimal valid one-page PDF, written by hand (with a correct cross-reference table)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def docx_bytes(text="Udkast til årsberetning") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def png_bytes() -> bytes:
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"\x00\xff\x00\x00"  # one red pixel
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def upload(name: str, content: bytes, content_type="application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- Fixtures -----------------------------------------------------------------------------

@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def secretary(make_user):
    return make_user("sekretariat@example.org", name="Sara Sekretær")


@pytest.fixture
def council(make_council, secretary):
    return make_council("nordby", name="Udsatterådet Nordby", secretary=secretary)


@pytest.fixture
def other_council(make_council):
    return make_council("sydby", name="Udsatterådet Sydby")


@pytest.fixture
def people(council, add_member, make_user):
    """Five members (Jette chairs), two personal substitutes, a guest, and accounts for Jette
    (chair) and Søren (member). Returns persons by first name."""
    jette_user = make_user("jette@example.org", name="Jette Holm")
    soeren_user = make_user("soeren@example.org", name="Søren Dahl")
    jette = add_member(council, "Jette Holm", user=jette_user)
    soeren = add_member(council, "Søren Dahl", user=soeren_user, email="soeren@ex.org")
    nina = add_member(council, "Nina Berg")
    rene = add_member(council, "René Falk", email="rene@ex.org")
    kirsten = add_member(council, "Kirsten Vang")
    add_member(council, "Martin Lund", role="substitute", substitute_for=soeren)
    add_member(council, "Ulla Krog", role="substitute", substitute_for=nina)
    add_member(council, "Carina Bak", role="guest")
    council_services.position_assign(council=council, person=jette.person, kind="chair", start=dt.date(2026, 2, 1))
    return {m.person.name.split()[0]: m.person for m in (jette, soeren, nina, rene, kirsten)} | {
        "kirsten_membership": kirsten}


@pytest.fixture
def march(council, people):
    """The previous meeting, held: its decisions left action items with owners."""
    from meetings.services import minutes as minutes_services

    meeting = make_meeting(council, "2026-03-12")
    item = agenda_services.item_create(meeting=meeting, title="Socialt frikort", kind="decision")
    minutes_services.action_item_create(meeting=meeting, item=item, title="Interview med lokalavisen om frikortet",
                                        owners=[people["Jette"], people["Søren"]], due=dt.date(2026, 5, 1))
    minutes_services.action_item_create(meeting=meeting, item=item, title="Svar fra skolerne om morgenmad",
                                        owners=[people["René"]], due=dt.date(2026, 3, 31))
    done = minutes_services.action_item_create(meeting=meeting, item=None, title="Opdatér hjemmesiden",
                                               owners=[people["Nina"]], due=None)
    done.status = "done"
    done.save(update_fields=["status"])
    return set_status(meeting, MeetingStatus.MINUTES_APPROVED)


@pytest.fixture
def april(council, people, march):
    """The meeting under test: Kirsten left after March; a nominee awaits appointment."""
    council_services.membership_end(membership=people["kirsten_membership"], end=dt.date(2026, 3, 20),
                                    reason="withdrew")
    from councils.models import Term

    nominee = council_services.person_save(council=council, name="Lise Agerholm", email="lisbeth@ex.org")
    term = Term.objects.get(council=council)
    council_services.membership_create(council=council, person=nominee, term=term, role="member",
                                       start=dt.date(2026, 4, 1), status="nominated")
    return make_meeting(council, "2026-04-23")


def own_items(meeting, titles=("Fokus på socialt frikort", "Udkast til årsberetning",
                               "Mødet med Social- og Sundhedsudvalget", "Emner udsættes til efteråret")):
    return [agenda_services.item_create(meeting=meeting, title=t, kind="decision",
                                        case_text=f"Sagsfremstilling om {t.lower()}.") for t in titles]


@pytest.fixture
def secretary_client(client, secretary):
    client.force_login(secretary)
    return client


@pytest.fixture
def chair_client(client, people):
    client.force_login(people["Jette"].user)
    return client


@pytest.fixture
def member_client(client, people):
    client.force_login(people["Søren"].user)
    return client
