"""The economy standard item on every agenda: the budget status of the meeting's year, built
from the expenses (registered in ``FinanceConfig.ready`` through ``meetings.standard_texts``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import long_date
from finance import selectors
from finance.formats import kr_short


def economy_text(*, meeting, as_of: dt.date) -> str:
    """``Budget 2026: 25.000 kr. Afholdt 450 kr., disponeret 0 kr., tilbage 24.550 kr.`` and a line
    per category with expenses: the budget of the meeting's year as it stood on ``as_of`` (the
    day the agenda was sent; see ``meetings.standard_texts``)."""
    year = timezone.localtime(meeting.starts_at).year
    status = selectors.budget_status(council=meeting.council, year=year, as_of=as_of)
    totals = _("Afholdt %(spent)s, disponeret %(committed)s, tilbage %(left)s") % {
        "spent": kr_short(status.spent), "committed": kr_short(status.committed), "left": kr_short(status.left)}
    if status.budget is not None:
        lines = [_("Budget %(year)d: %(amount)s") % {"year": year, "amount": kr_short(status.amount)} + " " + totals]
    else:
        lines = [_("Der er ikke fastsat et budget for %(year)d.") % {"year": year} + " " + totals]
    if status.over_budget:
        lines.append(_("Budgettet er overskredet med %(amount)s") % {"amount": kr_short(-status.left)})
    used = [c for c in status.categories if c.total]
    if used:
        lines.append(_("Fordelt på kategorier:"))
        for c in used:
            lines.append("• " + _("%(category)s: afholdt %(spent)s, disponeret %(committed)s") % {
                "category": c.label, "spent": kr_short(c.spent), "committed": kr_short(c.committed)})
    else:
        lines.append(_("Der er ikke registreret udgifter i %(year)d.") % {"year": year})
    lines.append(_("Opgjort den %(date)s.") % {"date": long_date(as_of)})
    return "\n".join(lines)
