"""Uploads are refused by size before the whole body is read.

Two checks against ``STEMME_MAX_UPLOAD_BYTES``:

1. A multipart request whose ``Content-Length`` is larger than one file may be (plus
   ``UPLOAD_FORM_ALLOWANCE`` for the other fields) is refused before its body is read:
   ``core.middleware.UploadLimitMiddleware`` answers with the 413 page. Django reads no more
   than ``Content-Length`` of any body, so this bounds what is ever read.
2. ``SizeLimitUploadHandler``, first in ``FILE_UPLOAD_HANDLERS``, counts each file's bytes while
   they stream in and stops storing them one byte past the limit; the rest of the (bounded)
   body is read and dropped, so the form's other fields still arrive. The middleware then
   gives the file its real size, and ``core.uploads.validate_upload`` refuses it on the
   form with a message that names what the file is ("Et bilag må højst fylde …") while
   everything else the user typed is kept.

The reverse proxy should refuse large bodies even earlier (nginx ``client_max_body_size``, see
README).
"""

import contextlib
import io
import logging
import os
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, TemporaryFileUploadHandler
from django.http import HttpRequest
from django.utils.formats import number_format

# Room for the form's other fields and the multipart framing around the file.
UPLOAD_FORM_ALLOWANCE = 1024 * 1024


def format_megabytes(size: int) -> str:
    """``15728640`` -> ``"15"``, ``524288`` -> ``"0,5"`` (in the active language)."""
    mb = size / (1024 * 1024)
    if mb == int(mb):
        return number_format(int(mb), 0)
    decimals = 1 if mb >= 0.1 else 2
    return number_format(round(mb, decimals), decimals)


def body_limit() -> int:
    return settings.STEMME_MAX_UPLOAD_BYTES + UPLOAD_FORM_ALLOWANCE


def is_multipart(request: HttpRequest) -> bool:
    return request.method == "POST" and request.META.get("CONTENT_TYPE", "").startswith("multipart/form-data")


def declared_too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > body_limit()


class SizeLimitUploadHandler(FileUploadHandler):
    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        keep = settings.STEMME_MAX_UPLOAD_BYTES + 1 - self.received  # one byte past the limit shows it
        self.received += len(raw_data)
        if self.received > settings.STEMME_MAX_UPLOAD_BYTES:
            sizes = getattr(self.request, "upload_sizes", None) or {}
            sizes[self.field_name] = self.received
            self.request.upload_sizes = sizes  # type: ignore[union-attr]  # Stemme's own attribute
        if keep <= 0:
            return None  # stored enough: the next handlers get nothing more of this file
        return raw_data[:keep]

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler (memory or temporary file) builds the file


logger = logging.getLogger("stemme.files")


class UnstoredUpload(InMemoryUploadedFile):
    """An uploaded file that could not be kept while it arrived (the temporary folder is full).
    One byte stands in for it, so the form's file field takes it (an empty file would be refused
    as empty), and ``core.uploads.validate_upload`` refuses it on the form with the reason
    (``storage_error``), the other fields kept."""

    def __init__(self, name: str, content_type: str, error: OSError) -> None:
        super().__init__(io.BytesIO(b"\0"), None, name, content_type, 1, None)
        self.storage_error = error


class DiskSafeTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's handler for a file too large for memory, which streams it into a temporary file
    (``FILE_UPLOAD_TEMP_DIR``), except that a full disk (or any error writing there) does not
    end the request in a server error: the part written is deleted and the rest of the body is
    read and dropped, and the form gets an ``UnstoredUpload`` that says why."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        self.error: OSError | None = None
        try:
            super().new_file(*args, **kwargs)
        except OSError as error:
            self.failed(error)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.error is None:
            try:
                self.file.write(raw_data)
            except OSError as error:
                self.failed(error)
        return None

    def file_complete(self, file_size: int) -> Any:
        if self.error is not None:
            return UnstoredUpload(self.file_name or "", self.content_type or "", self.error)
        return super().file_complete(file_size)

    def failed(self, error: OSError) -> None:
        self.error = error
        logger.error("Could not receive the upload %r: %s", self.file_name, error)
        if hasattr(self, "file"):
            path = self.file.temporary_file_path()
            with contextlib.suppress(OSError):
                self.file.close()  # a named temporary file: closing it removes it
            with contextlib.suppress(FileNotFoundError, OSError):
                os.remove(path)

