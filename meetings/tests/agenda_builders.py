"""Builders for the agenda tests (their fixtures are in conftest.py). State is built through the real services:
councils (roster), meetings.services.plan (meetings), meetings.services.agenda (items) and
meetings.services.minutes (action items). Only a meeting's status is set directly, to
stand for steps of the cycle that other parts own (holding the meeting, approving minutes).

The story follows the seed meeting of spring 2019, with fictional people: the council met
in March; at the April meeting items 3 and 4 are swapped."""

import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.models import Meeting
from meetings.services import agenda as agenda_services
from meetings.services import plan as plan_services
from meetings.tests.plan_builders import CPH, at  # noqa: F401  (the agenda tests import them from here too)

_counter = itertools.count(1)


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

def own_items(meeting, titles=("Fokus på socialt frikort", "Udkast til årsberetning",
                               "Mødet med Social- og Sundhedsudvalget", "Emner udsættes til efteråret")):
    return [agenda_services.item_create(meeting=meeting, title=t, kind="decision",
                                        case_text=f"Sagsfremstilling om {t.lower()}.") for t in titles]

