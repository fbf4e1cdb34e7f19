"""The deadlines overview (*frister*) for the secretariat and the formandskab: consultations and
comment letters due in the coming weeks, grouped by week, with the reminders already queued.
Thin: council_view decides access, the selector reads."""

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.forms import StemmeForm
from core.tenancy import council_view
from hearings.selectors.deadlines import DEFAULT_WEEKS, HORIZONS, group_by_week, upcoming_deadlines


class HorizonForm(StemmeForm):
    uger = forms.TypedChoiceField(
        label=_("Vis frister for de næste"), coerce=int,
        choices=[(weeks, ngettext_lazy("%(n)d uge", "%(n)d uger", "n") % {"n": weeks}) for weeks in HORIZONS])


@council_view("deadlines.view")
def deadlines(request):
    form = HorizonForm(request.GET or None, initial={"uger": DEFAULT_WEEKS})
    weeks = (form.cleaned_data.get("uger") if form.is_valid() else None) or DEFAULT_WEEKS
    today = timezone.localdate()
    rows = upcoming_deadlines(council=request.council, today=today, weeks=weeks)
    return render(request, "hearings/deadlines/overview.html", {
        "nav": "deadlines", "form": form, "weeks": weeks, "today": today, "groups": group_by_week(rows),
        "count": len(rows), "overdue_count": sum(1 for r in rows if r.overdue)})
