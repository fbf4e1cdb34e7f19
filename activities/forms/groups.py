"""Forms for working groups, their notes and tasks. Plain forms: the services validate across
rows (unique name, owners among the members) and the view puts their errors on the right
field. Choices (people) are handed in by the view, so rendering costs no queries."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, StemmeForm
from core.validators import validate_no_cpr


def _person_choices(people) -> list[tuple[int, str]]:
    return [(p.pk, p.name if getattr(p, "current", True) else _("%(name)s (ikke længere i rådet)") % {"name": p.name})
            for p in people]


class GroupForm(StemmeForm):
    name = forms.CharField(label=_("Navn"), max_length=150, validators=[validate_no_cpr],
                           widget=forms.TextInput(attrs={"class": "input-width-l"}),
                           help_text=_("Fx Årsberetningen eller Social- og Sundhedsudvalget."),
                           error_messages={"required": _("Skriv arbejdsgruppens navn.")})
    purpose = forms.CharField(label=_("Formål"), required=False, validators=[validate_no_cpr],
                              widget=forms.Textarea(attrs={"rows": 4, "class": "input-width-xl"}),
                              help_text=_("Hvad gruppen skal nå, og hvornår."))
    members = forms.TypedMultipleChoiceField(
        label=_("Medlemmer"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Gruppens medlemmer skriver noter og opgaver. "
                    "Formandskabet og sekretariatet kan altid skrive med."))

    def __init__(self, *args, people, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = _person_choices(people)
        if editing:
            self.fields["is_active"] = forms.BooleanField(
                label=_("Gruppen er i gang"), required=False,
                help_text=_("Fjern krydset, når gruppen er færdig. Den vises så som lukket, og der kan ikke "
                            "skrives mere i den."))
            self.fields["is_active"].widget.attrs["class"] = "form-checkbox"


class NoteForm(StemmeForm):
    text = forms.CharField(label=_("Ny note"), validators=[validate_no_cpr],
                           widget=forms.Textarea(attrs={"rows": 4, "class": "input-width-xl"}),
                           help_text=_("Fx hvad gruppen aftalte, eller hvad du har fundet ud af."),
                           error_messages={"required": _("Skriv noten.")})


class TaskForm(StemmeForm):
    title = forms.CharField(label=_("Opgave"), max_length=250, validators=[validate_no_cpr],
                            widget=forms.TextInput(attrs={"class": "input-width-xl"}),
                            error_messages={"required": _("Skriv, hvad der skal gøres.")})
    owners = forms.TypedMultipleChoiceField(
        label=_("Tovholdere"), coerce=int, widget=forms.CheckboxSelectMultiple,
        help_text=_("Vælg blandt gruppens medlemmer. Opgaven vises på deres egen opgaveliste."),
        error_messages={"required": _("Vælg mindst én tovholder blandt gruppens medlemmer.")})
    due = forms.DateField(label=_("Frist"), required=False, widget=DateInput,
                          error_messages={"invalid": _("Skriv en dato, fx 01.04.2026.")})

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owners"].choices = _person_choices(members)


class TaskDoneForm(StemmeForm):
    """The done/undone button. ``back`` says which page to return to."""

    done = forms.BooleanField(required=False)
    back = forms.ChoiceField(choices=[("group", "group"), ("mine", "mine")], required=False)
