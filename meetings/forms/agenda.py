"""Forms of the agenda pages. They only validate input; the services write."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import ReadabilityTextarea, StemmeForm, StemmeModelForm
from core.uploads import allowed_types_text, format_megabytes
from core.validators import validate_no_cpr
from councils.models import Person
from meetings.models import AgendaItem, Meeting

ITEM_FIELDS = ["kind", "title", "case_text", "recommendation", "responsible", "closed", "publish_title",
               "publish_decision"]


class ItemForm(StemmeModelForm):
    """Add or edit an item. Built without an instance (``initial`` for editing) so validation
    never changes the item before the service has checked it."""

    class Meta:
        model = AgendaItem
        fields = ITEM_FIELDS
        widgets = {"kind": forms.RadioSelect, "case_text": ReadabilityTextarea(attrs={"rows": 8}),
                   "recommendation": ReadabilityTextarea(attrs={"rows": 3})}
        help_texts = {
            "case_text": _("Baggrund for punktet: hvad skal rådet vide, og hvad skal det tage stilling til?"),
            "recommendation": _("Fx “Det indstilles, at rådet godkender udkastet.”"),
            "closed": _("Et lukket punkt vises ikke på de offentlige sider."),
            "publish_title": _("Gælder kun lukkede punkter: overskriften vises offentligt, teksten ikke."),
            "publish_decision": _("Gælder kun lukkede punkter: beslutningen vises i det offentlige referat."),
        }
        error_messages = {"title": {"required": _("Skriv en overskrift til punktet.")}}

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = Person.objects.filter(council=council).order_by("name")
        self.fields["responsible"].empty_label = _("Ingen")
        self.fields["responsible"].error_messages["invalid_choice"] = _("Vælg en person fra listen.")
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]


class ProposalForm(StemmeModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "case_text"]
        labels = {"title": _("Hvad skal rådet tale om?"), "case_text": _("Beskriv punktet")}
        widgets = {"case_text": ReadabilityTextarea(attrs={"rows": 6})}
        help_texts = {"title": _("En kort overskrift, fx “Besøg af borgerrådgiveren”."),
                      "case_text": _("Hvorfor er emnet vigtigt, og hvad vil du gerne have, at rådet gør? "
                                     "Skriv ikke om enkeltpersoners sager.")}
        error_messages = {"title": {"required": _("Skriv en overskrift til dit forslag.")},
                          "case_text": {"required": _("Skriv et par linjer om, hvad punktet handler om.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_text"].required = True


class DeclineForm(StemmeForm):
    reason = forms.CharField(
        label=_("Begrundelse"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Forslagsstilleren kan se begrundelsen."),
        error_messages={"required": _("Skriv en begrundelse, så forslagsstilleren ved, hvorfor punktet ikke "
                                      "kommer på dagsordenen.")})

    def clean_reason(self):
        value = self.cleaned_data["reason"]
        validate_no_cpr(value)
        return value


class AttachmentForm(StemmeForm):
    file = forms.FileField(label=_("Fil"), error_messages={
        "required": _("Vælg en fil."), "empty": _("Filen er tom."),
        "invalid": _("Filen kunne ikke læses. Prøv igen.")})
    name = forms.CharField(label=_("Navn på bilaget"), max_length=190, required=False,
                           help_text=_("Tom: filens eget navn."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Tilladt: %(types)s. Højst %(limit)s MB.") % {
            "types": allowed_types_text(), "limit": format_megabytes(settings.STEMME_MAX_UPLOAD_BYTES)}
        self.fields["file"].widget.attrs["accept"] = (
            ".pdf,.docx,.doc,.odt,.xlsx,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg")

    def clean_name(self):
        value = self.cleaned_data["name"]
        validate_no_cpr(value)
        return value


class MoveForm(StemmeForm):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")], required=False)
    position = forms.IntegerField(label=_("Nyt nummer"), min_value=1, required=False)


class StandardRefreshForm(StemmeForm):
    """Which standard items get their text computed again: one checkbox per item whose text
    would change (ticked, unless the text was edited by hand), and the digest of the new text
    that was shown, so the service applies exactly what the secretariat saw."""

    def __init__(self, *args, changes, **kwargs):
        super().__init__(*args, **kwargs)
        self.changes = list(changes)
        for change in self.changes:
            kind = change.item.standard
            self.fields[f"apply_{kind}"] = forms.BooleanField(
                required=False, initial=not change.hand_edited,
                widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),  # added after the mixin styled the rest
                label=_("Brug den nye tekst i “%(title)s”") % {"title": change.item.title})
            self.fields[f"digest_{kind}"] = forms.CharField(widget=forms.HiddenInput, initial=change.digest,
                                                            required=False)
        self.rows = [(change, self[f"apply_{change.item.standard}"], self[f"digest_{change.item.standard}"])
                     for change in self.changes]

    def clean(self):
        data = super().clean()
        if self.changes and not self.chosen_kinds():
            raise forms.ValidationError(_("Vælg mindst ét punkt, der skal have den nye tekst."))
        return data

    def chosen_kinds(self) -> list[str]:
        return [c.item.standard for c in self.changes if self.cleaned_data.get(f"apply_{c.item.standard}")]

    def expected(self) -> dict[str, str]:
        return {c.item.standard: self.cleaned_data.get(f"digest_{c.item.standard}", "") for c in self.changes}


class PublishForm(StemmeForm):
    """Sending the agenda; a reason is asked for when it goes out later than the rules say."""

    late_reason = forms.CharField(
        label=_("Hvorfor udsendes dagsordenen for sent?"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "input-width-xl"}),
        help_text=_("Fx “Mødet blev flyttet frem med kort varsel.” Begrundelsen gemmes ved mødet."))

    def __init__(self, *args, late: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["late_reason"]
        field.validators += Meeting._meta.get_field("agenda_late_reason").validators
        field.required = late
        field.error_messages["required"] = _("Skriv, hvorfor dagsordenen udsendes senere end forretningsordenens "
                                             "frist. Begrundelsen gemmes ved mødet.")


class TermDecisionForm(StemmeForm):
    """One decision about the ended term's open items: carry over or close, for one action
    item, one backlog item, or all of them."""

    decision = forms.ChoiceField(choices=[("carry", "carry"), ("close", "close")])
    action = forms.IntegerField(required=False)
    backlog = forms.IntegerField(required=False)
    all = forms.BooleanField(required=False)
