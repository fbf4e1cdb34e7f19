"""Full-text search, public and internal (docs/search.md). The interface other apps use:

* ``register_source(kind, label, builder, internal_permission=…)`` – in an app's ``ready()``;
* ``search(query, *, councils, audience, user, kinds, year, limit, offset) -> SearchResults``;
* ``reindex(council=…, kinds=…)`` and ``schedule_reindex(council, kinds)`` – from services."""

from core.search.indexing import reindex, schedule_reindex
from core.search.query import Facet, Hit, SearchResults, search
from core.search.registry import SearchEntry, register_source

__all__ = ["Facet", "Hit", "SearchEntry", "SearchResults", "register_source", "reindex", "schedule_reindex",
           "search"]
