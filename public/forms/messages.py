"""Forms for "Skriv til rådet": the citizen's public form and the secretariat's actions on a
message. The forms only read input; the rules (the CPR guard, the contact, collisions) are in
``public.services.messages``, whose Danish errors the views put on the forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PUBLIC_TEXT_MAX_LENGTH, PublicFormMixin, ReadabilityTextarea, StemmeForm
from public.models import MessageKind, MessageStatus


class WriteForm(PublicFormMixin, StemmeForm):
    """The public form: rate-limited, with the honeypot field ``website``."""

    rate_limit_scope = "public.write"

    kind = forms.ChoiceField(label=_("Hvad vil du skrive?"), choices=MessageKind.choices, widget=forms.RadioSelect,
                             initial=MessageKind.SUGGESTION,
                             error_messages={"required": _("Vælg, om det er et forslag eller en bekymring.")})
    text = forms.CharField(label=_("Din besked til rådet"), max_length=PUBLIC_TEXT_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 7}),
                           help_text=_("Skriv ikke CPR-nummer. Skriv ikke navne på andre."),
                           error_messages={"required": _("Skriv, hvad du vil fortælle rådet.")})
    name = forms.CharField(label=_("Dit navn"), max_length=150, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    contact = forms.CharField(label=_("Din e-mail eller dit mobilnummer"), max_length=254,
                              required=False, widget=forms.TextInput(attrs={"autocomplete": "email"}),
                              help_text=_("Så kan vi svare dig og fortælle, hvad der sker med det, du skrev."))

    def service_kwargs(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("kind", "text", "name", "contact")}


class ToIdeaForm(StemmeForm):
    title = forms.CharField(label=_("Idéens titel"), max_length=200,
                            help_text=_("Kort – fx “Varme stuer om vinteren”."),
                            error_messages={"required": _("Skriv idéens titel.")})
    description = forms.CharField(label=_("Uddybning"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text=_("Borgerens tekst står her fra start. Ret den, hvis noget ikke skal "
                                              "med i kataloget."))


class ToAgendaForm(StemmeForm):
    title = forms.CharField(label=_("Punktets overskrift"), max_length=250,
                            error_messages={"required": _("Skriv punktets overskrift.")})
    case_text = forms.CharField(label=_("Hvad sagen handler om"), required=False,
                                widget=ReadabilityTextarea(attrs={"rows": 5}))


class ReplyForm(StemmeForm):
    text = forms.CharField(label=_("Svar til borgeren"), max_length=PUBLIC_TEXT_MAX_LENGTH,
                           widget=ReadabilityTextarea(attrs={"rows": 6}),
                           help_text=_("Skriv kort og enkelt. Rådets navn og borgerens egen tekst kommer med under "
                                       "svaret."),
                           error_messages={"required": _("Skriv svaret til borgeren.")})


class StatusFilterForm(StemmeForm):
    status = forms.ChoiceField(label=_("Vis"), required=False,
                               choices=[("", _("Alle henvendelser"))] + list(MessageStatus.choices))
