"""Form of the deadlines overview: how many weeks ahead to show."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.forms import StemmeForm
from hearings.selectors.deadlines import HORIZONS


class HorizonForm(StemmeForm):
    uger = forms.TypedChoiceField(
        label=_("Vis frister for de næste"), coerce=int,
        choices=[(weeks, ngettext_lazy("%(n)d uge", "%(n)d uger", "n") % {"n": weeks}) for weeks in HORIZONS])
