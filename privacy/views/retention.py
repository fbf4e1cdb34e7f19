"""The retention rules as the secretariat sees them before they run: each rule's setting (from the
rules of procedure) and what the next run of the worker will delete (privacy.retention's dry run)."""

from django.shortcuts import render
from django.utils import timezone

from core.tenancy import council_view
from privacy import retention


@council_view("privacy.manage")
def retention_preview(request):
    council = request.council
    today = timezone.localdate()
    return render(request, "privacy/retention_preview.html", {
        "nav": "privacy", "today": today, "plans": retention.retention_plan(council=council, today=today)})
