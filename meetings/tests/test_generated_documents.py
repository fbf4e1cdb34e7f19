"""The published minutes and the sent agenda as public PDFs are kept as files
(``core.models.GeneratedDocument``): published once, served byte-identical on every download
without WeasyPrint, and kept again under a new hash when the published content changes."""

import datetime as dt
from unittest import mock

import pytest

from core.models import GeneratedDocument
from meetings import documents
from meetings.models import MeetingStatus
from meetings.services import minutes as services
from meetings.tests.seed import build_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def published(seed, django_capture_on_commit_callbacks):
    """The seed meeting held, approved at the next meeting and published (the on-commit work run)."""
    first = build_meeting(seed).meeting
    second = build_meeting(seed, day=dt.date(2026, 6, 3), with_items=False).meeting
    services.meeting_mark_held(meeting=first, actor=seed.secretary)
    services.minutes_approve_at_meeting(meeting=first, at_meeting=second, actor=seed.secretary)
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_publish(meeting=first, actor=seed.secretary)
    first.refresh_from_db()
    assert first.status == MeetingStatus.MINUTES_PUBLISHED
    return first


def renders():
    """A spy on the one WeasyPrint call of the meetings documents."""
    return mock.patch.object(documents, "html_to_pdf", wraps=documents.html_to_pdf)


def test_publishing_keeps_the_public_minutes_pdf(published):
    kept = GeneratedDocument.objects.get(council=published.council, kind="meetings.minutes.public")
    assert kept.key == str(published.pk) and kept.name == documents.pdf_filename(published, "minutes")
    with renders() as spy:
        first = documents.public_pdf(published, "minutes")
        second = documents.public_pdf(published, "minutes")
    assert spy.call_count == 0
    assert first == second == kept.read() and first.startswith(b"%PDF")


def test_changed_published_content_is_kept_under_a_new_hash(published):
    kept = GeneratedDocument.objects.get(council=published.council, kind="meetings.minutes.public")
    item = published.items.filter(closed=False).order_by("position").first()
    item.decision = "Rådet besluttede noget helt nyt."
    item.save(update_fields=["decision"])
    with renders() as spy:
        changed = documents.public_pdf(published, "minutes")
        again = documents.public_pdf(published, "minutes")
    assert spy.call_count == 1 and changed == again
    hashes = set(GeneratedDocument.objects.filter(council=published.council, kind="meetings.minutes.public")
                 .values_list("sha256", flat=True))
    assert len(hashes) == 2 and kept.sha256 in hashes


def test_an_unpublished_document_is_rendered_live_and_not_kept(seed):
    meeting = build_meeting(seed).meeting
    with renders() as spy:
        documents.public_pdf(meeting, "minutes")
    assert spy.call_count == 1
    assert not GeneratedDocument.objects.filter(council=meeting.council).exists()
