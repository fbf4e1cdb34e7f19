"""Public PDF downloads are kept files (issue 14, DESIGN "Generated documents are stored"): the
published minutes and a meeting's poster are rendered once, kept under the hash of their HTML
(``core.documents.stored_document``) and then streamed from the file with an ETag and
Last-Modified; a browser that has the file gets 304; a change of content is a new file."""

import pytest
from django.http import FileResponse

from core.models import GeneratedDocument
from meetings.models import Meeting
from public.tests.crawler import pdf_text
from public.tests.test_public_minutes import held_meeting, make_board, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(make_council, add_member, make_user):
    council, people, secretary = make_board(make_council, add_member, make_user)
    return publish(held_meeting(council, people, secretary), secretary)


def test_published_minutes_are_streamed_from_the_kept_file_with_etag_and_304(client, published):
    url = f"/nordby/moeder/{published.pk}/referat.pdf"
    first = client.get(url)
    assert first.status_code == 200 and isinstance(first, FileResponse)
    kept = GeneratedDocument.objects.get(kind="meetings.minutes.public", key=str(published.pk))
    assert first["ETag"] == f'"{kept.sha256}"' and first["Last-Modified"]
    assert first["Content-Type"] == "application/pdf" and first["Content-Disposition"].startswith("inline;")
    assert first["Cache-Control"] == "public, max-age=300"
    body = first.getvalue()
    assert body == kept.read() and "Offentlig udgave" in pdf_text(body)

    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"] and not again.content
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    assert GeneratedDocument.objects.filter(kind="meetings.minutes.public").count() == 1


def test_a_meetings_poster_is_rendered_once_and_again_only_when_it_changes(client, published):
    url = f"/nordby/moeder/{published.pk}/plakat.pdf"
    first = client.get(url)
    assert first.status_code == 200 and isinstance(first, FileResponse)
    body = first.getvalue()
    assert "Rådsmøde" in pdf_text(body)
    posters = GeneratedDocument.objects.filter(kind="public.poster")
    assert posters.count() == 1

    second = client.get(url)
    assert second["ETag"] == first["ETag"] and second.getvalue() == body
    assert posters.count() == 1  # served from the file, not rendered again

    Meeting.objects.filter(pk=published.pk).update(title="Ekstra rådsmøde")
    changed = client.get(url)
    assert changed["ETag"] != first["ETag"] and "Ekstra rådsmøde" in pdf_text(changed.getvalue())
    assert posters.count() == 2
