"""Forms for the idea catalogue, the prioritising and the themes. The forms only read input;
the rules (dot limits, ranks without gaps, the CPR guard, 5–8 themes) live in the services,
whose Danish errors the views put on the forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import IdeaStatus, ThemeStatus
from core.formats import long_date
from core.forms import PUBLIC_TEXT_MAX_LENGTH, DateInput, PublicFormMixin, StemmeForm


def _people_choices(people) -> list[tuple[str, str]]:
    return [("", _("– vælg –"))] + [(str(p.pk), p.name) for p in people]


class IdeaForm(StemmeForm):
    """A member's idea."""

    title = forms.CharField(label=_("Idé"), max_length=200,
                            help_text=_("Kort – fx “Flere værestedspladser om aftenen”."))
    description = forms.CharField(label=_("Uddybning"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class BrainstormForm(StemmeForm):
    """The ideas from a brainstorm, typed in quickly: one per line."""

    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    meeting = forms.TypedChoiceField(label=_("Brainstorm på mødet"), required=False, coerce=int, empty_value=None)
    text = forms.CharField(label=_("Idéer – én pr. linje"), widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_("Skriv hver idé på sin egen linje. Tomme linjer og tal foran springes over."))

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [("", _("– intet møde –"))] + [
            (m.pk, f"{m.display_title} {long_date(m.starts_at)}") for m in meetings]


class IdeaEditForm(StemmeForm):
    title = forms.CharField(label=_("Idé"), max_length=200)
    description = forms.CharField(label=_("Uddybning"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    status = forms.ChoiceField(label=_("Status"), choices=[(s.value, s.label) for s in IdeaStatus
                                                         if s != IdeaStatus.POSTPONED])


class PostponeForm(StemmeForm):
    until = forms.DateField(label=_("Udsæt til"), widget=DateInput(),
                            help_text=_("Den dag kommer emnet tilbage på listen over punkter til et senere møde."))
    owner = forms.TypedChoiceField(label=_("Tovholder"), coerce=int, required=False, empty_value=None)
    note = forms.CharField(label=_("Bemærkning"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Fx “Udsættes til efteråret, når budgettet er vedtaget”."))

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = _people_choices(people)


class BallotForm(StemmeForm):
    """Dots (``dots_<id>``) or ranks (``rank_<id>``) for each idea; empty means none."""

    def __init__(self, *args, ideas=(), method="dots", **kwargs):
        super().__init__(*args, **kwargs)
        self.method = method
        self.ideas = list(ideas)
        for idea in self.ideas:  # the template draws the inputs (min/max, inputmode); the service checks
            self.fields[self.key(idea)] = forms.IntegerField(label=idea.title, required=False)

    def key(self, idea) -> str:
        return f"{'dots' if self.method == 'dots' else 'rank'}_{idea.pk}"

    def values(self) -> dict[int, int | None]:
        return {idea.pk: self.cleaned_data.get(self.key(idea)) for idea in self.ideas}

    def rows(self):
        return [(idea, self[self.key(idea)]) for idea in self.ideas]


class ChooseThemesForm(StemmeForm):
    """Pick ideas as the year's themes: ``pick_<id>``, ``owner_<id>``, ``priority_<id>``."""

    def __init__(self, *args, rows=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows_in = list(rows)
        choices = _people_choices(people)
        for row in self.rows_in:
            pk = row.idea.pk
            self.fields[f"pick_{pk}"] = forms.BooleanField(
                label=_("Vælg “%(title)s” som tema") % {"title": row.idea.title}, required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}))
            self.fields[f"owner_{pk}"] = forms.TypedChoiceField(
                label=_("Tovholder"), choices=choices, coerce=int, required=False, empty_value=None,
                widget=forms.Select(attrs={"class": "form-select"}))
            self.fields[f"priority_{pk}"] = forms.IntegerField(
                label=_("Prioritet"), min_value=1, required=False, initial=row.position,
                widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}))

    def rows(self):
        return [(row, self[f"pick_{row.idea.pk}"], self[f"owner_{row.idea.pk}"], self[f"priority_{row.idea.pk}"])
                for row in self.rows_in]

    def picked(self):
        """(idea, owner id, priority) of the ticked rows."""
        return [(row.idea, self.cleaned_data.get(f"owner_{row.idea.pk}"),
                 self.cleaned_data.get(f"priority_{row.idea.pk}") or row.position)
                for row in self.rows_in if self.cleaned_data.get(f"pick_{row.idea.pk}")]


class ThemeForm(StemmeForm):
    title = forms.CharField(label=_("Tema"), max_length=200)
    description = forms.CharField(label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    owner = forms.TypedChoiceField(label=_("Tovholder"), coerce=int, required=False, empty_value=None)
    priority = forms.IntegerField(label=_("Prioritet"), min_value=0, required=False, help_text=_("1 er vigtigst."))
    status = forms.ChoiceField(label=_("Status"), choices=[(s.value, s.label) for s in ThemeStatus
                                                         if s != ThemeStatus.POSTPONED])
    status_note = forms.CharField(label=_("Status over året"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text=_("Hvad er gjort, og hvad er det næste skridt?"))

    def __init__(self, *args, people=(), with_status=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = _people_choices(people)
        if not with_status:
            del self.fields["status"]
            del self.fields["status_note"]


class ThemeLinksForm(StemmeForm):
    agenda_items = forms.ModelMultipleChoiceField(label=_("Dagsordenspunkter"), queryset=None, required=False,
                                                  widget=forms.CheckboxSelectMultiple)
    consultations = forms.ModelMultipleChoiceField(label=_("Høringer"), queryset=None, required=False,
                                                   widget=forms.CheckboxSelectMultiple)
    events = forms.ModelMultipleChoiceField(label=_("Arrangementer"), queryset=None, required=False,
                                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, agenda_items, consultations, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_items"].queryset = agenda_items
        self.fields["agenda_items"].label_from_instance = lambda i: (
            f"{i.title} ({i.meeting.display_title} {long_date(i.meeting.starts_at)})" if i.meeting_id
            else f"{i.title} ({_('til et senere møde')})")
        self.fields["consultations"].queryset = consultations
        self.fields["consultations"].label_from_instance = lambda c: f"{c.title} ({long_date(c.deadline)})"
        self.fields["events"].queryset = events
        self.fields["events"].label_from_instance = lambda e: f"{e.title} ({long_date(e.starts_at)})"


class CitizenIdeaForm(PublicFormMixin, StemmeForm):
    """The public form "Hvad skal rådet arbejde med?": rate-limited, with the honeypot field
    ``website`` (core.forms.PublicFormMixin)."""

    rate_limit_scope = "public.idea"

    title = forms.CharField(label=_("Hvad skal rådet arbejde med?"), max_length=200,
                            help_text=_("Skriv din idé kort – fx “Bedre hjælp til hjemløse om vinteren”."))
    description = forms.CharField(label=_("Fortæl gerne mere"), required=False, max_length=PUBLIC_TEXT_MAX_LENGTH,
                                  widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text=_("Skriv ikke CPR-nummer eller oplysninger om enkeltpersoners sager."))
    name = forms.CharField(label=_("Dit navn"), max_length=150, required=False)
