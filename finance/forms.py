"""Forms of the finance pages. Choices of meetings, events and people are the council's own
(the services check again); amounts are read the Danish way (``25.000,50``)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formats import long_date
from core.forms import DateInput, StemmeForm
from finance import formats
from finance.models import Category, ExpenseStatus


class AmountField(forms.CharField):
    """Kroner as people write them: ``25.000``, ``25.000,50``, ``450``."""

    def __init__(self, *, min_value=None, **kwargs):
        self.min_value = min_value
        super().__init__(**kwargs)  # no max_length: its validator would run on the Decimal
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": "20"})

    def prepare_value(self, value):
        if value in (None, ""):
            return ""
        if isinstance(value, str):
            return value
        return formats.plain(value)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        amount = formats.parse(value) if len(value) <= 20 else None
        if amount is None:
            raise forms.ValidationError(_("Skriv beløbet i kroner, fx 1.250,50."), code="invalid")
        if amount.as_tuple().exponent < -2 or abs(amount) >= 10 ** 8:
            raise forms.ValidationError(_("Beløbet er for stort."), code="invalid")
        if self.min_value is not None and amount < self.min_value:
            raise forms.ValidationError(_("Beløbet kan ikke være negativt."), code="min_value")
        return amount


class YearForm(StemmeForm):
    aar = forms.TypedChoiceField(label=_("År"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aar"].choices = [(y, str(y)) for y in years]


class BudgetForm(StemmeForm):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    amount = AmountField(label=_("Budget (kr.)"), min_value=0,
                         help_text=_("Fx 25.000. Det beløb, rådet har fået bevilget for året."))
    note = forms.CharField(label=_("Bemærkning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class _Label:
    @staticmethod
    def meeting(m) -> str:
        return f"{long_date(m.starts_at)} – {m.display_title}"

    @staticmethod
    def event(e) -> str:
        return f"{long_date(e.starts_at)} – {e.title}"


class ExpenseForm(StemmeForm):
    date = forms.DateField(label=_("Dato"), widget=DateInput())
    category = forms.ChoiceField(label=_("Kategori"), choices=Category.choices)
    status = forms.ChoiceField(
        label=_("Status"), choices=ExpenseStatus.choices, initial=ExpenseStatus.SPENT, widget=forms.RadioSelect,
        help_text=_("Disponeret: aftalt, men ikke betalt endnu. Afholdt: betalt."))
    amount = AmountField(label=_("Beløb (kr.)"), help_text=_("Fx 1.250,50."))
    description = forms.CharField(label=_("Tekst"), max_length=250,
                                  help_text=_("Fx “Sandwich og kaffe til mødet”."))
    meeting = forms.ModelChoiceField(label=_("Møde"), queryset=None, required=False, empty_label=_("Intet møde"))
    event = forms.ModelChoiceField(label=_("Arrangement"), queryset=None, required=False,
                                   empty_label=_("Intet arrangement"),
                                   help_text=_("Knyt udgiften til enten et møde eller et arrangement."))
    person = forms.ModelChoiceField(label=_("Modtager"), queryset=None, required=False, empty_label=_("Ingen"),
                                    help_text=_("Skal udfyldes for diæter og transport."))

    def __init__(self, *args, meetings, events, people, budget_year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = _Label.meeting
        self.fields["event"].queryset = events
        self.fields["event"].label_from_instance = _Label.event
        self.fields["person"].queryset = people
        today = timezone.localdate()
        if budget_year is not None:
            self.fields["date"].help_text = _("Udgiften registreres i budgettet for %(year)d: vælg en dato i "
                                              "%(year)d.") % {"year": budget_year}
        if not self.is_bound and not self.initial.get("date") and budget_year in (None, today.year):
            self.initial["date"] = today


class ReceiptForm(StemmeForm):
    file = forms.FileField(label=_("Kvittering"),
                           help_text=_("PDF, billede (PNG eller JPEG) eller et Office-dokument."))


class ExpenseFilterForm(StemmeForm):
    aar = forms.TypedChoiceField(label=_("År"), coerce=int, required=False)
    kategori = forms.ChoiceField(label=_("Kategori"), required=False,
                                 choices=[("", _("Alle kategorier")), *Category.choices])

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aar"].choices = [(y, str(y)) for y in years]


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


class PeriodForm(StemmeForm):
    fra = forms.DateField(label=_("Fra og med"), widget=DateInput())
    til = forms.DateField(label=_("Til og med"), widget=DateInput())

    @staticmethod
    def default_initial() -> dict:
        """The current quarter so far (from its first day to today)."""
        today = timezone.localdate()
        return {"fra": _quarter_start(today), "til": today}

    def clean(self):
        data = super().clean()
        start, end = data.get("fra"), data.get("til")
        if start and end and end < start:
            self.add_error("til", _("Slutdatoen skal ligge efter startdatoen."))
        if start and end and (end - start).days > 366 * 2:
            self.add_error("til", _("Vælg en periode på højst to år."))
        return data


class OptOutForm(StemmeForm):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    since = forms.DateField(label=_("Fra"), widget=DateInput())
    until = forms.DateField(label=_("Til og med"), widget=DateInput(), required=False,
                            help_text=_("Tom: indtil videre."))
    note = forms.CharField(label=_("Bemærkning"), max_length=200, required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people
        else:  # a member's own opt-out
            del self.fields["person"]
        if not self.is_bound and not self.initial.get("since"):
            self.initial["since"] = timezone.localdate()

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("Slutdatoen skal ligge efter startdatoen."))
        return data


class OptOutEndForm(StemmeForm):
    opt_out = forms.IntegerField(widget=forms.HiddenInput)
