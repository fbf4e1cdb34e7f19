"""Forms of the library: the search on the list and the document form (tags typed as
comma-separated text, themes chosen among the council's own)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.errors import ApplicationError
from core.forms import StemmeForm
from core.validators import validate_no_cpr
from library import services


class SearchForm(StemmeForm):
    q = forms.CharField(label=_("Søg i titel og kilde"), max_length=200, required=False,
                        widget=forms.TextInput(attrs={"type": "search"}),
                        help_text=_("Fx “bisidder” eller “Rådet for Socialt Udsatte”."))
    emne = forms.IntegerField(required=False, widget=forms.HiddenInput)


class DocumentForm(StemmeForm):
    title = forms.CharField(label=_("Titel"), max_length=250, validators=[validate_no_cpr],
                            error_messages={"required": _("Skriv dokumentets titel.")})
    source = forms.CharField(label=_("Kilde"), max_length=200, required=False, validators=[validate_no_cpr],
                             help_text=_("Hvem har udgivet eller sendt dokumentet, fx Rådet for Socialt Udsatte."))
    year = forms.IntegerField(label=_("År"), required=False, min_value=services.FIRST_YEAR, max_value=2200,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                              error_messages={"invalid": _("Skriv årstallet med fire cifre, fx 2018."),
                                              "min_value": _("Skriv et årstal efter %(limit_value)s."),
                                              "max_value": _("Skriv et gyldigt årstal.")})
    description = forms.CharField(label=_("Beskrivelse"), required=False, validators=[validate_no_cpr],
                                  widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text=_("Hvad handler dokumentet om, og hvorfor gemmer rådet det?"))
    url = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https",
                         help_text=_("Fx dokumentets adresse på udgiverens hjemmeside."),
                         error_messages={"invalid": _("Skriv et gyldigt link, fx https://udsatte.dk/rapport.")})
    file = forms.FileField(label=_("Fil"), required=False,
                           help_text=_("PDF, Word, ODT, Excel, PNG eller JPEG."),
                           error_messages={"empty": _("Filen er tom."),
                                           "invalid": _("Filen kunne ikke læses. Prøv igen.")})
    remove_file = forms.BooleanField(label=_("Fjern den nuværende fil"), required=False)
    tags = forms.CharField(label=_("Emneord"), max_length=600, required=False,
                           help_text=_("Adskil emneordene med komma, fx bisidder, bolig, rapport."))
    themes = forms.ModelMultipleChoiceField(label=_("Temaer"), required=False, queryset=None,
                                            widget=forms.CheckboxSelectMultiple,
                                            error_messages={"invalid_choice": _("Vælg blandt rådets egne temaer.")})

    def __init__(self, *args, themes, has_file: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if themes.exists():
            self.fields["themes"].queryset = themes
            self.fields["themes"].label_from_instance = lambda t: f"{t.title} ({t.year})"
        else:
            del self.fields["themes"]
        if not has_file:
            del self.fields["remove_file"]
        else:
            self.fields["file"].label = _("Ny fil")
            self.fields["file"].help_text = _("Erstatter den nuværende fil. PDF, Word, ODT, Excel, PNG eller JPEG.")

    def clean_tags(self):
        try:
            return services.tag_names_parse(self.cleaned_data.get("tags", ""))
        except ApplicationError as error:
            raise forms.ValidationError(error.message, code=error.code) from None

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("remove_file", False)
        data["themes"] = list(data.get("themes") or [])
        return data

    @staticmethod
    def initial_for(document) -> dict:
        return {"title": document.title, "source": document.source, "year": document.year,
                "description": document.description, "url": document.url,
                "tags": ", ".join(t.name for t in document.tags.all()),
                "themes": [t.pk for t in document.themes.all()]}
