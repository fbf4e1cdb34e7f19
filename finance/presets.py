"""What the finance app adds to a council created from a preset: the preset's yearly budget
(Ishøj 25,000 kr., Høje-Taastrup 35,000 kr., Gentofte 150,000 kr.) for the current year, or for the
year the first term starts when that is later. Registered with ``councils.hooks`` in
``FinanceConfig.ready``; ``councils`` never imports ``finance``."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from finance.services import budget_set


def preset_budget_year(*, term, today) -> int:
    return max(today.year, term.start.year)


def budget_from_preset(*, council, preset, term, actor, today) -> None:
    if not preset.budget_kr:
        return
    with translation.override(settings.LANGUAGE_CODE):  # the note is a record: the council's language
        note = _("Beløbet fra skabelonen “%(preset)s”. Ret det til det, rådet har fået bevilget.") % {
            "preset": preset.label}
    budget_set(council=council, year=preset_budget_year(term=term, today=today), amount=Decimal(preset.budget_kr),
               actor=actor, note=note)
