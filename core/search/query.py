"""The one search interface, for every page that searches::

    results = search("høringssvar budget", councils=[council], kinds=["response"], year=2026,
                     limit=20, offset=0)                      # the public search
    results = search(q, councils=[council], audience="internal", user=request.user)

Public searches see public documents only. An internal search (one council at a time, for a
logged-in user) sees, for each kind with an internal version, the internal documents when the
user holds the kind's permission in that council (``core.permissions``), and the public ones
otherwise. Three queries (four across every council, one more for a filtered search of more
than ``CANDIDATES`` matches) whatever the size of the index, plus the permission policy's own for
an internal search.

A query matching more than ``CANDIDATES`` documents is ranked among the newest ``CANDIDATES``
of them (by index order, filters applied first): the total then reads "more than", and the
facets count those candidates (docs/search.md, "Broad queries")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.safestring import SafeString

from core.permissions import roles_for
from core.search import backends, registry, text
from core.search.models import Audience, SearchDocument

# A broad query is ranked, counted and faceted over its newest CANDIDATES matches only (the most
# recently indexed, with the filters applied), so its cost does not grow with the index: a common
# word in 100,000 documents costs what a word in 1,000 does. Above it the page says "more than".
CANDIDATES = 1000


@dataclass(frozen=True)
class Hit:
    title: SafeString         # escaped, matches in <mark>
    url: str
    kind: str
    kind_label: str
    date: dt.date | None
    snippet: SafeString       # escaped, matches in <mark>
    council_name: str
    council_slug: str
    internal: bool


@dataclass(frozen=True)
class Facet:
    value: Any                # a kind (str) or a year (int)
    label: str
    count: int


@dataclass
class SearchResults:
    query: str
    searched: bool            # False when the query was empty or too short: nothing was asked
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    kinds: list[Facet] = field(default_factory=list)   # counts by kind (with the year filter, not the kind's)
    years: list[Facet] = field(default_factory=list)   # counts by year (with the kind filter, not the year's)
    # More than CANDIDATES matches: ``total`` is CANDIDATES and the page says "more than".
    capped: bool = False
    # The facets count the newest CANDIDATES matches only (there were more).
    facets_capped: bool = False
    cap: int = 0              # CANDIDATES, for the page's wording


def _scope(*, councils: Sequence[Any] | None, audience: str, user: Any) -> QuerySet[SearchDocument]:
    qs = SearchDocument.objects.all()
    if councils is None:
        # The active councils' ids first, so the search's own filter needs no join.
        council_model: Any = SearchDocument._meta.get_field("council").related_model
        qs = qs.filter(council_id__in=list(council_model.objects.filter(is_active=True).values_list("pk", flat=True)))
    else:
        qs = qs.filter(council__in=[c.pk for c in councils])
    if audience == Audience.PUBLIC:
        return qs.filter(audience=Audience.PUBLIC)
    if councils is None or user is None or not getattr(user, "is_authenticated", False):
        raise ValueError("An internal search needs the councils and a logged-in user.")
    allowed = Q(pk__in=[])
    with_internal = {k: s.internal_permission for k, s in registry.sources().items() if s.internal_permission}
    for council in councils:
        access = roles_for(user, council)
        inside = [k for k, permission in with_internal.items() if access.can(permission)]
        allowed |= Q(council=council.pk) & (
            Q(audience=Audience.INTERNAL, kind__in=inside, permission__in=[with_internal[k] for k in inside])
            | (Q(audience=Audience.PUBLIC) & ~Q(kind__in=inside)))
    return qs.filter(allowed)


def search(query: str, *, councils: Sequence[Any] | None = None, audience: str = Audience.PUBLIC,
           user: Any = None, kinds: Iterable[str] | None = None, year: int | None = None,
           limit: int = 20, offset: int = 0) -> SearchResults:
    """Search ``councils`` (None: every active council, public documents only). ``kinds`` and
    ``year`` filter; the facets count what the other filter leaves, so each facet link says how
    many hits it gives."""
    query = text.clean_query(query)
    if len(query) < text.MIN_QUERY_CHARS or not backends.searchable(query):
        return SearchResults(query=query, searched=False)
    kinds = [k for k in (kinds or []) if k]
    scope = _scope(councils=councils, audience=audience, user=user)
    # One grouped count of the newest CANDIDATES matches gives the total and both facets: the
    # kinds within the chosen year, the years within the chosen kinds.
    kind_counts: dict[str, int] = {}
    year_counts: dict[int, int] = {}
    grouped, facets_capped = backends.counts(scope, query, cap=CANDIDATES)
    capped = facets_capped
    for kind, doc_year, n in grouped:
        if not year or doc_year == year:
            kind_counts[kind] = kind_counts.get(kind, 0) + n
        if doc_year is not None and (not kinds or kind in kinds):
            year_counts[doc_year] = year_counts.get(doc_year, 0) + n
    filtered = scope.filter(kind__in=kinds) if kinds else scope
    if year:
        filtered = filtered.filter(year=year)
    total = sum(n for k, n in kind_counts.items() if not kinds or k in kinds)
    if capped and (kinds or year):
        # The filter's own candidates: the newest matches of that kind or year, however far back
        # among all the matches they are.
        total, capped = backends.candidate_count(filtered, query, cap=CANDIDATES)
    results = SearchResults(
        query=query, searched=True, total=total, capped=capped, cap=CANDIDATES, facets_capped=facets_capped,
        kinds=sorted((Facet(k, registry.label(k), n) for k, n in kind_counts.items()), key=lambda f: -f.count),
        years=[Facet(y, str(y), n) for y, n in sorted(year_counts.items(), reverse=True)])
    if not total or offset >= total:
        return results
    ids = backends.ranked_ids(filtered, query, cap=CANDIDATES, limit=limit, offset=offset)
    docs = SearchDocument.objects.select_related("council").in_bulk(ids)
    wanted = text.query_terms(query)[0]
    results.hits = [_hit(docs[pk], wanted) for pk in ids if pk in docs]
    return results


def _hit(doc: SearchDocument, wanted: list[str]) -> Hit:
    return Hit(title=text.highlight(doc.title, wanted), url=doc.url, kind=doc.kind,
               kind_label=registry.label(doc.kind), date=doc.date, snippet=text.snippet(doc.body, wanted),
               council_name=doc.council.name, council_slug=doc.council.slug,
               internal=doc.audience == Audience.INTERNAL)
