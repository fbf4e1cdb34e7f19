"""The consultations' panel on a member's start page ("Hvad skal jeg nu?", ``councils.hooks``,
registered in ``HearingsConfig.ready``): drafts waiting for the chair's or vice-chair's approval
between meetings, and the responses the person is writing as an owner (tovholder). Left out when
there is neither."""

from __future__ import annotations

import datetime as dt
from typing import Any

from councils.hooks import register_member_panel
from hearings.selectors.consultations import awaiting_person

TEMPLATE = "hearings/startpage/awaiting.html"


def awaiting_panel(*, council: Any, person: Any, user: Any, today: dt.date) -> dict[str, Any] | None:
    to_approve, owned = awaiting_person(council=council, person=person, on=today)
    if not to_approve and not owned:
        return None
    return {"to_approve": to_approve, "owned": owned}


def register_panels() -> None:
    """Called from the app's ``ready()``."""
    register_member_panel(TEMPLATE, awaiting_panel, order=45)
