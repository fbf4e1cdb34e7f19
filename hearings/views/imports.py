"""The import page: upload an XML agenda manifest or an iCalendar file of meeting dates; the
response to the upload is the report (nothing to bookmark – the import itself is idempotent,
so uploading the same file again is harmless). Thin: council_view → form → service."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.views.decorators.http import require_http_methods

from core.errors import ApplicationError
from core.forms import form_status
from core.tenancy import council_view
from hearings.forms.imports import ImportForm
from hearings.importers.base import MAX_IMPORT_BYTES, MAX_ITEMS, format_size
from hearings.services import imports as services


def optional_url(name: str, *args) -> str | None:
    """The URL of a page another part of the app provides, or None while it does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@council_view("committees.manage")
@require_http_methods(["GET", "POST"])
def import_upload(request):
    council = request.council
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    context = {"nav": "committees", "form": form, "committees_url": optional_url("hearings:committees", council.slug),
               "max_size": format_size(MAX_IMPORT_BYTES), "max_items": number_format(MAX_ITEMS, force_grouping=True)}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = services.import_file(council=council, data=upload.read(), filename=upload.name,
                                          actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            meetings = [(meeting, optional_url("hearings:committee_meeting", council.slug, meeting.pk))
                        for meeting in report.meetings]
            return render(request, "hearings/imports/report.html", {
                **context, "form": ImportForm(), "report": report, "report_meetings": meetings})
    return render(request, "hearings/imports/upload.html", context, status=form_status(form))
