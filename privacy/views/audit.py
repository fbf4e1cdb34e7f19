"""The audit log for people (namespace "privacy"): the council's log for the secretariat
(audit.view), the history of one minutes, consultation or person for the formandskab
(history.view), and the site-wide log of council-less events (logins) for the platform admin.

Thin: the filter form reads GET, ``privacy.selectors.audit`` fetches and names, the templates
show ``core.auditlog.Entry`` items with sensitive values already masked."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import auditlog
from core.tenancy import council_view
from councils import selectors as council_selectors
from hearings.selectors.consultations import consultation_get
from meetings.selectors.common import meeting_get
from privacy.forms.audit import AuditFilterForm
from privacy.selectors import audit as selectors


@require_GET
@council_view("audit.view")
def log(request):
    council = request.council
    people = selectors.person_choices(council=council)
    all_events = selectors.council_log(council=council)
    form = AuditFilterForm(request.GET or None, people=[(p.value, p.label) for p in people],
                           types=selectors.object_type_choices(events=all_events))
    events, filtered = all_events, False
    if form.is_valid():
        data = form.cleaned_data
        person = next((p for p in people if p.value == data["person"]), None)
        filtered = bool(person or data["type"] or data["fra"] or data["til"])
        if filtered:
            events = selectors.council_log(council=council, person=person, object_type=data["type"],
                                           date_from=data["fra"], date_to=data["til"])
    listing = selectors.log_page(events=events, page=request.GET.get("side"),
                                 secretaries=selectors.secretariat_ids(council=council))
    return render(request, "privacy/audit_log.html", {
        "nav": "audit", "form": form, "listing": listing, "page_obj": listing.page, "filtered": filtered})


@require_GET
@council_view("audit.platform")
def site_log(request):
    """Logins, failed logins, lockouts and other events with no council, for the platform admin
    only (reached from any council's log: the privacy pages live under a council's address)."""
    page = Paginator(auditlog.site_events(), selectors.PER_PAGE).get_page(request.GET.get("side"))
    entries = auditlog.entries(page.object_list, describe=selectors.describe)
    return render(request, "privacy/audit_site.html", {"page_obj": page, "entries": entries, "nav": "audit"})


def _history(request, *, nav: str, title: str, subject: str, back_url: str, back_text: str, entries):
    return render(request, "privacy/audit_history.html", {
        "nav": nav, "title": title, "subject": subject, "back_url": back_url, "back_text": back_text,
        "entries": entries})


@require_GET
@council_view("history.view")
def minutes_history(request, pk):
    meeting = meeting_get(council=request.council, pk=pk)
    return _history(request, nav="meetings", title=_("Referatets historik"), subject=selectors.meeting_name(meeting),
                    back_url=reverse("meetings:minutes", args=[request.council.slug, meeting.pk]),
                    back_text=_("Tilbage til referatet"), entries=selectors.minutes_history(meeting=meeting))


@require_GET
@council_view("history.view")
def consultation_history(request, pk):
    consultation = consultation_get(request.council, pk)
    return _history(request, nav="hearings", title=_("Høringens historik"), subject=consultation.title,
                    back_url=reverse("hearings:consultation", args=[request.council.slug, consultation.pk]),
                    back_text=_("Tilbage til høringen"),
                    entries=selectors.consultation_history(council=request.council, consultation=consultation))


@require_GET
@council_view("history.view")
def person_history(request, pk):
    person = council_selectors.person_get(council=request.council, pk=pk)
    return _history(request, nav="roster", title=_("Historik for person og medlemskaber"), subject=person.name,
                    back_url=reverse("councils:person", args=[request.council.slug, person.pk]),
                    back_text=_("Tilbage til personen"),
                    entries=selectors.person_history(person=person, secretariat=request.access.can("roster.manage")))
