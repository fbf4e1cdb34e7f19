"""Generated documents kept as files (``core.documents.stored_document``): rendered once per
content, served byte-identical afterwards, and a new file when the content changes."""

import pytest

from core.documents import stored_document
from core.models import GeneratedDocument

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


class Renderer:
    """Counts the renders; each render's bytes differ, so a second render would show."""

    def __init__(self):
        self.calls = 0

    def __call__(self) -> bytes:
        self.calls += 1
        return b"%PDF-1.7 render " + str(self.calls).encode()


def keep(council, source: str, render) -> GeneratedDocument:
    return stored_document(council=council, kind="test.letter", key=7, source=source, render=render,
                           name="brev.pdf")


def test_the_same_content_is_rendered_once(make_council):
    council = make_council()
    render = Renderer()
    first = keep(council, "<p>Brev</p>", render)
    again = keep(council, "<p>Brev</p>", render)
    assert render.calls == 1
    assert again.pk == first.pk and again.read() == first.read() == b"%PDF-1.7 render 1"
    assert (first.key, first.name, first.content_type, first.size) == ("7", "brev.pdf", "application/pdf", 17)
    assert first.file.name.startswith("documents/") and first.file.name.endswith(".pdf")


def test_changed_content_is_a_new_document_with_a_new_hash(make_council):
    council = make_council()
    render = Renderer()
    first = keep(council, "<p>Brev</p>", render)
    changed = keep(council, "<p>Et andet brev</p>", render)
    assert render.calls == 2 and changed.sha256 != first.sha256
    assert changed.read() == b"%PDF-1.7 render 2" and first.read() == b"%PDF-1.7 render 1"
    assert GeneratedDocument.objects.filter(council=council, kind="test.letter").count() == 2


def test_each_council_keeps_its_own(make_council):
    render = Renderer()
    keep(make_council("a"), "<p>Brev</p>", render)
    keep(make_council("b"), "<p>Brev</p>", render)
    assert render.calls == 2


def test_a_lost_file_is_rendered_again(make_council):
    council = make_council()
    render = Renderer()
    first = keep(council, "<p>Brev</p>", render)
    first.file.storage.delete(first.file.name)
    again = keep(council, "<p>Brev</p>", render)
    assert render.calls == 2 and again.pk == first.pk and again.read() == b"%PDF-1.7 render 2"
