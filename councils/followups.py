"""Follow-ups that higher apps offer on the council's rules page, without councils importing them.

After the rules of procedure change, another app may have work to offer: ``meetings`` shows
the meetings already called whose invitations the new rules would change. An app registers
a function in its ``AppConfig.ready``: ``register_rules_followup(fn)`` where
``fn(*, council, access) -> list[Followup]`` (empty when there is nothing to do, or the user
may not do it). The rules page lists what they return."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Followup:
    text: str        # what the change means, e.g. "The new rules change who is called to 2 meetings."
    link_text: str   # the action, e.g. "See and apply the change"
    url: str


_RULES_FOLLOWUPS: list[Callable[..., list[Followup]]] = []


def register_rules_followup(fn: Callable[..., list[Followup]]) -> None:
    if fn not in _RULES_FOLLOWUPS:
        _RULES_FOLLOWUPS.append(fn)


def rules_followups(*, council, access) -> list[Followup]:
    return [followup for fn in _RULES_FOLLOWUPS for followup in fn(council=council, access=access)]
