"""Queries that run on every request, with their SQL compiled once per process.

Building the SQL of a small query costs Django's ORM 0.3–1 ms (resolving lookups, joins, the ordering
and the select list), while SQLite or PostgreSQL answer it in a few hundredths of a millisecond. For the
queries every council page makes (the user's roles: four queries, about 3 ms of CPU a request, issue 14)
``PreparedValues`` asks the ORM for the SQL once, with sentinel arguments, and from then on only
substitutes the arguments. The query is still written as a QuerySet (the same tenancy filters and the
same SQL), and it is still one query on the same connection (query counts do not change).

``PreparedQuerySet`` does the same for a query of model instances (``select_related`` included; a
``prefetch_related`` still runs its own queries as usual): it returns a QuerySet to iterate. Chaining on
it (``.filter()``, ``.first()``, ``.count()``, a slice) builds the query again with the real arguments and
compiles it as usual (correct, just not faster): the build function must hold the whole query, limit included.

Only for queries of a fixed shape: every argument an ``int``, a ``str`` or a ``datetime.date``
compared with ``=``/``<``/``>`` (not ``__in`` a list, not ``None``, not a value that chooses a
different lookup). The rows come as the database driver gives them: use it for integer and text
columns (``values_list``), whose values need no converting.
"""

from __future__ import annotations

import copy
import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql import Query

Argument = int | str | dt.date


def _sentinel(kind: type, index: int) -> Argument:
    # Values no real argument or constant of a query takes, distinct per argument.
    if kind is int:
        return 2_000_000_011 + index * 7
    if kind is str:
        return f"\x00stemme-prepared-{index}\x00"
    if kind is dt.date:
        return dt.date(1901, 2, 3 + index)
    raise TypeError(f"PreparedValues: unsupported argument type {kind!r}")


class PreparedValues:
    """``PreparedValues(build, council=int, on=dt.date)(council=1, on=today)`` returns the rows of
    ``build(council=1, on=today)`` (a ``values_list`` QuerySet), compiling its SQL only on the first call
    per database alias."""

    def __init__(self, build: Callable[..., QuerySet], **arguments: type) -> None:
        self.build = build
        self.arguments = arguments
        self._compiled: dict[str, tuple[str, list[tuple[str | None, Any]]]] = {}
        self._querysets: dict[str, tuple[QuerySet, Any, str, list[tuple[str | None, Any]]]] = {}
        self._lock = threading.Lock()

    def _check(self, values: dict[str, Argument]) -> None:
        if values.keys() != self.arguments.keys():
            raise TypeError(f"{type(self).__name__}: expected arguments {sorted(self.arguments)}, got {sorted(values)}")
        for name, value in values.items():
            if not isinstance(value, self.arguments[name]):
                raise TypeError(f"{type(self).__name__}: {name}={value!r} is not a {self.arguments[name].__name__}")

    @staticmethod
    def _in_range(alias: str, values: dict[str, Argument]) -> bool:
        """Every integer argument fits the database's 64-bit integers. One that does not (an id of
        thirty digits in an address) would make SQLite's driver raise OverflowError; the ORM's own
        lookups know such a value matches no row, so those calls go through the ORM instead."""
        low, high = connections[alias].ops.integer_field_range("BigIntegerField")
        return all(low <= value <= high for value in values.values() if isinstance(value, int))

    def _adapt(self, alias: str, value: Argument) -> Any:
        # As the ORM prepares a DateField's lookup value (a string on SQLite, the date on PostgreSQL).
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return connections[alias].ops.adapt_datefield_value(value)
        return value

    def _compile_queryset(self, alias: str) -> tuple[QuerySet, Any, str, list[tuple[str | None, Any]]]:
        """The QuerySet built with sentinel arguments, its compiler after ``as_sql``, the SQL, and for
        every parameter either the argument's name or the constant the ORM put there."""
        sentinels = {name: _sentinel(kind, index) for index, (name, kind) in enumerate(self.arguments.items())}
        queryset = self.build(**sentinels)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        by_value = {self._adapt(alias, value): name for name, value in sentinels.items()}
        slots: list[tuple[str | None, Any]] = []
        for param in params:
            name = by_value.get(param) if isinstance(param, int | str | dt.date) else None
            slots.append((name, None) if name is not None else (None, param))
        missing = set(self.arguments) - {name for name, _ in slots if name is not None}
        if missing:  # an argument the ORM folded into the SQL text or changed: not of a fixed shape
            raise ValueError(f"{type(self).__name__}: arguments {sorted(missing)} are not parameters of the SQL")
        return queryset, compiler, sql, slots

    def _compile(self, alias: str) -> tuple[str, list[tuple[str | None, Any]]]:
        _queryset, _compiler, sql, slots = self._compile_queryset(alias)
        return sql, slots

    def sql(self, using: str = "default") -> tuple[str, list[tuple[str | None, Any]]]:
        compiled = self._compiled.get(using)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(using) or self._compile(using)
                self._compiled[using] = compiled
        return compiled

    def __call__(self, using: str = "default", **values: Argument) -> list[tuple]:
        self._check(values)
        if not self._in_range(using, values):
            return list(self.build(**values).using(using))
        sql, slots = self.sql(using)
        params = [self._adapt(using, values[name]) if name is not None else constant for name, constant in slots]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


class _PreparedSQL(Query):
    """A query whose compiler answers with SQL compiled earlier. Cloning it (any chaining on the
    QuerySet) gives a plain ``Query`` again, so nothing added later is ever left out of the SQL."""

    _prepared: tuple[Any, str, tuple, str, Callable[[], QuerySet]]

    def get_compiler(self, using=None, connection=None, elide_empty=True):  # type: ignore[no-untyped-def]
        compiler, sql, params, alias, _rebuild = self._prepared
        if (using or (connection.alias if connection is not None else None)) != alias:
            return super().get_compiler(using, connection, elide_empty)
        prepared = copy.copy(compiler)  # its select, klass_info and col_count: set up by the first as_sql
        prepared.connection = connections[alias]  # this thread's connection, not the compiling thread's
        prepared.as_sql = lambda *args, **kwargs: (sql, params)
        return prepared

    def clone(self) -> Query:
        # This query's own tree holds the sentinel arguments it was compiled with: a clone is the query
        # built again with the real ones (by the ORM, as usual).
        return self._prepared[4]().query.clone()


class PreparedQuerySet(PreparedValues):
    """``PreparedQuerySet(build, slug=str)(slug="x")``: the QuerySet ``build(slug="x")`` whose SQL was
    compiled on the first call (per database alias); iterate it (``list(...)``)."""

    def __call__(self, using: str = "default", **values: Argument) -> QuerySet:  # type: ignore[override]
        self._check(values)
        if not self._in_range(using, values):
            return self.build(**values).using(using)
        compiled = self._querysets.get(using)
        if compiled is None:
            with self._lock:
                compiled = self._querysets.get(using) or self._compile_queryset(using)
                self._querysets[using] = compiled
        template, compiler, sql, slots = compiled
        params = tuple(self._adapt(using, values[name]) if name is not None else constant for name, constant in slots)
        queryset = template._chain()  # type: ignore[attr-defined]  # a clone, as every QuerySet method makes
        queryset.query.__class__ = _PreparedSQL
        queryset.query._prepared = (compiler, sql, params, using, lambda: self.build(**values))
        return queryset
