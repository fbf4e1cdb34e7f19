"""Keeping the index in step with what is published.

``reindex(council=…, kinds=…)`` rebuilds a council's documents of the given kinds (all kinds by
default) from their sources: the builders return every entry as it should read now, and the
rows of those kinds are replaced in one transaction. ``manage.py search_reindex`` runs it for
every council.

Services that publish or change public content call ``schedule_reindex(council, kinds)``: the
reindex runs once after the commit (``transaction.on_commit``), however many times it was asked
for in that transaction, and never for a transaction that was rolled back. A consent change
reindexes the council's public documents of every kind, since names in them depend on it."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction

from core.search import backends, registry
from core.search.models import Audience, SearchDocument

log = logging.getLogger(__name__)


@transaction.atomic
def reindex(*, council: Any, kinds: Iterable[str] | None = None) -> int:
    """Rebuild ``council``'s documents of ``kinds`` (every registered kind when None). Returns
    the number of documents written."""
    sources = registry.sources()
    wanted = list(sources) if kinds is None else [k for k in kinds if k in sources]
    written = 0
    for kind in wanted:
        source = sources[kind]
        entries = {}
        for entry in source.builder(council=council):
            entries[(entry.object_id, entry.audience)] = entry  # the last wins, so the unique key holds
        old = list(SearchDocument.objects.filter(council=council, kind=kind).values_list("id", flat=True))
        backends.fts_delete(old)
        SearchDocument.objects.filter(id__in=old).delete()
        docs = SearchDocument.objects.bulk_create([
            SearchDocument(council_id=council.pk, kind=kind, object_id=e.object_id, audience=e.audience,
                           permission=source.internal_permission if e.audience == Audience.INTERNAL else "",
                           year=e.year, date=e.date, title=e.title[:400], body=e.body, url=e.url[:500])
            for e in entries.values()])
        backends.fts_insert((d.pk, d.title, d.body) for d in docs)
        written += len(docs)
    return written


def schedule_reindex(council: Any, kinds: Iterable[str] | None = None) -> None:
    """Reindex ``council``'s ``kinds`` (None: every kind) after the current transaction commits,
    once per council and kind whatever the number of calls. Outside a transaction it runs at once."""
    pending: dict[int, tuple[Any, set[str] | None]] = connection.__dict__.setdefault("_stemme_search_pending", {})
    known = pending.get(council.pk)
    if known is None:
        pending[council.pk] = (council, None if kinds is None else set(kinds))
    elif known[1] is not None:
        pending[council.pk] = (council, None if kinds is None else known[1] | set(kinds))
    # Every call registers the flush: the first to run drains them all, the rest find nothing.
    # (Registering once would leave the entries of a rolled-back transaction unflushed.)
    transaction.on_commit(_flush, robust=True)


def _flush() -> None:
    pending: dict[int, tuple[Any, set[str] | None]] = connection.__dict__.get("_stemme_search_pending", {})
    while pending:
        _pk, (council, kinds) = pending.popitem()
        reindex(council=council, kinds=kinds)
