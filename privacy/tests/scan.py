"""Search every text column of every table of the test database for values (SQLite and
PostgreSQL): the proof that an erased person's name, e-mail and phone are nowhere."""

from __future__ import annotations

import json

from django.db import connection


def _forms(value: str) -> set[str]:
    # JSON columns on SQLite keep non-ASCII letters escaped ("Bj\u00f8rn"): look for that too. SQLite's
    # LIKE ignores the case of ASCII letters only, so the spelling as given is searched as well as
    # the lower-case one.
    escaped = json.dumps(value)[1:-1]
    return {value, value.lower(), escaped, escaped.lower()}


def tables_holding(values: list[str]) -> dict[str, list[str]]:
    """{"table.column": [the values found]} over every column of every table, cast to text."""
    found: dict[str, list[str]] = {}
    quote = connection.ops.quote_name
    like = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor, include_views=False)
        for table in tables:
            try:
                columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            except Exception:  # noqa: BLE001 - an FTS5 shadow table that cannot be described
                continue
            for column in columns:
                cast = f"CAST({quote(column)} AS TEXT)"
                patterns = [f"%{form}%" for value in values for form in _forms(value)]
                where = " OR ".join(f"{cast} {like} %s" for _ in patterns)
                cursor.execute(f"SELECT {cast} FROM {quote(table)} WHERE {where}", patterns)  # noqa: S608
                rows = [row[0] or "" for row in cursor.fetchall()]
                hits = [v for v in values if any(f.lower() in r.lower() for r in rows for f in _forms(v))]
                if hits:
                    found[f"{table}.{column}"] = hits
    return found


def text_column_count() -> tuple[int, int]:
    """(tables, columns) searched by ``tables_holding``."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor, include_views=False)
        columns = 0
        for table in tables:
            try:
                columns += len(connection.introspection.get_table_description(cursor, table))
            except Exception:  # noqa: BLE001
                continue
    return len(tables), columns
