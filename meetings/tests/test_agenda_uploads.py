"""Attachments: the real type is sniffed from the content, the size is limited, and files are
served through a view that checks who may see them – never from MEDIA_URL."""

import os

import pytest
from django.test import Client
from django.urls import reverse

from core.errors import ApplicationError
from core.models import AuditEvent
from core.uploads import ATTACHMENT, validate_upload
from meetings.models import Attachment, MeetingStatus
from meetings.services import agenda as services
from meetings.tests.agenda_builders import docx_bytes, make_meeting, pdf_bytes, png_bytes, set_status, upload

DISGUISED = "kan ikke bruges som bilag: indholdet er ikke en af de tilladte filtyper"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><head><title>Dagsorden</title></head><body><script>alert(1)</script></body></html>"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def zip_bytes(entries: dict) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


# --- Sniffing -------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "content", "key", "shown"), [
    ("Årsberetning 2025.pdf", pdf_bytes(), "pdf", "Årsberetning 2025.pdf"),
    ("udkast.docx", docx_bytes(), "docx", "udkast.docx"),
    ("foto.png", png_bytes(), "png", "foto.png"),
    ("gammel.doc", OLE + "WordDocument".encode("utf-16-le") + b"\x00" * 64, "doc", "gammel.doc"),
    ("regnskab.xlsx", zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}), "xlsx",
     "regnskab.xlsx"),
    ("notat.odt", zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}), "odt",
     "notat.odt"),
    # A real PDF with the wrong name is accepted under its real type.
    ("referat.docx", pdf_bytes(), "pdf", "referat.pdf"),
], ids=["pdf", "docx", "png", "doc", "xlsx", "odt", "pdf-named-docx"])
def test_allowed_types_are_recognised_from_their_content(name, content, key, shown):
    valid = validate_upload(upload(name, content), noun=ATTACHMENT)
    assert valid.kind.key == key and valid.name == shown and valid.size == len(content)


@pytest.mark.parametrize(("name", "content"), [
    ("dagsorden.pdf", EXE),  # a program renamed .pdf
    ("dagsorden.pdf", HTML),  # a web page renamed .pdf
    ("bilag.docx", zip_bytes({"evil.js": "alert(1)"})),  # any ZIP file renamed .docx
    ("bilag.doc", OLE),  # an Office container that is not a Word document (e.g. an installer)
    ("bilag.pdf", b"Bare almindelig tekst, ingen PDF."),
    ("bilag.jpg", b"\xff\xd8"),  # too short to be a JPEG
], ids=["exe-as-pdf", "html-as-pdf", "zip-as-docx", "ole-not-word", "text-as-pdf", "stub-jpeg"])
def test_disguised_uploads_are_refused_with_a_danish_message(name, content):
    with pytest.raises(ApplicationError) as error:
        validate_upload(upload(name, content), noun=ATTACHMENT)
    assert error.value.field == "file" and error.value.code == "disguised"
    assert f"Filen “{name}” {DISGUISED} (PDF, Word (DOCX eller DOC), ODT, Excel (XLSX), PNG og JPEG)" in str(
        error.value)


@pytest.mark.parametrize(("limit", "text"), [(1024 * 1024, "1"), (512 * 1024, "0,5")])
def test_oversized_files_are_refused_naming_the_limit_in_mb(settings, limit, text):
    settings.STEMME_MAX_UPLOAD_BYTES = limit
    content = pdf_bytes() + b"%" * limit
    with pytest.raises(ApplicationError) as error:
        validate_upload(upload("stor.pdf", content), noun=ATTACHMENT)
    assert error.value.code == "too_large"
    assert f"Et bilag må højst fylde {text} MB." in str(error.value)


# --- The services -----------------------------------------------------------------------------

def test_attachment_add_stores_the_sniffed_type_under_a_random_name(april, media_root, secretary):
    item = services.item_create(meeting=april, title="Årsberetning")
    attachment = services.attachment_add(item=item, file=upload("../../etc/passwd.pdf", pdf_bytes()),
                                         name="Udkast til årsberetning", actor=secretary)
    assert attachment.name == "Udkast til årsberetning.pdf"
    assert attachment.content_type == "application/pdf" and attachment.size == len(pdf_bytes())
    stored = os.path.basename(attachment.file.name)
    assert len(stored) == 36 and stored.endswith(".pdf") and "passwd" not in attachment.file.name
    assert attachment.file.read() == pdf_bytes()
    event = AuditEvent.objects.get(action="meetings.attachment.added")
    assert event.actor == secretary and event.after["name"] == "Udkast til årsberetning.pdf"


def test_attachment_add_refuses_disguised_files_and_saves_nothing(april, media_root):
    item = services.item_create(meeting=april, title="Årsberetning")
    with pytest.raises(ApplicationError):
        services.attachment_add(item=item, file=upload("virus.pdf", EXE))
    assert not Attachment.objects.exists()
    assert not (media_root / "attachments").exists()


def test_attachment_delete_removes_the_row_and_the_file(april, media_root, django_capture_on_commit_callbacks):
    item = services.item_create(meeting=april, title="Årsberetning")
    attachment = services.attachment_add(item=item, file=upload("a.pdf", pdf_bytes()))
    path = attachment.file.path
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_delete(attachment=attachment)
    assert not Attachment.objects.exists() and not os.path.exists(path)


