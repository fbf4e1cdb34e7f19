"""The activities' panels on a member's start page ("Hvad skal jeg nu?", ``councils.hooks``,
registered in ``ActivitiesConfig.ready``): the person's open tasks (from the meetings and the
working groups, nearest due date first) and their sign-ups for events ahead. Each panel is left
out when it has nothing to show; queries stay flat (five and one)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from activities.selectors.events import signups_ahead
from activities.selectors.groups import my_tasks
from councils.hooks import register_member_panel

TASKS_TEMPLATE = "activities/startpage/tasks.html"
SIGNUPS_TEMPLATE = "activities/startpage/signups.html"
#: The tasks shown on the start page; the rest are on "Mine opgaver".
TASKS_SHOWN = 5


def tasks_panel(*, council: Any, person: Any, user: Any, today: dt.date) -> dict[str, Any] | None:
    tasks = my_tasks(council=council, person_ids=[person.pk], today=today)
    if not tasks.open:
        return None
    return {"tasks": tasks.open[:TASKS_SHOWN], "count": len(tasks.open), "overdue": tasks.overdue_count,
            "more": max(0, len(tasks.open) - TASKS_SHOWN)}


def signups_panel(*, council: Any, person: Any, user: Any, today: dt.date) -> dict[str, Any] | None:
    signups = signups_ahead(council=council, person_ids=[person.pk])
    # It holds until the first of them ends (councils.hooks: the start page's cached fragment).
    ends = [s.event.ends_at or s.event.starts_at for s in signups]
    return {"signups": signups, "until": min(ends)} if signups else None


def register_panels() -> None:
    """Called from the app's ``ready()``."""
    register_member_panel(TASKS_TEMPLATE, tasks_panel, order=20)
    register_member_panel(SIGNUPS_TEMPLATE, signups_panel, order=30)
