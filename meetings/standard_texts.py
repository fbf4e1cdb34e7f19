"""Case texts of standard agenda items that other parts of Stemme build from their data.

The meetings app writes most standard items itself (approval with follow-up of action items,
membership status, the backlog). The economy status and the upcoming events come from the
``finance`` and ``activities`` apps, which register a builder here in their
``AppConfig.ready``: ``register(StandardItem.ECONOMY, builder)`` where
``builder(*, meeting) -> str``. Without a builder the item gets a short fixed text."""

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
