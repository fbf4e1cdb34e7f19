"""Forms of the year plan's pages: one meeting, and generating a year of meetings. They only
validate input; the services write."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy

from core.errors import ApplicationError
from core.forms import DateInput, StemmeForm
from meetings.models import MeetingKind
from meetings.services import plan as services


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


WEEKDAYS = [(0, gettext_lazy("Mandag")), (1, gettext_lazy("Tirsdag")), (2, gettext_lazy("Onsdag")),
            (3, gettext_lazy("Torsdag")), (4, gettext_lazy("Fredag")), (5, gettext_lazy("Lørdag")),
            (6, gettext_lazy("Søndag"))]


class MeetingForm(StemmeForm):
    """A meeting on one day. The service gets ``starts_at``/``ends_at``; its errors about
    those land on the date and end-time fields."""

    SERVICE_FIELDS = {"starts_at": "date", "ends_at": "end_time"}

    kind = forms.ChoiceField(label=gettext_lazy("Mødetype"), choices=MeetingKind.choices,
                             initial=MeetingKind.ORDINARY)
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=200, required=False,
                            help_text=gettext_lazy("Tom: mødetypen, fx “Ordinært møde”."))
    date = forms.DateField(label=gettext_lazy("Dato"), widget=DateInput)
    start_time = forms.TimeField(label=gettext_lazy("Starter kl."), widget=TimeInput)
    end_time = forms.TimeField(label=gettext_lazy("Slutter kl."), widget=TimeInput)
    location = forms.CharField(label=gettext_lazy("Sted"), max_length=200, required=False,
                               help_text=gettext_lazy("Fx “Rådhuset, mødelokale 2”."))
    joint_with = forms.CharField(label=gettext_lazy("Fællesmøde med"), max_length=200, required=False,
                                 help_text=gettext_lazy("Kun ved fællesmøder, fx “Social- og Sundhedsudvalget”."))
    public = forms.BooleanField(label=gettext_lazy("Vis mødet i den offentlige mødeplan"), required=False,
                                initial=True)
    # The date whose clash warning the user has seen: saving a clashing date asks once.
    clash_ok = forms.CharField(required=False, widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, meeting) -> dict:
        zone = services.local_zone()
        start, end = meeting.starts_at.astimezone(zone), meeting.ends_at.astimezone(zone)
        return {"kind": meeting.kind, "title": meeting.title, "date": start.date(), "start_time": start.time(),
                "end_time": end.time(), "location": meeting.location, "joint_with": meeting.joint_with,
                "public": meeting.public, "clash_ok": start.date().isoformat()}

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        zone = services.local_zone()
        return {"kind": data["kind"], "title": data["title"], "location": data["location"],
                "joint_with": data["joint_with"], "public": data["public"],
                "starts_at": dt.datetime.combine(data["date"], data["start_time"], tzinfo=zone),
                "ends_at": dt.datetime.combine(data["date"], data["end_time"], tzinfo=zone)}

    def add_service_error(self, error: ApplicationError) -> None:
        error.field = self.SERVICE_FIELDS.get(error.field, error.field)
        error.add_to_form(self)


class YearPlanForm(StemmeForm):
    year = forms.TypedChoiceField(label=gettext_lazy("År"), coerce=int)
    weekday = forms.TypedChoiceField(label=gettext_lazy("Ugedag"), choices=WEEKDAYS, coerce=int)
    start_time = forms.TimeField(label=gettext_lazy("Starter kl."), widget=TimeInput)
    end_time = forms.TimeField(label=gettext_lazy("Slutter kl."), widget=TimeInput)
    location = forms.CharField(label=gettext_lazy("Sted"), max_length=200, required=False,
                               help_text=gettext_lazy("Fx “Rådhuset, mødelokale 2”. "
                                                      "Kan rettes for hvert møde bagefter."))

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
