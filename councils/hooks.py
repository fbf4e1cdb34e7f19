"""What other apps add when a council is created from a preset, and to the council's start page.

``councils`` sits below the apps that own budgets and the like, so it never imports them. An
app that keeps something a preset promises registers a hook in its ``AppConfig.ready``:
``register_council_created(hook)`` where ``hook(*, council, preset, actor, today) -> None``.
``services.council_create_from_preset`` calls every hook inside its transaction, after the
council, its rules, first term, seats and organisations exist; a hook that raises rolls the
whole creation back. The finance app sets the preset's yearly budget this way.

A panel on the internal start page (the dashboard) is registered with
``register_dashboard_panel(template_name, context_fn)`` where ``context_fn(*, council, access, today)``
returns the template's context (a dict, given to the template as ``panel``) or None to leave the
panel out (e.g. for a role that may not see it). The reports app shows "the year in figures" this
way.

A member's start page ("Hvad skal jeg nu?", first on the dashboard of a person of the council):
``register_member_panel(template_name, context_fn, order=50)`` where
``context_fn(*, council, person, user, today)`` returns the template's context (given as ``panel``)
or None when there is nothing to show that person. The panels are shown by ``order`` (then in
the order registered): the next meeting (meetings, 10), my tasks and sign-ups (activities, 20 and
30), what awaits my approval (meetings 40, hearings 45). A panel keeps its queries flat however
many rows it shows (the dashboard's query budget is tested with 1 and with 10 of each).

The start page is a cached fragment (``core.fragments``) of the user for the day, renewed by every
audited write of the council: a panel whose content changes with the clock within the day (a meeting
begins, an event ends) puts that moment in its context as ``until`` (a datetime), and the fragment is
kept no longer. A panel must show only rows written through services that ``audit``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

CouncilCreatedHook = Callable[..., None]
_HOOKS: list[CouncilCreatedHook] = []


def register_council_created(hook: CouncilCreatedHook) -> None:
    if hook not in _HOOKS:
        _HOOKS.append(hook)


def council_created_hooks() -> list[CouncilCreatedHook]:
    return list(_HOOKS)


PanelContext = Callable[..., dict[str, Any] | None]


@dataclass(frozen=True)
class DashboardPanel:
    template_name: str
    context: dict[str, Any]


_PANELS: list[tuple[str, PanelContext]] = []


def register_dashboard_panel(template_name: str, context_fn: PanelContext) -> None:
    if (template_name, context_fn) not in _PANELS:
        _PANELS.append((template_name, context_fn))


def dashboard_panels(*, council: Any, access: Any, today: dt.date) -> list[DashboardPanel]:
    """The registered panels that have something to show this user, in the order registered."""
    panels = []
    for template_name, context_fn in _PANELS:
        context = context_fn(council=council, access=access, today=today)
        if context is not None:
            panels.append(DashboardPanel(template_name=template_name, context=context))
    return panels


_MEMBER_PANELS: list[tuple[int, str, PanelContext]] = []


def register_member_panel(template_name: str, context_fn: PanelContext, *, order: int = 50) -> None:
    if not any(t == template_name and fn == context_fn for _o, t, fn in _MEMBER_PANELS):
        _MEMBER_PANELS.append((order, template_name, context_fn))


def member_panels(*, council: Any, person: Any, user: Any, today: dt.date) -> list[DashboardPanel]:
    """The member's start page panels that have something for ``person`` (one of the council's
    people, the user's), by order."""
    panels = []
    for _order, template_name, context_fn in sorted(_MEMBER_PANELS, key=lambda entry: entry[0]):
        context = context_fn(council=council, person=person, user=user, today=today)
        if context is not None:
            panels.append(DashboardPanel(template_name=template_name, context=context))
    return panels
