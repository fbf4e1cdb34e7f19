"""Stemme's production web server (gunicorn with deploy/gunicorn.conf.py) in a subprocess on a
free loopback port, for the fault tests that need a real server process with its own settings
(the database behind a proxy, DB_POOL on or off)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from notifications.tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Answer:
    status: int
    body: str
    headers: dict[str, str]
    seconds: float


def get(url: str, *, timeout: float = 30.0) -> Answer:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback test server
            return Answer(response.status, response.read().decode(), dict(response.headers),
                          time.monotonic() - started)
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read().decode(), dict(error.headers), time.monotonic() - started)


def database_env(settings_dict: dict, *, port: int | None = None) -> dict[str, str]:
    """The environment that points config.settings at the test database (a committed one: the
    tests that use it are transactional), on PostgreSQL through ``port`` when given."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return {"SQLITE_PATH": str(settings_dict["NAME"])}
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    return {"DATABASE_URL": f"postgres://{user}{password}@{host}:{port or settings_dict.get('PORT') or 5432}/"
                            f"{settings_dict['NAME']}"}


def subprocess_env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH")}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(ROOT)})
    env.update(extra)
    return env


class WebServer:
    def __init__(self, env: dict[str, str], workdir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / f"gunicorn-{self.port}.log"
        self.env = subprocess_env({"GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_WORKERS": "1",
                                   "GUNICORN_ACCESSLOG": "", "GUNICORN_TIMEOUT": "60", "DEBUG": "false",
                                   "STEMME_PUBLIC_CACHE": "false", "AXES_ENABLED": "false", **env})
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30.0) -> WebServer:
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--config", "deploy/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT, env=self.env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            try:
                get(f"{self.url}/healthz", timeout=15)
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer:\n{self.log.read_text()[-3000:]}")

    def get(self, path: str, *, timeout: float = 30.0) -> Answer:
        return get(self.url + path, timeout=timeout)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None


def sqlite_file_copy(path: Path) -> Path:
    """The (in-memory) SQLite test database copied into a file through SQLite's backup API, in
    WAL mode like config.settings opens it, so processes of their own can share it."""
    import sqlite3

    from django.db import connection

    connection.ensure_connection()
    path.parent.mkdir(parents=True, exist_ok=True)
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
    finally:
        target.close()
    return path


def python_env(settings_dict: dict, *, sqlite_path: Path | None = None, **extra: str) -> dict[str, str]:
    """A subprocess's environment for the test database (or the SQLite file ``sqlite_path``)."""
    db = {"SQLITE_PATH": str(sqlite_path)} if sqlite_path else database_env(settings_dict)
    return subprocess_env({**db, **extra})
