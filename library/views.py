"""Library pages (namespace "library"): the searchable list, a document, its file, and adding,
editing and deleting documents.

Thin: ``council_view`` decides the role (library.view for the council's people, library.manage
for the secretariat), ``selectors.document_get`` fetches (404 for another council's document),
one service call writes. On an ``ApplicationError`` the form is shown again as filled in, with
the message at the field."""

from __future__ import annotations

import os

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.errors import ApplicationError
from core.forms import form_status
from core.tenancy import council_view
from core.uploads import KINDS
from library import selectors, services
from library.forms import DocumentForm, SearchForm


def _url(request, name: str, document=None) -> str:
    args = [request.council.slug] + ([document.pk] if document is not None else [])
    return reverse(f"library:{name}", args=args)


def _post(request):
    return request.POST if request.method == "POST" else None


# --- The list and one document -------------------------------------------------------------------

@require_GET
@council_view("library.view")
def document_list(request):
    form = SearchForm(request.GET or None)
    query, tag_id = "", None
    if form.is_valid():
        query, tag_id = form.cleaned_data["q"], form.cleaned_data["emne"]
    listing = selectors.document_listing(council=request.council, query=query, tag_id=tag_id,
                                         page=request.GET.get("side"))
    return render(request, "library/list.html", {
        "nav": "library", "listing": listing, "page_obj": listing.page, "search_form": form,
        "can_manage": request.access.can("library.manage")})


@require_GET
@council_view("library.view")
def document_detail(request, pk):
    document = selectors.document_get(council=request.council, pk=pk)
    kind = next((k for k in KINDS.values() if k.content_type == document.content_type), None)
    return render(request, "library/detail.html", {
        "nav": "library", "document": document, "download_name": download_name(document),
        "file_kind": kind.label if kind else "",
        "can_manage": request.access.can("library.manage")})


def download_name(document) -> str:
    """A safe file name for the download: the title as a slug (no path, quotes or control
    characters) with the extension of the sniffed type."""
    kind = next((k for k in KINDS.values() if k.content_type == document.content_type), None)
    extension = kind.extension if kind else os.path.splitext(document.file.name or "")[1].lower()[:8]
    if not extension[1:].isalnum():
        extension = ""
    stem = slugify(document.title, allow_unicode=True)[:80].strip("-_") or _("dokument")
    return f"{stem}{extension}"


@require_GET
@council_view("library.view")
def document_file(request, pk):
    """The file, served through this view (never straight from MEDIA_URL): PDF and images
    inline, the rest as a download, always with the sniffed content type."""
    document = selectors.document_get(council=request.council, pk=pk)
    if not document.file:
        if document.url:
            return redirect(document.url)
        raise Http404
    content_type = document.content_type or "application/octet-stream"
    inline = any(k.inline and k.content_type == content_type for k in KINDS.values())
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline,
                            filename=download_name(document))
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'"
    return response


# --- Writes --------------------------------------------------------------------------------------

@council_view("library.manage")
def document_create(request):
    form = DocumentForm(_post(request), request.FILES or None, themes=selectors.themes_for(council=request.council))
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        data.pop("remove_file")
        try:
            document = services.document_create(council=request.council, created_by=request.user, **data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("“%(title)s” er lagt i biblioteket.") % {"title": document.title})
            return redirect(_url(request, "document", document))
    return render(request, "library/form.html", {
        "nav": "library", "form": form, "title": _("Tilføj et dokument")},
        status=form_status(form))


@council_view("library.manage")
def document_edit(request, pk):
    document = selectors.document_get(council=request.council, pk=pk)
    form = DocumentForm(_post(request), request.FILES or None, themes=selectors.themes_for(council=request.council),
                        has_file=bool(document.file), initial=DocumentForm.initial_for(document))
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(document=document, updated_by=request.user, **form.service_kwargs())
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Dokumentet er gemt."))
            return redirect(_url(request, "document", document))
    return render(request, "library/form.html", {
        "nav": "library", "form": form, "document": document, "title": _("Ret dokumentet")},
        status=form_status(form))


@council_view("library.manage")
def document_delete(request, pk):
    document = selectors.document_get(council=request.council, pk=pk)
    if request.method == "POST":
        services.document_delete(document=document, deleted_by=request.user)
        messages.success(request, _("“%(title)s” er slettet fra biblioteket.") % {"title": document.title})
        return redirect(_url(request, "documents"))
    return render(request, "library/delete.html", {"nav": "library", "document": document})
