"""The database unavailable (issue 15, "Faults"): PostgreSQL behind a TCP proxy the test cuts
(tests/faults/proxy.py; the shared server itself is never stopped), with Stemme's production
server (gunicorn, deploy/gunicorn.conf.py) in a subprocess. Pages answer 503 with the Danish
page (core/templates/503.html), /healthz says the database is unavailable, and when the proxy
forwards again the next request works, without a restart: with psycopg's pool (DB_POOL=true,
the default) and with persistent connections (DB_POOL=false). On SQLite: a database file that
cannot be opened answers the same 503, and a database locked by another writer makes a write
wait and succeed."""

from __future__ import annotations

import json
import select
import sqlite3
import subprocess
import sys
import time

import pytest
from django.db import connection

from tests.faults.proxy import TcpProxy
from tests.faults.server import ROOT, WebServer, database_env, python_env, sqlite_file_copy

pytestmark = pytest.mark.django_db(transaction=True)

postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the proxy stands before PostgreSQL")
sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's own locking")

#: The pool's wait for a connection in the server under test (DB_POOL_TIMEOUT), and the longest
#: a connection attempt may take (DB_CONNECT_TIMEOUT): the first request after the database went
#: away waits at most the pool's timeout; once a direct attempt has failed too, every request
#: answers 503 at once (refused) or within the connect timeout (unreachable).
POOL_TIMEOUT = 4
CONNECT_TIMEOUT = 2
FAST_SECONDS = 1.5
DANISH_503 = "Siden er midlertidigt utilgængelig"


@pytest.fixture
def council(make_council):
    return make_council("fejlraadet", name="Udsatterådet Fejlby")


def assert_unavailable(server: WebServer, path: str, *, within: float = FAST_SECONDS) -> None:
    page = server.get(path)
    assert page.status == 503, (page.status, page.body[:500])
    assert DANISH_503 in page.body and 'lang="da"' in page.body
    assert "databasen ikke svarer" in page.body
    assert page.headers.get("Retry-After") == "30"
    assert page.seconds < within, f"{path} took {page.seconds:.1f} s to answer 503"
    health = server.get("/healthz")
    assert health.status == 503, health.body
    assert '"database": "unavailable"' in health.body and '"vendor": "postgresql"' in health.body
    assert health.seconds < within, f"/healthz took {health.seconds:.1f} s"
    TIMES.append((path, page.seconds, health.seconds))


TIMES: list[tuple[str, float, float]] = []


def assert_works(server: WebServer, path: str) -> None:
    page = server.get(path)
    assert page.seconds < FAST_SECONDS, f"{path} took {page.seconds:.1f} s after the database came back"
    assert page.status == 200, (page.status, page.body[:500])
    assert "Udsatterådet Fejlby" in page.body
    health = server.get("/healthz")
    assert health.status == 200 and '"database": "ok"' in health.body


@postgres_only
@pytest.mark.parametrize("pool", ["true", "false"], ids=["pool", "persistent"])
def test_postgresql_cut_and_restored(council, tmp_path, pool):
    settings_dict = connection.settings_dict
    proxy = TcpProxy(settings_dict.get("HOST") or "127.0.0.1", int(settings_dict.get("PORT") or 5432)).start()
    server = WebServer({**database_env(settings_dict, port=proxy.port), "DB_POOL": pool,
                        "DB_POOL_TIMEOUT": str(POOL_TIMEOUT), "DB_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT)}, tmp_path)
    path = f"/{council.slug}/moeder/"
    try:
        server.start()
        assert_works(server, path)

        proxy.cut()  # PostgreSQL "stopped": open connections die, new ones are refused
        assert_unavailable(server, path, within=POOL_TIMEOUT + 1.5)  # the pool's wait, once
        for _ in range(3):
            assert_unavailable(server, path)
        time.sleep(3)  # the pool's own reconnection attempts back off meanwhile

        proxy.restore()
        assert_works(server, path)  # the very next request, same server process

        proxy.cut(blackhole=True)  # PostgreSQL "unreachable": connections are swallowed
        assert_unavailable(server, path, within=POOL_TIMEOUT + CONNECT_TIMEOUT + 1.5)
        assert_unavailable(server, path, within=CONNECT_TIMEOUT + 1.5)
        proxy.restore()
        assert_works(server, path)
        assert server.process is not None and server.process.poll() is None  # never restarted
        print(f"\n{pool}: " + ", ".join(f"503 in {page:.2f} s (healthz {health:.2f} s)" for _, page, health in TIMES))
        TIMES.clear()
    finally:
        server.stop()
        proxy.stop()


@sqlite_only
def test_sqlite_file_gone_and_back(council, tmp_path):
    """The SQLite file cannot be opened (its volume went away): 503 and /healthz says so; back in
    place, the next request works in the same server process."""
    folder = tmp_path / "data"
    sqlite_file_copy(folder / "stemme.sqlite3")
    server = WebServer({"SQLITE_PATH": str(folder / "stemme.sqlite3"), "DB_CONN_MAX_AGE": "0"}, tmp_path)
    path = f"/{council.slug}/moeder/"
    try:
        server.start()
        assert_works(server, path)
        folder.rename(tmp_path / "away")
        page = server.get(path)
        assert page.status == 503 and DANISH_503 in page.body, (page.status, page.body[:300])
        assert page.seconds < FAST_SECONDS
        health = server.get("/healthz")
        assert health.status == 503 and '"database": "unavailable"' in health.body and "sqlite" in health.body
        (tmp_path / "away").rename(folder)
        assert_works(server, path)
    finally:
        server.stop()


@sqlite_only
def test_sqlite_locked_database_makes_a_write_wait_then_succeed(council, tmp_path):
    """Another connection holds the write lock for LOCK_SECONDS: a write through a service in a
    process of its own waits (busy_timeout, immediate transactions: config.settings) and then
    succeeds, instead of failing with "database is locked"."""
    lock_seconds = 3.0
    path = sqlite_file_copy(tmp_path / "stemme.sqlite3")
    writer = subprocess.Popen([sys.executable, "-m", "tests.faults.writers", "locked", council.slug],
                              cwd=ROOT, env=python_env(connection.settings_dict, sqlite_path=path),
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    holder = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        ready, _, _ = select.select([writer.stdout], [], [], 60)  # bounded: the writer starts Django first
        assert ready and writer.stdout.readline().strip() == "ready", writer.stderr.read()
        holder.execute("BEGIN IMMEDIATE")  # the write lock, held like a long write would
        impatient = sqlite3.connect(path, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):  # the lock is real
            impatient.execute("BEGIN IMMEDIATE")
        impatient.close()
        writer.stdin.write("go\n")
        writer.stdin.flush()
        time.sleep(lock_seconds)
        assert writer.poll() is None  # still waiting, not failed
        holder.execute("COMMIT")
        out, err = writer.communicate(timeout=30)
    finally:
        holder.close()
        if writer.poll() is None:
            writer.kill()
    result = json.loads(out.strip().splitlines()[-1])
    assert result["ok"], (result, err[-2000:])
    assert lock_seconds - 0.5 <= result["seconds"] < lock_seconds + 5, result
    stored = sqlite3.connect(path)
    try:
        assert stored.execute("SELECT title FROM activities_idea WHERE id = ?", (result["idea"],)).fetchone() == (
            "Skrevet mens databasen var låst",)
    finally:
        stored.close()
