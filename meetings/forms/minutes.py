"""Forms of the minutes editor. Choices (people, voters) are handed in by the view from data
it has already loaded, so rendering a form per item costs no queries."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, ReadabilityTextarea, StemmeForm
from core.validators import validate_no_cpr
from meetings.models import ActionStatus, AttendanceStatus, VoteChoice

ATTENDANCE_CHOICES = [
    (AttendanceStatus.PRESENT, _("Til stede")),
    (AttendanceStatus.AFBUD, _("Afbud")),
    (AttendanceStatus.ABSENT, _("Fraværende uden afbud")),
]
BALLOT_CHOICES = [(VoteChoice.YES, _("For")), (VoteChoice.NO, _("Imod")), (VoteChoice.ABSTAIN, _("Undlader")),
                  ("", _("Stemmer ikke"))]


def _text(label, *, required=False, rows=5, max_length=None, help_text=""):
    return forms.CharField(label=label, required=required, max_length=max_length, validators=[validate_no_cpr],
                           strip=True, help_text=help_text,
                           # minutes are read by members and, published, by citizens: the LIX meter helps
                           widget=ReadabilityTextarea(attrs={"rows": rows, "class": "input-width-xl"}) if rows
                           else forms.TextInput())


def _person_choices(people) -> list[tuple[int, str]]:
    return [(p.pk, p.name) for p in people]


class AttendanceForm(StemmeForm):
    person = forms.TypedChoiceField(label=_("Person"), coerce=int)
    status = forms.ChoiceField(label=_("Fremmøde"), choices=ATTENDANCE_CHOICES,
                               error_messages={"required": _("Vælg til stede, afbud eller fraværende.")})
    stands_in_for = forms.TypedChoiceField(label=_("Møder for"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, people, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = _person_choices(people)
        self.fields["stands_in_for"].choices = [("", _("Ingen"))] + _person_choices(members)


class GuestForm(StemmeForm):
    name = forms.CharField(label=_("Gæstens navn"), max_length=150, validators=[validate_no_cpr],
                           error_messages={"required": _("Skriv gæstens navn.")})


class IntroForm(StemmeForm):
    minutes_intro = _text(_("Indledning"), rows=3,
                          help_text=_("Står øverst i referatet, fx “Velkommen til Lisbeth, der deltager som gæst.”"))


class ItemMinutesForm(StemmeForm):
    decision = _text(_("Beslutning"), rows=6)
    dissent = _text(_("Mindretalsudtalelse"), rows=3,
                    help_text=_("Hvis et mindretal ønsker sin holdning ført til referat."))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ConflictForm(StemmeForm):
    person = forms.TypedChoiceField(label=_("Hvem er inhabil?"), coerce=int,
                                    error_messages={"required": _("Vælg personen, der er inhabil.")})
    note = forms.CharField(label=_("Bemærkning"), required=False, max_length=300, validators=[validate_no_cpr],
                           help_text=_("Fx “Er ansat i organisationen, sagen handler om.”"))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("Vælg"))] + _person_choices(people)


class VoteForm(StemmeForm):
    """The question and one radio group per person with voting right."""

    question = forms.CharField(label=_("Der stemmes om"), max_length=300, validators=[validate_no_cpr],
                               error_messages={"required": _("Skriv, hvad der stemmes om.")})

    def __init__(self, *args, voters, **kwargs):
        super().__init__(*args, **kwargs)
        self.voter_fields = []
        for person in voters:
            name = f"ballot_{person.pk}"
            self.fields[name] = forms.ChoiceField(label=person.name, choices=BALLOT_CHOICES, required=False,
                                                  widget=forms.RadioSelect, initial="")
            self.voter_fields.append(name)

    choices = BALLOT_CHOICES

    @property
    def ballot_fields(self):
        return [self[name] for name in self.voter_fields]

    def ballots(self) -> dict[int, str]:
        return {int(name.removeprefix("ballot_")): self.cleaned_data.get(name) or ""
                for name in self.voter_fields}


class ActionItemForm(StemmeForm):
    title = forms.CharField(label=_("Opgave"), max_length=300, validators=[validate_no_cpr],
                            error_messages={"required": _("Skriv, hvad der skal gøres.")})
    owners = forms.TypedMultipleChoiceField(label=_("Tovholdere"), coerce=int, widget=forms.CheckboxSelectMultiple,
                                            error_messages={"required": _("Vælg mindst én tovholder.")})
    due = forms.DateField(label=_("Frist"), required=False, widget=DateInput,
                          error_messages={"invalid": _("Skriv en dato, fx 01.05.2026.")})

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owners"].choices = _person_choices(people)


class ActionStatusForm(StemmeForm):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    note = forms.CharField(label=_("Bemærkning"), required=False, validators=[validate_no_cpr],
                           widget=forms.TextInput())


class ElectionForm(StemmeForm):
    chair = forms.TypedChoiceField(label=_("Formand"), coerce=int,
                                   error_messages={"required": _("Vælg formanden.")})
    vice_chair = forms.TypedChoiceField(label=_("Næstformand"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = [("", _("Vælg"))] + _person_choices(members)
        self.fields["vice_chair"].choices = [("", _("Ingen valgt"))] + _person_choices(members)
