"""Serving stored files (``core.models.StoredFile``): attachments, receipts, consultation
material, library documents and generated documents are always served through a view that has
fetched the row through its council-scoped selector and checked the permission, never straight
from MEDIA_URL. The view then calls ``serve_stored_file``."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponseBase, HttpResponseRedirect

from core.models import StoredFile

# A stored file is never a page: no script, no frames, nothing loaded from elsewhere.
FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'"


def serve_stored_file(stored_file: StoredFile, *, filename: str | None = None,
                      cache_control: str = "private, max-age=300") -> HttpResponseBase:
    """The file with its sniffed content type: PDF and images inline, the rest as a download
    (Content-Disposition with ``filename``, by default the row's ``download_name()``), with
    nosniff and a closed Content-Security-Policy. A row that is a link instead of a file
    redirects to the link; a missing file is a 404."""
    if not stored_file.file:
        url = getattr(stored_file, "url", "")
        if url:
            return HttpResponseRedirect(url)
        raise Http404
    try:
        handle = stored_file.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=stored_file.content_type or "application/octet-stream",
                            as_attachment=not stored_file.inline,
                            filename=filename if filename is not None else stored_file.download_name())
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    return response
