"""The council's public events (citizens' meetings) in the search index (``core.search``),
registered in ``ActivitiesConfig.ready``: events with a public page (``Event.is_public``), their
title, place, accessibility and description through the disclosure policy on the event's day."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone

from activities.selectors.events import public_events
from core.disclosure import Disclosure
from core.search import SearchEntry
from councils.models import Council

KIND = "event"


def entries(*, council: Council) -> Iterator[SearchEntry]:
    disclosure = Disclosure.for_council(council, on=timezone.localdate())
    for event in public_events(council=council):
        day = timezone.localdate(event.starts_at)
        text = disclosure.at(day).text
        body = "\n\n".join(p for p in (event.place, event.accessibility, event.description) if p)
        yield SearchEntry(object_id=event.pk, title=text(event.title), body=text(body), date=day,
                          url=reverse("public:event", args=[council.slug, event.pk]))
