"""The two full-text backends, chosen by ``connection.vendor``. Both take an ORM queryset of
``SearchDocument`` already filtered by council, audience, kind and year, so the permission rules
are written once (``core/search/query.py``) and only the matching differs.

* PostgreSQL: the generated column ``search_vector`` (title weight A, body weight B, config
  ``danish``) with a GIN index; ``websearch_to_tsquery('danish', q)``; ranked by ``ts_rank_cd``.
* SQLite: the FTS5 table ``core_searchdocument_fts`` (rowid = the document's id; columns title and
  body holding the Danish stems of ``core.search.text``); ``MATCH`` on the query's stems; ranked
  by ``bm25`` with the title weighted 5:1. The table is written by ``core.search.indexing``."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, QuerySet
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


# SQLite: the match first, once (MATERIALIZED), then its rows joined by primary key and filtered
# (CROSS JOIN keeps that order): the work grows with the matches, not with the table.
_SQLITE_MATCH = (f"WITH m AS MATERIALIZED (SELECT rowid AS id, bm25({FTS_TABLE}, 5.0, 1.0) AS rank "
                 f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) ")


def counts(qs: QuerySet[SearchDocument], query: str) -> list[tuple[str, int | None, int]]:
    """(kind, year, number) of the documents of ``qs`` matching ``query``. One query."""
    if is_postgres():
        return list(matching(qs, query).order_by().values_list("kind", "year").annotate(n=Count("id")))
    try:
        where, params = _where(qs)
    except EmptyResultSet:
        return []
    sql = (_SQLITE_MATCH.replace(f", bm25({FTS_TABLE}, 5.0, 1.0) AS rank", "")
           + f"SELECT {DOC_TABLE}.kind, {DOC_TABLE}.year, COUNT(*) FROM m CROSS JOIN {DOC_TABLE} "
           f"ON {DOC_TABLE}.id = m.id WHERE {where} GROUP BY {DOC_TABLE}.kind, {DOC_TABLE}.year")
    with connection.cursor() as cursor:
        cursor.execute(sql, [text.fts5_query(query), *params])
        return [(kind, year, n) for kind, year, n in cursor.fetchall()]


def ranked_ids(qs: QuerySet[SearchDocument], query: str, *, limit: int, offset: int) -> list[int]:
    """The ids of one page of the documents of ``qs`` (not yet narrowed to the query) that match
    ``query``, best first (newer first among equals). One query."""
    if is_postgres():
        rank = RawSQL("ts_rank_cd(search_vector, websearch_to_tsquery('danish', %s))", [text.clean_query(query)])
        return list(matching(qs, query).annotate(rank=rank).order_by("-rank", "-date", "-id")
                    .values_list("id", flat=True)[offset:offset + limit])
    try:
        where, params = _where(qs)
    except EmptyResultSet:
        return []
    sql = (_SQLITE_MATCH + f"SELECT m.id FROM m CROSS JOIN {DOC_TABLE} ON {DOC_TABLE}.id = m.id WHERE {where} "
           f"ORDER BY m.rank, {DOC_TABLE}.date DESC, {DOC_TABLE}.id DESC LIMIT %s OFFSET %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [text.fts5_query(query), *params, limit, offset])
        return [row[0] for row in cursor.fetchall()]


# --- Writing the SQLite side (PostgreSQL's column is generated from title and body) -------------

def fts_delete(ids: Iterable[int]) -> None:
    if is_postgres():
        return
    ids = list(ids)
    with connection.cursor() as cursor:
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(chunk))})", chunk)


def fts_insert(rows: Iterable[tuple[int, str, str]]) -> None:
    """(id, title, body) of new documents: their stems go into the FTS5 table."""
    if is_postgres():
        return
    rows = [(pk, text.index_text(title), text.index_text(body)) for pk, title, body in rows]
    fts_delete(pk for pk, _title, _body in rows)  # a row left by a flushed table must not shadow the new one
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)", rows)
