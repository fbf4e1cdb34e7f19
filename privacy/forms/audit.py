"""The log page's filter (GET): person, kind of object, date range. Wrong input never fails the
page: an invalid filter is shown with its message and the log unfiltered by it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, StemmeForm


class AuditFilterForm(StemmeForm):
    person = forms.ChoiceField(label=_("Person"), required=False,
                               help_text=_("Hvad personen gjorde, og hvad der blev gjort ved personens oplysninger."))
    type = forms.ChoiceField(label=_("Slags"), required=False)
    fra = forms.DateField(label=_("Fra og med"), required=False, widget=DateInput(),
                          error_messages={"invalid": _("Skriv en dato, fx 3.3.2026.")})
    til = forms.DateField(label=_("Til og med"), required=False, widget=DateInput(),
                          error_messages={"invalid": _("Skriv en dato, fx 31.3.2026.")})

    def __init__(self, *args: Any, people: list[tuple[str, str]], types: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("Alle personer")), *people]
        self.fields["type"].choices = [("", _("Alle slags")), *types]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("fra"), data.get("til")
        if start and end and start > end:
            self.add_error("til", _("Slutdatoen ligger før startdatoen."))
        return data
