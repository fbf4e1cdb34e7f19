"""Library pages (namespace "library"): the searchable list, a document, its file, and adding,
editing and deleting documents.

Thin: ``council_view`` decides the role (library.view for the council's people, library.manage
for the secretariat), ``selectors.document_get`` fetches (404 for another council's document),
one service call writes. On an ``ApplicationError`` the form is shown again as filled in, with
the message at the field."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.errors import ApplicationError
from core.files import serve_stored_file
from core.forms import form_status
from core.tenancy import council_view
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
    kind = document.file_kind
    return render(request, "library/detail.html", {
        "nav": "library", "document": document, "download_name": document.download_name(),
        "file_kind": kind.label if kind else "",
        "can_manage": request.access.can("library.manage")})


@require_GET
@council_view("library.view")
def document_file(request, pk):
    """The file, served through this view (never straight from MEDIA_URL): PDF and images
    inline, the rest as a download, always with the sniffed content type; a link redirects."""
    return serve_stored_file(selectors.document_get(council=request.council, pk=pk))


# --- Writes --------------------------------------------------------------------------------------

@council_view("library.manage")
def document_create(request):
    form = DocumentForm(_post(request), request.FILES or None, themes=selectors.themes_for(council=request.council))
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        data.pop("remove_file")
        try:
            document = services.document_create(council=request.council, actor=request.user, **data)
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
            services.document_update(document=document, actor=request.user, **form.service_kwargs())
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
        services.document_delete(document=document, actor=request.user)
        messages.success(request, _("“%(title)s” er slettet fra biblioteket.") % {"title": document.title})
        return redirect(_url(request, "documents"))
    return render(request, "library/delete.html", {"nav": "library", "document": document})
