"""The reports app's panel on the council's internal start page: "Året i tal", the live figures
of this year's report, registered in ``ReportsConfig.ready`` through ``councils.hooks`` (councils
may not import reports)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reports import selectors

PANEL_TEMPLATE = "reports/_year_in_figures.html"


def year_in_figures_panel(*, council: Any, access: Any, today: dt.date) -> dict[str, Any] | None:
    if not access.can("reports.view"):
        return None
    [summary] = selectors.years_compared(council=council, years=[today.year])
    return {"summary": summary, "year": today.year, "today": today}
