"""The access export (GDPR art. 15) of one person: a page that says what the ZIP holds, and the
ZIP itself on POST (an export is a logged act, not a link a crawler or a prefetch can trigger)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from core.tenancy import council_view
from privacy import export as service


@council_view("privacy.export")
def export(request, pk):
    council = request.council
    person = service.person_get(council=council, pk=pk)
    if request.method == "POST":
        name, data = service.person_export(council=council, person=person, actor=request.user)
        response = HttpResponse(data, content_type="application/zip")
        response["Content-Disposition"] = content_disposition_header(True, name)
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "privacy/export_page.html", {"nav": "roster", "person": person})
