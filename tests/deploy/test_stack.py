"""The production stack, real: Debian's nginx with deploy/nginx/stemme.conf in front of gunicorn
with deploy/gunicorn.conf.py (started by deploy/localstack.py on loopback), against a throwaway
database copied from the suite's migrated test database (SQLite: to a temporary file; PostgreSQL: a
database ``<test database>_stack_<pid>``, dropped afterwards) and filled by tests/deploy/stack_data.py.

Asserts the micro-cache's promises: an anonymous public page is served from it on the second request
(``X-Cache-Status: HIT``) and carries no cookie; a language is its own entry; a request with a login
(``sessionid``) and a POST never come from it; the never-cached paths never do; a publish made in the
database through the service shows within the cache's lifetime; static files come gzipped with
far-future expiry for hashed names. With CI=true a missing nginx is a failure, not a skip.
"""

import json
import os
import re
import select
import subprocess
import sys
import tempfile
import time
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from deploy import localstack

ROOT = localstack.ROOT
IN_CI = os.environ.get("CI") == "true"
# Marked so pytest-django sets up the test database the stack's copy is made from (it sets up only
# the databases some test asks for); the tests themselves talk to the stack over HTTP.
pytestmark = pytest.mark.django_db


def _copy_test_database(tmp: Path) -> tuple[str | None, Path | None, object]:
    """A copy of pytest-django's migrated test database that another process can open: SQLite's
    (in memory) written to a file with SQLite's backup API; PostgreSQL's cloned with CREATE DATABASE
    … TEMPLATE into ``<test database>_stack_<pid>``. Returns (DATABASE_URL, SQLITE_PATH, drop)."""
    from django.db import connection, connections

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        import sqlite3

        path = tmp / "stack.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return None, path, lambda: None
    import psycopg

    name = f"{settings['NAME']}_stack_{os.getpid()}"
    admin = {"host": settings["HOST"] or "127.0.0.1", "port": settings["PORT"] or 5432, "user": settings["USER"],
             "password": settings["PASSWORD"] or None, "dbname": "postgres", "autocommit": True,
             "connect_timeout": 10}

    def sql(statement: str) -> None:
        with psycopg.connect(**admin) as conn:
            conn.execute(statement)

    # A template must have no other sessions: close this process's connections, and the pool's too
    # (Django's psycopg pool keeps its connections open after close()).
    for conn in connections.all():
        conn.close()
        if getattr(conn, "pool", None) is not None:
            conn.close_pool()
    sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    sql(f'CREATE DATABASE "{name}" TEMPLATE "{settings["NAME"]}"')
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    url = f"postgres://{settings['USER']}{password}@{admin['host']}:{admin['port']}/{name}"
    return url, None, lambda: sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class _DataProcess:
    """tests/deploy/stack_data.py ``serve``: builds the data (while the stack starts), then publishes on
    request; one Django set-up for both."""

    def __init__(self, env: dict[str, str], log: Path):
        self.log = log
        with open(log, "ab") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.deploy.stack_data", "serve"], cwd=ROOT,
                env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"}, stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=err, text=True, start_new_session=True)

    def answer(self, timeout: float = 300) -> dict:
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        line = self.process.stdout.readline() if ready else ""
        log = self.log.read_text(errors="replace")[-3000:]
        assert line, f"stack_data gave no answer within {timeout:.0f} s:\n{log}"
        return json.loads(line)

    def publish(self, meeting: int) -> dict:
        self.process.stdin.write(f"publish {meeting}\n")
        self.process.stdin.flush()
        return self.answer()

    def close(self) -> None:
        """End of input: the process ends by itself (``wait`` for it after stopping the stack)."""
        if self.process.poll() is None and not self.process.stdin.closed:
            self.process.stdin.close()

    def wait(self) -> None:
        self.close()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            localstack.stop(self.process)


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker):
    """One stack for the module: the data is built (in a process of its own) while gunicorn and nginx
    start; gunicorn with preload_app, so Stemme is loaded once for its two workers (the slowest step)."""
    if not localstack.nginx_available():
        message = f"nginx not found at {localstack.NGINX} (make test installs Debian's nginx as root)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    with tempfile.TemporaryDirectory(prefix="stemme-stack-") as name:
        tmp = Path(name)
        os.chmod(tmp, 0o755)
        with django_db_blocker.unblock():
            database_url, sqlite_path, drop = _copy_test_database(tmp)
        data_process = None
        try:
            port = localstack.free_port()
            env = localstack.app_environment(database_url=database_url, sqlite_path=sqlite_path,
                                             base_url=f"http://127.0.0.1:{port}", media_root=tmp / "media")
            data_process = _DataProcess(env, tmp / "stack_data.log")
            with localstack.running(tmp, env, port=port, workers=2, preload=True, quick_stop=True) as running:
                data = data_process.answer()
                running.data = data
                running.publish = lambda: data_process.publish(data["meeting"])
                yield running
                data_process.close()  # exits while the stack stops
        finally:
            if data_process is not None:
                data_process.wait()
            with django_db_blocker.unblock():
                drop()


def get(stack, path: str, **headers: str):
    return localstack.fetch(stack.url + path, headers=headers)


