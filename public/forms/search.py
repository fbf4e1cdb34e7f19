"""The search form (GET) of the public and the internal search pages. It only reads input: what a
query may be and what it finds is ``core.search``'s."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StemmeForm
from core.search.text import MAX_QUERY_CHARS


class SearchForm(StemmeForm):
    q = forms.CharField(label=_("Søg efter"), max_length=MAX_QUERY_CHARS,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
                        help_text=_("Fx “høringssvar”, “budget” eller “bostøtte”."),
                        error_messages={"required": _("Skriv et eller flere ord, du vil søge efter."),
                                        "max_length": _("Skriv højst %(limit_value)d tegn.")})
    type = forms.CharField(required=False, widget=forms.HiddenInput)
    aar = forms.IntegerField(required=False, min_value=1900, max_value=2999, widget=forms.HiddenInput)

    def search_kwargs(self) -> dict:
        """The query and filters for ``core.search.search`` (an invalid filter is left out)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {"query": data.get("q") or "", "kinds": [data["type"]] if data.get("type") else None,
                "year": data.get("aar") or None}
