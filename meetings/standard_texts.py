"""Case texts of standard agenda items that other parts of Stemme build from their data.

The meetings app writes most standard items itself (approval with follow-up of action items,
membership status, the backlog). The economy status and the upcoming events come from the
``finance`` and ``activities`` apps, which register a builder here in their
``AppConfig.ready``: ``register(StandardItem.ECONOMY, builder)`` where
``builder(*, meeting, as_of: datetime.date) -> str``.

``as_of`` is the date the text states its facts for: the day the agenda was sent once it is
(the text is then frozen), before that today; see
``meetings.selectors.agenda.standard_as_of``. A builder computes everything as of that date –
the budget as it stood then, the events known then – so computing the text again later gives
the same text unless the facts of that day were corrected. Without a builder the item gets a
short fixed text."""

from __future__ import annotations

from collections.abc import Callable

Builder = Callable[..., str]
_BUILDERS: dict[str, Builder] = {}


def register(kind: str, builder: Builder) -> None:
    _BUILDERS[str(kind)] = builder


def builder_for(kind: str) -> Builder | None:
    return _BUILDERS.get(str(kind))


def registered_kinds() -> list[str]:
    return list(_BUILDERS)