def test_anonymous_public_page_comes_from_the_micro_cache(stack):
    page = f"/{stack.data['slug']}/moeder/"
    status, first, body = get(stack, page)
    assert status == 200, body[:500]
    assert "set-cookie" not in first, "an anonymous public page must set no cookie, or nothing can cache it"
    assert "public" in first.get("cache-control", ""), first.get("cache-control")
    assert first["x-cache-status"] in {"MISS", "EXPIRED", "HIT"}
    # Within the second the page lives, the next request is answered by nginx alone.
    deadline = time.monotonic() + 3
    statuses = []
    while time.monotonic() < deadline:
        status, headers, again = get(stack, page)
        statuses.append(headers.get("x-cache-status"))
        if headers.get("x-cache-status") == "HIT":
            break
    assert statuses[-1] == "HIT", statuses
    assert status == 200 and again == body or stack.data["slug"].encode() in again
    assert "set-cookie" not in headers


def test_the_language_is_part_of_the_key(stack):
    page = f"/{stack.data['slug']}/"
    danish = [get(stack, page) for _ in range(2)][-1]
    english = [get(stack, page, Cookie="django_language=en") for _ in range(2)]
    assert b'lang="da"' in danish[2]
    assert english[0][1]["x-cache-status"] != "HIT" or b'lang="en"' in english[0][2]
    assert all(b'lang="en"' in response[2] for response in english), "the Danish copy was served for English"


def test_a_logged_in_request_is_never_served_from_the_cache(stack):
    page = f"/{stack.data['slug']}/moeder/"
    get(stack, page)
    assert get(stack, page)[1]["x-cache-status"] == "HIT"  # the anonymous copy is there
    for _ in range(3):
        status, headers, body = get(stack, page, Cookie=f"sessionid={stack.data['session']}")
        assert status == 200
        assert headers.get("x-cache-status") in {None, "BYPASS"}, headers
        assert stack.data["member_name"].encode() in body, "not the member's own page"
        assert "private" in headers.get("cache-control", "")
    # A member's pages: never even looked up in the cache (the account's start page sends a member
    # of one council on to that council's start page, under /<slug>/intern/).
    status, headers, _ = get(stack, "/konto/", Cookie=f"sessionid={stack.data['session']}")
    assert status == 302 and "x-cache-status" not in headers
    for path in (headers["location"], "/konto/sikkerhed/"):
        status, headers, body = get(stack, path, Cookie=f"sessionid={stack.data['session']}")
        assert status == 200, (path, body[:300])
        assert "x-cache-status" not in headers
        assert "private" in headers["cache-control"]
    # Nor are they stored: the anonymous visitor after the member gets the anonymous page.
    status, headers, body = get(stack, page)
    assert stack.data["member_name"].encode() not in body


def test_never_cached_paths_and_methods(stack):
    slug = stack.data["slug"]
    for path in ("/konto/login/", f"/{slug}/intern/", "/django-admin/", "/l/no-such-token/", "/k/ABC123/",
                 "/afbud/no-such-token/", "/raad/nyt/"):
        for _ in range(2):
            status, headers, _ = get(stack, path)
            assert status < 500, path
            assert "x-cache-status" not in headers, (path, headers)
    for _ in range(3):
        status, headers, body = localstack.fetch(
            f"{stack.url}/{slug}/moeder/", method="POST", body=b"x=1",
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert headers.get("x-cache-status") in {None, "BYPASS"}, headers
        assert status in {403, 405}, (status, body[:300])  # Django answered (no CSRF token / GET only)


def test_static_files_gzipped_with_far_future_expiry(stack):
    _, _, body = get(stack, f"/{stack.data['slug']}/")
    stylesheets = re.findall(rb'href="(/static/[^"]+\.css)"', body)
    assert stylesheets, "the page links no stylesheet"
    for href in stylesheets:
        path = href.decode()
        assert re.search(r"\.[0-9a-f]{12}\.css$", path), f"{path}: no content hash in the name"
        status, headers, compressed = get(stack, path, **{"Accept-Encoding": "gzip"})
        assert status == 200, path
        assert headers.get("content-encoding") == "gzip", (path, headers)
        assert headers.get("server", "").startswith("nginx")
        max_age = int(re.search(r"max-age=(\d+)", headers["cache-control"]).group(1))
        assert max_age >= 365 * 24 * 3600, headers["cache-control"]
        expires = parsedate_to_datetime(headers["expires"])
        assert expires.year >= time.gmtime().tm_year + 1
        assert (ROOT / "staticfiles" / path.removeprefix("/static/")).with_suffix(".css.gz").exists()


def test_a_publish_shows_within_the_cache_lifetime(stack):
    """Last: it changes the data. The meeting's public page is cached without the agenda; the agenda
    is published in the database through the service; within the micro-cache's second (plus the
    request itself) the page shows the item."""
    page = f"/{stack.data['slug']}/moeder/{stack.data['meeting']}/"
    title = stack.data["item_title"].encode()
    for _ in range(2):
        status, headers, body = get(stack, page)
        assert status == 200 and title not in body
    assert headers["x-cache-status"] == "HIT"
    stack.publish()  # committed when it returns
    published = time.monotonic()
    seen = None
    while time.monotonic() - published < 2.0:
        status, headers, body = get(stack, page)
        if title in body:
            seen = time.monotonic() - published
            break
        time.sleep(0.05)
    assert seen is not None, "the published agenda did not show within 2 s"
