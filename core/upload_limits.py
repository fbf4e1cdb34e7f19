"""Uploads are refused by size before the whole body is read.

Two checks, both against ``STEMME_MAX_UPLOAD_BYTES`` (``core.middleware.UploadLimitMiddleware``
answers with the 413 page):

1. A multipart request whose ``Content-Length`` is larger than one file may be (plus
   ``UPLOAD_FORM_ALLOWANCE`` for the other fields) is refused before its body is read.
2. ``SizeLimitUploadHandler``, first in ``FILE_UPLOAD_HANDLERS``, counts each file's bytes while
   they stream in and stops reading at the first byte past the limit (a body without a length,
   or a length that lies).

The reverse proxy should refuse such bodies even earlier (nginx ``client_max_body_size``, see
README). ``meetings.uploads.validate_upload`` checks the size again with a message that names
the file, for a file that got through.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
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


def is_multipart(request) -> bool:
    return request.method == "POST" and request.META.get("CONTENT_TYPE", "").startswith("multipart/form-data")


def declared_too_large(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > body_limit()


class SizeLimitUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.STEMME_MAX_UPLOAD_BYTES:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=True)  # read no more of the body
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) builds the file
