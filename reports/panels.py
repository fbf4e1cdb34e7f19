"""The reports app's panel on the council's internal start page: "Året i tal", the live figures
of this year's report, registered in ``ReportsConfig.ready`` through ``councils.hooks`` (councils
may not import reports).

The panel reads ``years_compared`` for this year (seven queries, the same numbers the
several-years page shows) rather than the whole ``year_in_figures`` (every fact of every section,
some 36 queries), since the start page is the page everyone opens."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reports.selectors.facts import years_compared

PANEL_TEMPLATE = "reports/_year_in_figures.html"


def year_in_figures_panel(*, council: Any, access: Any, today: dt.date) -> dict[str, Any] | None:
    if not access.can("reports.view"):
        return None
    [summary] = years_compared(council=council, years=[today.year])
    return {"summary": summary, "year": today.year, "today": today}
