"""The database settings (config/settings.py, issue 14) as a live connection sees them: SQLite in WAL
mode with synchronous=NORMAL, a busy timeout, foreign keys and immediate transactions, its
connection kept between requests (and checked before reuse); PostgreSQL through psycopg's pool.

The suite's own SQLite database is in memory (no WAL there), so the SQLite checks open a connection
with the configured settings to a database file of their own, through Django's backend."""

import pytest
from django.conf import settings
from django.db import connection
from django.db.utils import load_backend

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
                                 reason="the configured database is not SQLite")


def configured_sqlite(path, **overrides):
    settings_dict = {**settings.DATABASES["default"], "NAME": str(path), **overrides}
    backend = load_backend(settings_dict["ENGINE"])
    return backend.DatabaseWrapper(settings_dict, alias="pragma-check")


@sqlite_only
def test_sqlite_connection_reads_back_the_recommended_pragmas(tmp_path):
    wrapper = configured_sqlite(tmp_path / "check.sqlite3")
    try:
        with wrapper.cursor() as cursor:
            def pragma(name):
                cursor.execute(f"PRAGMA {name}")
                return cursor.fetchone()[0]

            assert pragma("journal_mode") == "wal"
            assert pragma("synchronous") == 1  # NORMAL: safe in WAL mode, no fsync on every commit
            assert pragma("busy_timeout") >= 5000  # a writer waits for the lock instead of failing
            assert pragma("foreign_keys") == 1
        assert wrapper.transaction_mode == "IMMEDIATE"  # BEGIN IMMEDIATE: the write lock up front
    finally:
        wrapper.close()


@sqlite_only
def test_sqlite_connection_outlives_a_request_and_is_checked_before_reuse(tmp_path):
    """What Django does at the end of every request (close_if_unusable_or_obsolete, the
    request_finished signal) keeps the configured connection open; with CONN_MAX_AGE=0 it would close."""
    kept = configured_sqlite(tmp_path / "kept.sqlite3")
    closed = configured_sqlite(tmp_path / "closed.sqlite3", CONN_MAX_AGE=0)
    try:
        assert kept.settings_dict["CONN_MAX_AGE"] >= 60 and kept.settings_dict["CONN_HEALTH_CHECKS"]
        for wrapper in (kept, closed):
            wrapper.ensure_connection()
            wrapper.close_if_unusable_or_obsolete()
        assert kept.connection is not None and closed.connection is None
        first = kept.connection
        kept.close_if_unusable_or_obsolete()
        kept.ensure_connection()
        assert kept.connection is first
    finally:
        kept.close()
        closed.close()


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="the configured database is not PostgreSQL")
def test_postgresql_connections_come_from_psycopg_pool():
    pool_options = settings.DATABASES["default"]["OPTIONS"].get("pool")
    assert pool_options and pool_options["max_size"] >= pool_options["min_size"] >= 1
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 0  # Django: a pool or persistent connections
    connection.ensure_connection()
    assert connection.pool is not None
    stats = connection.pool.get_stats()
    assert stats["pool_max"] == pool_options["max_size"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
