"""The two full-text backends, chosen by ``connection.vendor``. Both take an ORM queryset of
``SearchDocument`` already filtered by council, audience, kind and year, so the permission rules
are written once (``core/search/query.py``) and only the matching differs.

* PostgreSQL: the generated column ``search_vector`` (title weight A, body weight B, config
  ``danish``) with a GIN index; ``websearch_to_tsquery('danish', q)``; ranked by ``ts_rank_cd``.
* SQLite: the FTS5 table ``core_searchdocument_fts`` (rowid = the document's id; columns title and
  body holding the Danish stems of ``core.search.text``); ``MATCH`` on the query's stems; ranked
  by ``bm25`` with the title weighted 5:1. The table is written by ``core.search.indexing``.

Every read works on a capped candidate set, the newest ``cap`` matches with the filters applied
(``core.search.query.CANDIDATES``): the cost of a query stops growing with its matches."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet, Subquery
from django.db.models.expressions import RawSQL

from core.search import text
from core.search.models import SearchDocument

FTS_TABLE = "core_searchdocument_fts"
DOC_TABLE = SearchDocument._meta.db_table


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def searchable(query: str) -> bool:
    """Whether a query leaves anything to search for (on both backends the same rule: at least
    one word that is not a function word)."""
    return bool(text.query_terms(query)[0])


def matching(qs: QuerySet[SearchDocument], query: str) -> QuerySet[SearchDocument]:
    """``qs`` narrowed to the documents matching ``query`` (PostgreSQL)."""
    return qs.extra(where=["search_vector @@ websearch_to_tsquery('danish', %s)"],  # noqa: S610  # parameterised
                    params=[text.clean_query(query)])


def _where(qs: QuerySet[SearchDocument]) -> tuple[str, list]:
    """The WHERE clause of a queryset on the document table alone (no joins), to put beside the
    FTS5 match. Raises EmptyResultSet when it can match nothing."""
    compiler = qs.query.get_compiler(using=qs.db)
    sql, params = compiler.compile(qs.query.where)
    return sql, list(params)


# Candidates: the newest ``cap`` matches (by id, i.e. the most recently indexed), taken with the
# filters applied, before any ranking. On SQLite FTS5 walks a term's rowids in descending order
# without sorting, so the LIMIT stops the walk early and bm25 is computed for the rows kept only;
# each row is joined by primary key to its document for the filters (CROSS JOIN keeps the FTS5
# table the outer loop, so its rowid order satisfies the ORDER BY). On PostgreSQL the planner
# either walks the primary key backwards checking ``@@`` (a common word) or takes the GIN bitmap
# and keeps the top ``cap`` ids (a rare one); the ranking then reads those rows only.
def _sqlite_candidates(columns: str, where: str) -> str:
    return (f"SELECT {columns} FROM {FTS_TABLE} CROSS JOIN {DOC_TABLE} ON {DOC_TABLE}.id = {FTS_TABLE}.rowid "  # nosec B608  # table names are module constants; the values are parameters
            f"WHERE {FTS_TABLE} MATCH %s AND ({where}) ORDER BY {FTS_TABLE}.rowid DESC LIMIT %s")


def _newest(qs: QuerySet[SearchDocument], query: str) -> QuerySet[SearchDocument]:
    return matching(qs, query).order_by("-id")


def counts(qs: QuerySet[SearchDocument], query: str, *, cap: int) -> tuple[list[tuple[str, int | None, int]], bool]:
    """(kind, year, number) of the newest ``cap`` documents of ``qs`` matching ``query``, and
    whether there were more than ``cap``. One query (it reads ``cap + 1`` rows to know)."""
    if is_postgres():
        rows = list(_newest(qs, query).values_list("kind", "year")[:cap + 1])
    else:
        try:
            where, params = _where(qs)
        except EmptyResultSet:
            return [], False
        with connection.cursor() as cursor:
            cursor.execute(_sqlite_candidates(f"{DOC_TABLE}.kind, {DOC_TABLE}.year", where),
                           [text.fts5_query(query), *params, cap + 1])
            rows = cursor.fetchall()
    grouped = Counter((kind, year) for kind, year in rows[:cap])
    return [(kind, year, n) for (kind, year), n in grouped.items()], len(rows) > cap


def candidate_count(qs: QuerySet[SearchDocument], query: str, *, cap: int) -> tuple[int, bool]:
    """The number of documents of ``qs`` matching ``query``, at most ``cap``, and whether there
    were more. One query."""
    if is_postgres():
        n = _newest(qs, query).values("id")[:cap + 1].count()
    else:
        try:
            where, params = _where(qs)
        except EmptyResultSet:
            return 0, False
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({_sqlite_candidates(f'{FTS_TABLE}.rowid', where)})",  # nosec B608  # table names are module constants; the values are parameters
                           [text.fts5_query(query), *params, cap + 1])
            n = cursor.fetchone()[0]
    return min(n, cap), n > cap


def ranked_ids(qs: QuerySet[SearchDocument], query: str, *, cap: int, limit: int, offset: int) -> list[int]:
    """The ids of one page of the documents of ``qs`` (not yet narrowed to the query) that match
    ``query``, best first (newer first among equals), ranked among the newest ``cap`` matches
    only. One query."""
    if is_postgres():
        rank = RawSQL("ts_rank_cd(search_vector, websearch_to_tsquery('danish', %s))", [text.clean_query(query)])
        candidates = _newest(qs, query).values("id")[:cap]
        return list(SearchDocument.objects.filter(id__in=Subquery(candidates)).annotate(rank=rank)
                    .order_by("-rank", "-date", "-id").values_list("id", flat=True)[offset:offset + limit])
    try:
        where, params = _where(qs)
    except EmptyResultSet:
        return []
    columns = f"{FTS_TABLE}.rowid AS id, bm25({FTS_TABLE}, 5.0, 1.0) AS rank, {DOC_TABLE}.date AS date"
    sql = (f"WITH c AS MATERIALIZED ({_sqlite_candidates(columns, where)}) "  # nosec B608  # table names are module constants; the values are parameters
           f"SELECT id FROM c ORDER BY rank, date DESC, id DESC LIMIT %s OFFSET %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [text.fts5_query(query), *params, cap, limit, offset])
        return [row[0] for row in cursor.fetchall()]


# --- Writing the SQLite side (PostgreSQL's column is generated from title and body) -------------

def fts_delete(ids: Iterable[int]) -> None:
    if is_postgres():
        return
    ids = list(ids)
    with connection.cursor() as cursor:
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(chunk))})", chunk)  # nosec B608  # a constant table name and one placeholder per id


def fts_insert(rows: Iterable[tuple[int, str, str]]) -> None:
    """(id, title, body) of new documents: their stems go into the FTS5 table."""
    if is_postgres():
        return
    rows = [(pk, text.index_text(title), text.index_text(body)) for pk, title, body in rows]
    fts_delete(pk for pk, _title, _body in rows)  # a row left by a flushed table must not shadow the new one
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)", rows)  # nosec B608  # a constant table name; the values are parameters