def test_no_attachments_after_the_minutes_are_approved(april, media_root):
    item = services.item_create(meeting=april, title="Årsberetning")
    set_status(april, MeetingStatus.MINUTES_APPROVED)
    with pytest.raises(ApplicationError, match="Referatet af mødet er godkendt"):
        services.attachment_add(item=item, file=upload("a.pdf", pdf_bytes()))


# --- Serving ----------------------------------------------------------------------------------

@pytest.fixture
def files(april, media_root):
    open_item = services.item_create(meeting=april, title="Årsberetning")
    closed_item = services.item_create(meeting=april, title="Lokaler", closed=True, publish_title=True)
    return {
        "open": services.attachment_add(item=open_item, file=upload("beretning.pdf", pdf_bytes())),
        "word": services.attachment_add(item=open_item, file=upload("beretning.docx", docx_bytes())),
        "closed": services.attachment_add(item=closed_item, file=upload("kontrakt.pdf", pdf_bytes())),
    }


def url(meeting, attachment, slug=None):
    return reverse("meetings:attachment", args=[slug or meeting.council.slug, meeting.pk, attachment.pk])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_council_people_get_every_attachment(april, files, secretary_client):
    response = secretary_client.get(url(april, files["closed"]))
    assert response.status_code == 200 and body(response) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Cache-Control"] == "private, no-store"
    word = secretary_client.get(url(april, files["word"]))
    assert word["Content-Disposition"].startswith("attachment") and 'filename="beretning.docx"' in word[
        "Content-Disposition"]


def test_a_member_gets_a_closed_items_attachment(april, files, member_client):
    response = member_client.get(url(april, files["closed"]))
    assert response.status_code == 200 and body(response) == pdf_bytes()


def test_the_internal_url_is_for_council_people_only(april, files, make_user):
    set_status(april, MeetingStatus.AGENDA_PUBLISHED)
    response = Client().get(url(april, files["open"]))
    assert response.status_code == 302 and "/konto/log-ind/" in response["Location"]
    outsider = Client()
    outsider.force_login(make_user("udefra@example.org"))
    assert outsider.get(url(april, files["closed"])).status_code == 403
    assert outsider.get(url(april, files["open"])).status_code == 403


def public_url(meeting, attachment):
    return reverse("public_attachment", args=[meeting.council.slug, meeting.pk, attachment.pk])


@pytest.mark.urls("meetings.tests.urls_agenda_public")
def test_the_public_gets_open_items_of_a_published_public_agenda_only(april, files):
    anonymous = Client()
    # Not published yet: nothing for the public.
    assert anonymous.get(public_url(april, files["open"])).status_code == 404
    set_status(april, MeetingStatus.AGENDA_PUBLISHED)
    response = anonymous.get(public_url(april, files["open"]))
    assert response.status_code == 200 and body(response) == pdf_bytes()
    assert response["Cache-Control"] == "private, max-age=300"
    closed = anonymous.get(public_url(april, files["closed"]))
    assert closed.status_code == 404 and not getattr(closed, "streaming", False)


@pytest.mark.urls("meetings.tests.urls_agenda_public")
def test_a_non_public_meetings_attachments_stay_internal(council, people, media_root, secretary_client):
    meeting = make_meeting(council, "2026-05-05", public=False)
    item = services.item_create(meeting=meeting, title="Intern temadag")
    attachment = services.attachment_add(item=item, file=upload("plan.pdf", pdf_bytes()))
    set_status(meeting, MeetingStatus.AGENDA_PUBLISHED)
    assert Client().get(public_url(meeting, attachment)).status_code == 404
    assert secretary_client.get(url(meeting, attachment)).status_code == 200


@pytest.mark.urls("meetings.tests.urls_agenda_public")
def test_the_public_url_checks_the_council_and_meeting(april, files, other_council, council):
    set_status(april, MeetingStatus.AGENDA_PUBLISHED)
    wrong_council = reverse("public_attachment", args=[other_council.slug, april.pk, files["open"].pk])
    assert Client().get(wrong_council).status_code == 404
    june = make_meeting(council, "2026-06-11", status=MeetingStatus.AGENDA_PUBLISHED)
    wrong_meeting = reverse("public_attachment", args=[council.slug, june.pk, files["open"].pk])
    assert Client().get(wrong_meeting).status_code == 404


def test_another_councils_address_or_another_meeting_is_a_404(april, files, council, other_council, make_user,
                                                               secretary_client):
    from councils import services as council_services

    # The other council's own secretary, at the other council's address.
    other_secretary = make_user("sydby@example.org")
    council_services.council_secretary_add(council=other_council, user=other_secretary)
    other = Client()
    other.force_login(other_secretary)
    assert other.get(url(april, files["open"], slug=other_council.slug)).status_code == 404
    # This council's secretary, through another meeting of the same council.
    june = make_meeting(council, "2026-06-11")
    assert secretary_client.get(reverse("meetings:attachment", args=[council.slug, june.pk,
                                                                     files["open"].pk])).status_code == 404


def test_files_are_not_served_from_media_url(april, files, secretary_client):
    from django.conf import settings

    assert secretary_client.get(settings.MEDIA_URL + files["closed"].file.name).status_code == 404
