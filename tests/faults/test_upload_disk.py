"""Disk full on upload (issue 15, "Faults"): a storage that runs out of space half-way through
writing a file (it writes part of the file to disk, then raises ENOSPC like a full disk does).
Every upload is written by one helper (core.models.StoredFieldFile, the file of every
StoredFile row), so: a clear Danish message on the form, everything typed kept, and no
half-written file left on disk nor a row pointing at one. A tmpfs of a few kilobytes would be
the real thing, but mounting one needs privileges a test does not have."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import ApplicationError
from core.models import StoredFile
from core.upload_limits import DiskSafeTemporaryFileUploadHandler
from core.uploads import DOCUMENT
from library.models import Document
from library.tests.conftest import REPORT_SOURCE, REPORT_TITLE, client_for, lib, media_root, pdf_bytes  # noqa: F401

FULL_MESSAGE = "kunne ikke gemmes, fordi der ikke er mere plads på serveren"


class FullDiskStorage(FileSystemStorage):
    """Writes the first part of each file to disk, then the disk is full."""

    written_before_full = 512

    def _save(self, name, content):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        content.seek(0)
        with open(path, "wb") as partial:
            partial.write(content.read(self.written_before_full))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)


class FullTempFolderHandler(DiskSafeTemporaryFileUploadHandler):
    """Stemme's handler for large uploads, on a temporary folder with ``room`` bytes left: the
    write that crosses it fails with ENOSPC like a full disk's."""

    room = 1024
    paths: list[str] = []

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        FullTempFolderHandler.paths.append(self.file.temporary_file_path())
        self.file.file = NearlyFull(self.file.file, self.room)


class NearlyFull:
    """A file on a disk with ``room`` bytes left."""

    def __init__(self, file, room: int) -> None:
        self._file, self._room = file, room

    def write(self, data: bytes) -> int:
        if len(data) > self._room:
            self._file.write(data[: self._room])
            self._room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._room -= len(data)
        return self._file.write(data)

    def __getattr__(self, name):
        return getattr(self._file, name)


class BrokenDiskStorage(FullDiskStorage):
    def _save(self, name, content):
        try:
            super()._save(name, content)
        except OSError as error:
            raise OSError(errno.EIO, os.strerror(errno.EIO), error.filename) from None


@pytest.fixture
def full_disk(settings, media_root):  # noqa: F811
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.FullDiskStorage"}}
    return Path(media_root)


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def html(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_library_form_keeps_what_was_typed_and_leaves_no_file(lib, client_for, full_disk):  # noqa: F811
    sec = client_for(lib.secretary)
    big = pdf_bytes() + b"%" * 4096  # more than the storage manages to write
    response = sec.post(f"/{lib.council.slug}/intern/bibliotek/ny/", {
        "title": REPORT_TITLE, "source": REPORT_SOURCE, "year": "2018", "tags": "bisidder, bolig",
        "description": "Et resumé, som tog tid at skrive.",
        "file": SimpleUploadedFile("rapport.pdf", big, content_type="application/pdf")})
    assert response.status_code == 400
    page = html(response)
    assert FULL_MESSAGE in page and "rapport.pdf" in page and "Intet er gemt" in page
    assert f'value="{REPORT_TITLE}"' in page and f'value="{REPORT_SOURCE}"' in page
    assert 'value="2018"' in page and "bisidder, bolig" in page and "Et resumé, som tog tid at skrive." in page
    assert not Document.objects.exists()
    assert files_under(full_disk) == []  # the 512 bytes written before the disk filled are gone


def test_temporary_folder_full_while_a_large_upload_arrives(lib, client_for, settings, media_root):  # noqa: F811
    """A file too large for memory is streamed into a temporary file first (Django); a full
    temporary folder refuses it on the form the same way, the part written deleted."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000  # so this small test file takes the large files' path
    settings.FILE_UPLOAD_HANDLERS = [*settings.FILE_UPLOAD_HANDLERS[:-1], f"{__name__}.FullTempFolderHandler"]
    FullTempFolderHandler.paths = []
    sec = client_for(lib.secretary)
    response = sec.post(f"/{lib.council.slug}/intern/bibliotek/ny/", {
        "title": REPORT_TITLE, "source": REPORT_SOURCE, "url": "https://udsatte.dk/rapport",
        "file": SimpleUploadedFile("stor rapport.pdf", pdf_bytes() + b"%" * 8192, content_type="application/pdf")})
    assert response.status_code == 400
    page = html(response)
    assert FULL_MESSAGE in page and "stor rapport.pdf" in page
    assert f'value="{REPORT_TITLE}"' in page and 'value="https://udsatte.dk/rapport"' in page
    assert not Document.objects.exists()  # not saved as a link without its file either
    assert len(FullTempFolderHandler.paths) == 1 and not os.path.exists(FullTempFolderHandler.paths[0])
    assert files_under(Path(media_root)) == []


def stored_file_models() -> list[type[StoredFile]]:
    """Every model that keeps an uploaded or generated file: found, not listed, so a new one is
    covered."""
    return [m for m in apps.get_models() if issubclass(m, StoredFile)]


@pytest.mark.parametrize("storage", ["FullDiskStorage", "BrokenDiskStorage"])
def test_every_stored_file_model_refuses_cleanly(settings, media_root, storage):  # noqa: F811
    """Whatever the model (attachment, receipt, material, library document, generated document),
    a failed write raises the form's error on ``file`` and leaves nothing on disk."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.{storage}"}}
    models = stored_file_models()
    assert {m.__name__ for m in models} >= {"Attachment", "Receipt", "ConsultationMaterial", "Document",
                                             "GeneratedDocument"}
    for model in models:
        row = model()
        row.attach_upload(SimpleUploadedFile("bilag.pdf", pdf_bytes() + b"%" * 4096), noun=DOCUMENT)
        field = row.file
        with pytest.raises(ApplicationError) as raised:
            field.save(field.name, field.file, save=False)
        assert raised.value.field == "file" and raised.value.code == "storage", model
        expected = FULL_MESSAGE if storage == "FullDiskStorage" else "kunne ikke gemmes på grund af en fejl"
        assert expected in raised.value.message and "bilag.pdf" in raised.value.message, model
        assert files_under(Path(media_root)) == [], model
