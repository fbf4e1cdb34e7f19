"""Django's PostgreSQL backend, with a connection pool that fails fast while the database is
gone and recovers at once when it is back (``ENGINE = "core.db.postgresql"``, config.settings).

psycopg's pool, left alone, makes every request wait the pool's whole timeout
(``DB_POOL_TIMEOUT``) while PostgreSQL is stopped or unreachable, and after a long outage it
retries connecting with a backoff that doubles up to minutes, so the first requests after the
database came back still failed. Here:

- when a request gets no connection in time and a direct connection attempt fails too, the
  pool is marked unreachable;
- while it is, each request first tries one direct connection (bounded by ``connect_timeout``):
  a refused connection fails the request in milliseconds (the 503 page, core.views);
- the first attempt that succeeds replaces the pool with a fresh one, which connects at once,
  instead of waiting out the old pool's backoff. No restart is needed.

Without a pool (``DB_POOL=false``: persistent connections) Django connects per request anyway,
bounded by ``connect_timeout``; nothing here changes that."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, ClassVar

import psycopg
from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    #: Aliases whose pool could not connect, shared by the threads of the process like the pools.
    _unreachable: ClassVar[dict[str, object]] = {}
    _unreachable_lock: ClassVar[threading.Lock] = threading.Lock()

    if TYPE_CHECKING:  # Django's, missing from its type stubs
        pool: Any

        def close_pool(self) -> None: ...

    def probe(self) -> None:
        """One direct connection, outside the pool, opened and closed: raises the driver's
        OperationalError when the database cannot be reached."""
        params = self.get_connection_params()
        params.pop("pool", None)
        params.setdefault("connect_timeout", 5)
        psycopg.connect(**params).close()

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        pool = self.pool
        if pool is None:
            return super().get_new_connection(conn_params)
        if self._unreachable.get(self.alias) is pool:
            self.probe()  # still gone: fail now, not after the pool's timeout
            with self._unreachable_lock:  # back: a fresh pool, without the outage's backoff
                if self._unreachable.get(self.alias) is pool:
                    del self._unreachable[self.alias]
                    self.close_pool()
        from psycopg_pool import PoolTimeout

        try:
            return super().get_new_connection(conn_params)
        except PoolTimeout:
            try:
                self.probe()
            except psycopg.OperationalError:
                self._unreachable[self.alias] = pool
            raise
