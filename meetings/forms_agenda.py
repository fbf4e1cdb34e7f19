"""Forms of the agenda pages. They only validate input; the services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StemmeForm, StemmeModelForm
from councils.models import Person
from meetings.models import AgendaItem

ITEM_FIELDS = ["kind", "title", "case_text", "recommendation", "responsible", "closed", "publish_title",
               "publish_decision"]


class ItemForm(StemmeModelForm):
    """Add or edit an item. Built without an instance (``initial`` for editing) so validation
    never changes the item before the service has checked it."""

    class Meta:
        model = AgendaItem
        fields = ITEM_FIELDS
        widgets = {"kind": forms.RadioSelect, "case_text": forms.Textarea(attrs={"rows": 8}),
                   "recommendation": forms.Textarea(attrs={"rows": 3})}
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
        widgets = {"case_text": forms.Textarea(attrs={"rows": 6})}
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
        from core.validators import validate_no_cpr

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
        from django.conf import settings

        from meetings.uploads import allowed_types_text, format_megabytes

        self.fields["file"].help_text = _("Tilladt: %(types)s. Højst %(limit)s MB.") % {
            "types": allowed_types_text(), "limit": format_megabytes(settings.STEMME_MAX_UPLOAD_BYTES)}
        self.fields["file"].widget.attrs["accept"] = (
            ".pdf,.docx,.doc,.odt,.xlsx,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg")

    def clean_name(self):
        from core.validators import validate_no_cpr

        value = self.cleaned_data["name"]
        validate_no_cpr(value)
        return value


class MoveForm(StemmeForm):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")], required=False)
    position = forms.IntegerField(label=_("Nyt nummer"), min_value=1, required=False)
