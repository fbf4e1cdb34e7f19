"""The easy-read editor's form, shared by the easy-read minutes and the easy-read annual report
(``reports`` sits above ``meetings`` and imports it)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ReadabilityTextarea, StemmeForm
from core.validators import validate_no_cpr


class EasyReadForm(StemmeForm):
    body = forms.CharField(
        label=_("Letlæst tekst"), validators=[validate_no_cpr], strip=True,
        error_messages={"required": _("Skriv den letlæste tekst.")},
        widget=ReadabilityTextarea(attrs={"rows": 18, "class": "input-width-xl"}),
        help_text=_("Korte sætninger og almindelige ord. En tom linje mellem afsnit. “# ” foran en overskrift, "
                    "“- ” foran hvert punkt i en liste, og et billede med fx “[beslutning]” først i et afsnit."))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
