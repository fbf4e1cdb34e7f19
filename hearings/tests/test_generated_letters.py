"""Sent letters are kept as files (``core.models.GeneratedDocument``) under the letter's
fingerprint: the e-mail, the public PDF and every download get the same bytes without
WeasyPrint running again; a letter with other content is kept under a new hash."""

from unittest import mock

import pytest

from core.models import GeneratedDocument
from hearings import documents
from hearings.tests.test_documents import councils, response  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def renders():
    return mock.patch.object(documents, "html_to_pdf", wraps=documents.html_to_pdf)


def test_a_kept_letter_is_served_byte_identical_without_rendering(councils):  # noqa: F811
    udsat, _handicap = councils
    with renders() as spy:
        first = documents.letter_pdf_cached(response([udsat]), key=12)
        second = documents.letter_pdf_cached(response([udsat]), key=12)
    assert spy.call_count == 1 and first == second and first.startswith(b"%PDF")
    kept = GeneratedDocument.objects.get(council=udsat, kind="hearings.response")
    assert kept.key == "12" and kept.read() == first
    assert kept.name == documents.letter_filename(response([udsat]), "pdf")


def test_a_letter_with_other_content_is_kept_under_a_new_hash(councils):  # noqa: F811
    udsat, _handicap = councils
    documents.letter_pdf_cached(response([udsat]))
    changed = response([udsat], intro="Et andet svar.")
    with renders() as spy:
        documents.letter_pdf_cached(changed)
    assert spy.call_count == 1
    assert GeneratedDocument.objects.filter(council=udsat, kind="hearings.response").values("sha256").distinct() \
        .count() == 2
