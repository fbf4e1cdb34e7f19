"""The deadlines overview (*frister*) for the secretariat and the formandskab: consultations and
comment letters due in the coming weeks, grouped by week, with the reminders already queued.
Thin: council_view decides access, the selector reads."""

from django.shortcuts import render
from django.utils import timezone

from core.tenancy import council_view
from hearings.forms.deadlines import HorizonForm
from hearings.selectors.deadlines import DEFAULT_WEEKS, group_by_week, upcoming_deadlines


@council_view("deadlines.view")
def deadlines(request):
    form = HorizonForm(request.GET or None, initial={"uger": DEFAULT_WEEKS})
    weeks = (form.cleaned_data.get("uger") if form.is_valid() else None) or DEFAULT_WEEKS
    today = timezone.localdate()
    rows = upcoming_deadlines(council=request.council, today=today, weeks=weeks)
    return render(request, "hearings/deadlines/overview.html", {
        "nav": "deadlines", "form": form, "weeks": weeks, "today": today, "groups": group_by_week(rows),
        "count": len(rows), "overdue_count": sum(1 for r in rows if r.overdue)})
