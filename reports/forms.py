"""Forms of the annual report's internal pages. Free text is guarded against CPR numbers; the
rich text of a section is sanitised by the service (``core.richtext``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formats import weekday_date
from core.forms import ReadabilityTextarea, StemmeForm
from core.validators import validate_no_cpr


class ReportCreateForm(StemmeForm):
    PERIOD_YEAR, PERIOD_OTHER = "year", "period"
    period = forms.ChoiceField(
        label=_("Beretningen dækker"), widget=forms.RadioSelect, initial=PERIOD_YEAR,
        choices=[(PERIOD_YEAR, _("Et kalenderår")), (PERIOD_OTHER, _("En anden periode, fx en valgperiode"))])
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100, required=False,
                              help_text=_("Fx 2026. Bruges, når beretningen dækker et kalenderår."))
    start = forms.DateField(label=_("Fra"), required=False, help_text=_("Kun for en anden periode."))
    end = forms.DateField(label=_("Til"), required=False, help_text=_("Kun for en anden periode."))
    working_group = forms.ModelChoiceField(
        label=_("Arbejdsgruppe, der skriver beretningen"), queryset=None, required=False,
        empty_label=_("Ingen – kun sekretariatet og formandskabet"),
        help_text=_("Gruppens medlemmer kan rette afsnittene, fx gruppen “Årsberetning 2026”."))

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["working_group"].queryset = groups
        self.fields["year"].initial = timezone.localdate().year

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("period") == self.PERIOD_YEAR and not data.get("year"):
            self.add_error("year", _("Skriv året, fx 2026."))
        if data.get("period") == self.PERIOD_OTHER:
            if not data.get("start"):
                self.add_error("start", _("Skriv, hvornår perioden begynder."))
            if not data.get("end"):
                self.add_error("end", _("Skriv, hvornår perioden slutter."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        period = {"year": data["year"]} if data["period"] == self.PERIOD_YEAR else \
            {"start": data["start"], "end": data["end"]}
        return {**period, "working_group": data["working_group"]}


class ReportSettingsForm(StemmeForm):
    title = forms.CharField(label=_("Titel"), max_length=200, validators=[validate_no_cpr],
                            error_messages={"required": _("Skriv beretningens titel.")})
    members_on = forms.DateField(
        label=_("Medlemmer pr. dato"), required=False,
        help_text=_("En ekstra dato, som afsnittet om sammensætningen fortæller medlemstallet på, fx 1. april "
                    "året efter. Opdatér afsnittet fra data bagefter."))
    working_group = forms.ModelChoiceField(
        label=_("Arbejdsgruppe, der skriver beretningen"), queryset=None, required=False,
        empty_label=_("Ingen – kun sekretariatet og formandskabet"))

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["working_group"].queryset = groups

    @staticmethod
    def initial_for(report: Any) -> dict[str, Any]:
        return {"title": report.title, "members_on": report.members_on, "working_group": report.working_group_id}


class SectionForm(StemmeForm):
    title = forms.CharField(label=_("Overskrift"), max_length=200, validators=[validate_no_cpr],
                            error_messages={"required": _("Skriv afsnittets overskrift.")})
    body = forms.CharField(
        label=_("Tekst"), required=False, widget=ReadabilityTextarea(attrs={"rows": 16, "data-richtext": "true"}),
        help_text=_("Skriv som i et brev. Overskrifter, fed, kursiv, lister og links bevares; alt andet fjernes, "
                    "når du gemmer."))
    version = forms.IntegerField(widget=forms.HiddenInput)


class CustomSectionForm(StemmeForm):
    title = forms.CharField(label=_("Overskrift"), max_length=200, validators=[validate_no_cpr],
                            error_messages={"required": _("Skriv afsnittets overskrift.")})


class RefreshForm(StemmeForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class BoilerplateForm(StemmeForm):
    text = forms.CharField(
        label=_("Generelt afsnit"), required=False, validators=[validate_no_cpr],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Et kort, generelt afsnit om råd som jeres. Det skrives én gang og bruges i indledningen til "
                    "hver beretning, der dannes herefter."))


class AgendaForm(StemmeForm):
    meeting = forms.ModelChoiceField(
        label=_("Møde"), queryset=None, empty_label=None,
        help_text=_("Beretningen kommer på dagsordenen som beslutningspunkt med udkastet vedhæftet som PDF."),
        error_messages={"required": _("Vælg et møde.")})

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = _meeting_label


def _meeting_label(meeting: Any) -> str:
    return f"{weekday_date(meeting.starts_at)} – {meeting.display_title}"


class SendForm(StemmeForm):
    recipient_name = forms.CharField(label=_("Modtager"), max_length=150, validators=[validate_no_cpr],
                                     help_text=_("Fx “Social- og Sundhedsudvalget” eller “Kommunalbestyrelsen”."),
                                     error_messages={"required": _("Skriv modtagerens navn.")})
    recipient_email = forms.EmailField(label=_("Modtagerens e-mail"),
                                       error_messages={"required": _("Skriv modtagerens e-mail."),
                                                       "invalid": _("Skriv en gyldig e-mailadresse.")})


class YearsForm(StemmeForm):
    til = forms.IntegerField(label=_("Til og med år"), min_value=2000, max_value=2100, required=False)

    def last_year(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("til"):
            return int(self.cleaned_data["til"])
        return timezone.localdate().year
