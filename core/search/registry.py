"""The sources of the search index. Core knows no app above it, so each app registers the kinds
of document it offers in its ``AppConfig.ready()``::

    register_source("meeting", _("Dagsordener og referater"), build_meeting_entries,
                    internal_permission="meetings.view")

A builder is called as ``builder(council=council)`` and returns every ``SearchEntry`` of its kind
for that council: the public version (everything through ``core.disclosure``) and, for a kind
with an internal version, the internal one too. ``internal_permission`` names the permission a
viewer needs for the internal version; the internal search shows it instead of the public one
to those who hold it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from core.search.models import Audience


@dataclass(frozen=True)
class SearchEntry:
    object_id: int
    title: str
    body: str
    url: str
    date: dt.date | None = None
    audience: str = Audience.PUBLIC
    permission: str = ""  # the internal version's permission (set by reindex from the source)

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None


Builder = Callable[..., Iterable[SearchEntry]]


@dataclass(frozen=True)
class Source:
    kind: str
    label: Any  # a lazy translation
    builder: Builder
    internal_permission: str = ""


_SOURCES: dict[str, Source] = {}


def register_source(kind: str, label: Any, builder: Builder, *, internal_permission: str = "") -> None:
    """Register (or replace, e.g. in a test) the builder of ``kind``."""
    _SOURCES[kind] = Source(kind=kind, label=label, builder=builder, internal_permission=internal_permission)


def sources() -> dict[str, Source]:
    return dict(_SOURCES)


def source(kind: str) -> Source:
    return _SOURCES[kind]


def label(kind: str) -> str:
    found = _SOURCES.get(kind)
    return str(found.label) if found else kind
