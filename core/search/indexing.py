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

from core import publiccache
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


class _Reindex:
    """One council's reindex, waiting for the commit; later requests in the same transaction add
    their kinds to it (None: every kind)."""

    def __init__(self, council: Any, kinds: set[str] | None) -> None:
        self.council, self.kinds = council, kinds

    def add(self, kinds: set[str] | None) -> None:
        self.kinds = None if kinds is None or self.kinds is None else self.kinds | kinds

    def __call__(self) -> None:
        reindex(council=self.council, kinds=self.kinds)
        # Once more now that the index is new: a search page cached between the commit's bump and
        # this reindex (new generation, old index) is not kept.
        publiccache.bump(self.council)


def schedule_reindex(council: Any, kinds: Iterable[str] | None = None) -> None:
    """Reindex ``council``'s ``kinds`` (None: every kind) after the current transaction commits,
    once per council whatever the number of calls. Outside a transaction it runs at once.

    The waiting reindex lives only in Django's own list of commit callbacks
    (``connection.run_on_commit``: the savepoints each was registered in, the callback, robust),
    so a rollback discards it with the transaction's other callbacks and nothing of a rolled-back
    transaction is carried into the next commit. A request joins a waiting reindex only when that
    one was registered in the same savepoint or an enclosing one (it is discarded only when this
    request's savepoint is too); otherwise it waits on its own. It bumps the council's public
    generation too (``core.publiccache.bump``), so its cached public pages are renewed."""
    publiccache.bump(council)  # what is reindexed is public content: its cached pages are new too
    wanted = None if kinds is None else set(kinds)
    current = set(connection.savepoint_ids)
    for entry in connection.run_on_commit:  # (savepoints, callback, robust); the stubs know two of them
        savepoints, callback = entry[0], entry[1]
        if isinstance(callback, _Reindex) and callback.council.pk == council.pk and savepoints <= current:
            callback.add(wanted)
            return
    transaction.on_commit(_Reindex(council, wanted), robust=True)
