"""What other apps add when a council is created from a preset.

``councils`` sits below the apps that own budgets and the like, so it never imports them. An
app that keeps something a preset promises registers a hook in its ``AppConfig.ready``:
``register_council_created(hook)`` where ``hook(*, council, preset, actor, today) -> None``.
``services.council_create_from_preset`` calls every hook inside its transaction, after the
council, its rules, first term, seats and organisations exist; a hook that raises rolls the
whole creation back. The finance app sets the preset's yearly budget this way."""

from __future__ import annotations

from collections.abc import Callable

CouncilCreatedHook = Callable[..., None]
_HOOKS: list[CouncilCreatedHook] = []


def register_council_created(hook: CouncilCreatedHook) -> None:
    if hook not in _HOOKS:
        _HOOKS.append(hook)


def council_created_hooks() -> list[CouncilCreatedHook]:
    return list(_HOOKS)
