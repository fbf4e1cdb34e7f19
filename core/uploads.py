"""Validation of uploaded files: attachments (bilag), receipts (kvitteringer), library documents
and consultation material. The caller names what the file is (``noun``: ``ATTACHMENT``,
``RECEIPT``, ``DOCUMENT``, ``CONSULTATION_MATERIAL``), so a refusal says "En kvittering må
højst fylde …", not always "bilag".

The type of a file is sniffed from its content with puremagic, never trusted from its name:
an HTML page or a program renamed ``referat.pdf`` is refused ("disguised upload"). Office
files that are ZIP containers (DOCX, XLSX, ODT) and Word 97 files (OLE2 containers) are
confirmed by looking inside the container, because their magic bytes alone only say "a ZIP
file" or "some Microsoft Office file". The size limit is ``settings.STEMME_MAX_UPLOAD_BYTES``.
"""

from __future__ import annotations

import errno
import os
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

import puremagic
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import ApplicationError
from core.upload_limits import format_megabytes

if TYPE_CHECKING:
    from django.core.files import File
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class FileKind:
    key: str
    label: str
    extension: str
    content_type: str
    inline: bool  # browsers show it themselves (PDF, images); others are downloaded


KINDS = {
    "pdf": FileKind("pdf", "PDF", ".pdf", "application/pdf", True),
    "docx": FileKind("docx", "Word", ".docx",
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", False),
    "doc": FileKind("doc", "Word 97", ".doc", "application/msword", False),
    "odt": FileKind("odt", "ODT", ".odt", "application/vnd.oasis.opendocument.text", False),
    "xlsx": FileKind("xlsx", "Excel", ".xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", False),
    "png": FileKind("png", "PNG", ".png", "image/png", True),
    "jpeg": FileKind("jpeg", "JPEG", ".jpg", "image/jpeg", True),
}
_JPEG_EXTENSIONS = {".jpg", ".jpeg", ".jpe", ".jfif"}
_OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")  # the directory entry every Word 97 file has
_ZIP_FAMILY = {".zip", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".jar", ".xlsb", ".xltx", ".xltm"}


@dataclass(frozen=True)
class UploadNoun:
    """What an uploaded file is, in the sentences that refuse it (whole sentences, so each
    translates well). ``fallback_name`` names a file whose own name is empty."""

    fallback_name: StrOrPromise
    too_large: StrOrPromise  # %(name)s, %(size)s, %(limit)s
    not_allowed: StrOrPromise  # %(name)s, %(types)s


ATTACHMENT = UploadNoun(
    fallback_name=gettext_lazy("bilag"),
    too_large=gettext_lazy("Filen “%(name)s” er for stor (%(size)s MB). Et bilag må højst fylde %(limit)s MB."),
    not_allowed=gettext_lazy("Filen “%(name)s” kan ikke bruges som bilag: indholdet er ikke en af de tilladte "
                             "filtyper (%(types)s), uanset hvad filnavnet siger. Gem filen som PDF og prøv igen."))
RECEIPT = UploadNoun(
    fallback_name=gettext_lazy("kvittering"),
    too_large=gettext_lazy("Filen “%(name)s” er for stor (%(size)s MB). En kvittering må højst fylde %(limit)s MB."),
    not_allowed=gettext_lazy("Filen “%(name)s” kan ikke bruges som kvittering: indholdet er ikke en af de tilladte "
                             "filtyper (%(types)s), uanset hvad filnavnet siger. Gem kvitteringen som PDF eller "
                             "tag et billede af den, og prøv igen."))
DOCUMENT = UploadNoun(
    fallback_name=gettext_lazy("dokument"),
    too_large=gettext_lazy("Filen “%(name)s” er for stor (%(size)s MB). Et dokument må højst fylde %(limit)s MB."),
    not_allowed=gettext_lazy("Filen “%(name)s” kan ikke bruges som dokument: indholdet er ikke en af de tilladte "
                             "filtyper (%(types)s), uanset hvad filnavnet siger. Gem filen som PDF og prøv igen."))
CONSULTATION_MATERIAL = UploadNoun(
    fallback_name=gettext_lazy("materiale"),
    too_large=gettext_lazy("Filen “%(name)s” er for stor (%(size)s MB). Høringsmateriale må højst fylde "
                           "%(limit)s MB pr. fil."),
    not_allowed=gettext_lazy("Filen “%(name)s” kan ikke bruges som høringsmateriale: indholdet er ikke en af de "
                             "tilladte filtyper (%(types)s), uanset hvad filnavnet siger. Gem filen som PDF og "
                             "prøv igen."))


@dataclass(frozen=True)
class ValidUpload:
    kind: FileKind
    size: int
    name: str  # the name to show: the uploaded name with the extension of the real type


def allowed_types_text() -> str:
    return _("PDF, Word (DOCX eller DOC), ODT, Excel (XLSX), PNG og JPEG")


def _read_all(file: File) -> bytes:
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def _zip_kind(file: File) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    mimetype = entry.read(100).strip()
                if mimetype == KINDS["odt"].content_type.encode():
                    return "odt"
                return None
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
    # zipfile raises NotImplementedError for a compression method it cannot read: not a document.
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        return None
    finally:
        file.seek(0)
    return None


def sniff(file: File) -> FileKind | None:
    """The allowed type the content of ``file`` really is, or None."""
    data = _read_all(file)
    if not data:
        return None
    try:
        matches = puremagic.magic_string(data)
    except (puremagic.PureError, ValueError):
        return None
    extensions = {m.extension.lower() for m in matches}
    if ".pdf" in extensions and data.startswith(b"%PDF-"):
        return KINDS["pdf"]
    if ".png" in extensions and data.startswith(b"\x89PNG\r\n\x1a\n"):
        return KINDS["png"]
    if extensions & _JPEG_EXTENSIONS and data.startswith(b"\xff\xd8\xff"):
        return KINDS["jpeg"]
    if ".doc" in extensions and data.startswith(_OLE_HEADER) and _WORD_STREAM in data:
        return KINDS["doc"]
    if extensions & _ZIP_FAMILY and data.startswith(b"PK\x03\x04"):
        key = _zip_kind(file)
        return KINDS[key] if key else None
    return None


def _display_name(original: str, kind: FileKind, noun: UploadNoun) -> str:
    base = os.path.basename(original or "").strip() or str(noun.fallback_name)
    stem, ext = os.path.splitext(base)
    if ext.lower() in ({".jpg", ".jpeg"} if kind.key == "jpeg" else {kind.extension}):
        return base[:200]
    return f"{stem[:190] or noun.fallback_name}{kind.extension}"


#: The errors of a storage that is full (a disk, or a user's quota).
_FULL = {errno.ENOSPC, errno.EDQUOT}


def storage_failure(name: str, error: OSError) -> ApplicationError:
    """The refusal of an upload that could not be written (a full disk, a quota, an I/O error),
    on the form's ``file`` field: nothing was kept, and the form keeps what was typed."""
    if error.errno in _FULL:
        message = _("Filen “%(name)s” kunne ikke gemmes, fordi der ikke er mere plads på serveren. "
                    "Intet er gemt, og det, du har skrevet, står her stadig. Prøv igen senere, og "
                    "sig det til sekretariatet, hvis det sker igen.")
    else:
        message = _("Filen “%(name)s” kunne ikke gemmes på grund af en fejl på serveren. Intet er "
                    "gemt, og det, du har skrevet, står her stadig. Prøv igen, og sig det til "
                    "sekretariatet, hvis det sker igen.")
    return ApplicationError(message % {"name": name}, field="file", code="storage")


def validate_upload(file: File, *, noun: UploadNoun) -> ValidUpload:
    """Check an uploaded file's size and real type. Raises ApplicationError(field="file") with a
    Danish message that names the file as ``noun``; returns the sniffed type and the name to show.
    A file that could not be kept while it arrived (core.upload_limits.UnstoredUpload) is refused
    with the reason."""
    limit = settings.STEMME_MAX_UPLOAD_BYTES
    size = file.size
    name = getattr(file, "name", "") or ""
    storage_error = getattr(file, "storage_error", None)
    if storage_error is not None:
        raise storage_failure(os.path.basename(name), storage_error)
    if size > limit:
        raise ApplicationError(
            str(noun.too_large) % {"name": os.path.basename(name), "size": format_megabytes(size),
                                   "limit": format_megabytes(limit)},
            field="file", code="too_large")
    if size == 0:
        raise ApplicationError(_("Filen “%(name)s” er tom.") % {"name": os.path.basename(name)}, field="file",
                               code="empty")
    kind = sniff(file)
    if kind is None:
        raise ApplicationError(
            str(noun.not_allowed) % {"name": os.path.basename(name), "types": allowed_types_text()},
            field="file", code="disguised")
    return ValidUpload(kind=kind, size=size, name=_display_name(name, kind, noun))
