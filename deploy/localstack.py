"""The production stack of ``deploy/`` on loopback, as the tests (tests/deploy/test_stack.py) and
``make bench-http`` (bench/http_bench.py) run it: Debian's nginx with ``deploy/nginx/stemme.conf``
in front of gunicorn with ``deploy/gunicorn.conf.py``, against a database the caller made.

The site file is the documented one, rendered for loopback by exact substitutions (``render_site``):
the TLS lines are dropped, the ports, the cache directory, STATIC_ROOT and the logs become temporary
ones. A substitution that no longer finds its text fails loudly, so the file cannot drift from what
is tested. nginx runs in the foreground (``daemon off``) with its own prefix, pid file and temporary
directories, so it needs nothing from /etc/nginx but ``mime.types``.

Processes are started in their own session and stopped by their id (``stop``): SIGTERM, then
SIGKILL to their process group after a timeout.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess  # nosec B404  # starts gunicorn and nginx for the local test stack
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_CONF = ROOT / "deploy" / "nginx" / "stemme.conf"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
STATIC_ROOT = ROOT / "staticfiles"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SECRET_KEY = "localstack-only-not-a-secret-7d1c0b6e9f"  # nosec B105  # a process making sessions for the stack uses it too
START_TIMEOUT = 90.0  # seconds for gunicorn to load Stemme and answer /healthz (a busy test machine)


class StackError(RuntimeError):
    pass


def nginx_available() -> bool:
    return Path(NGINX).exists()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def render_site(text: str, *, port: int, redirect_port: int, app_port: int, cache_dir: Path,
                static_root: Path, log_dir: Path | None) -> str:
    """deploy/nginx/stemme.conf for loopback: plain HTTP on ``port`` instead of TLS on 443, the
    redirect server on ``redirect_port``, gunicorn on ``app_port``, temporary cache and logs
    (``log_dir`` None: no access log, for the bench)."""
    access_log = f"access_log {log_dir / 'access.log'} combined buffer=64k flush=5s;" if log_dir else "access_log off;"
    error_log = f"error_log {(log_dir or cache_dir.parent) / 'site-error.log'};"
    substitutions = [
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("proxy_cache_path /var/cache/nginx/stemme ", f"proxy_cache_path {cache_dir} "),
        ("alias /srv/stemme/staticfiles/;", f"alias {static_root}/;"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{port};"),
        ("listen [::]:443 ssl http2;", ""),
        ("listen 80;", f"listen 127.0.0.1:{redirect_port};"),
        ("listen [::]:80;", ""),
        ("access_log /var/log/nginx/stemme.access.log combined buffer=64k flush=5s;", access_log),
        ("error_log /var/log/nginx/stemme.error.log;", error_log),
    ]
    for old, new in substitutions:
        if text.count(old) != 1:
            raise StackError(f"{SITE_CONF.name}: expected {old!r} once, found it {text.count(old)} times")
        text = text.replace(old, new)
    # The TLS settings (certificate, protocols, session cache) have no meaning on plain loopback HTTP.
    lines = [line for line in text.splitlines() if not line.strip().startswith("ssl_")]
    return "\n".join(lines) + "\n"


def main_conf(prefix: Path, site: Path, *, workers: int | str) -> str:
    """The nginx.conf around the site file, like Debian's /etc/nginx/nginx.conf but with every path
    in ``prefix`` and nginx in the foreground."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # as root, the workers must read the temp dirs too
    temp = "\n".join(f"    {name}_temp_path {prefix / name};" for name in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""{user}daemon off;
master_process on;
worker_processes {workers};
pid {prefix / 'nginx.pid'};
error_log {prefix / 'error.log'} warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    server_tokens off;
{temp}
    include {site};
}}
"""


def fetch(url: str, *, method: str = "GET", headers: dict[str, str] | None = None, body: bytes | None = None,
          timeout: float = 10.0) -> tuple[int, dict[str, str], bytes]:
    """One request (no redirects followed): status, headers (lower-case names; repeated ones
    joined with ", "), body."""
    rest = url.split("://", 1)[1]
    hostport, _, path = rest.partition("/")
    host, _, port = hostport.partition(":")
    conn = http.client.HTTPConnection(host, int(port or 80), timeout=timeout)
    try:
        conn.request(method, "/" + path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        joined: dict[str, str] = {}
        for name, value in response.getheaders():
            key = name.lower()
            joined[key] = f"{joined[key]}, {value}" if key in joined else value
        return response.status, joined, data
    finally:
        conn.close()


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StackError(f"{process.args[0]} exited ({process.returncode}):\n{_tail(log)}")
        try:
            status, _, _ = fetch(url, timeout=2)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise StackError(f"{url} did not answer 200 within {timeout:.0f} s:\n{_tail(log)}")


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def stop(process: subprocess.Popen | None, timeout: float = 15.0) -> None:
    """SIGTERM (gunicorn and nginx both shut down gracefully on it), then SIGKILL to the process's
    own group (it was started in a session of its own) if it is still there after ``timeout``."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(5)


def app_environment(*, database_url: str | None, sqlite_path: Path | None, base_url: str, media_root: Path,
                    extra: dict[str, str] | None = None) -> dict[str, str]:
    """Production settings (DJANGO_ENV=production, DEBUG off) for plain HTTP on loopback: no HTTPS
    redirect, the loopback host names, one trusted proxy (nginx), no TOTP step for staff logins."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH", "DEBUG"}}
    env.update({
        "DJANGO_ENV": "production",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": base_url,
        "STEMME_BASE_URL": base_url,
        "SECURE_SSL_REDIRECT": "false",
        "STEMME_TRUSTED_PROXIES": "1",
        "STEMME_REQUIRE_STAFF_TOTP": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "MEDIA_ROOT": str(media_root),
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    })
    if database_url:
        env["DATABASE_URL"] = database_url
    elif sqlite_path:
        env["SQLITE_PATH"] = str(sqlite_path)
    env.update(extra or {})
    return env


@dataclass
class Stack:
    url: str       # nginx, in front
    app_url: str   # gunicorn, directly
    tmp: Path
    env: dict[str, str]
    processes: list[subprocess.Popen] = field(default_factory=list)

    def nginx_log(self) -> str:
        return _tail(self.tmp / "error.log")


def start_gunicorn(env: dict[str, str], *, port: int, workers: int | None, preload: bool | None, log: Path,
                   access_log: bool = False, worker_class: str | None = None,
                   threads: int | None = None) -> subprocess.Popen:
    """gunicorn with deploy/gunicorn.conf.py; ``workers``/``preload``/``worker_class``/``threads`` None keep
    the file's defaults."""
    gunicorn_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_ACCESSLOG": "-" if access_log else "",
                    "GUNICORN_LOGLEVEL": "warning"}
    for name in ("GUNICORN_WORKERS", "GUNICORN_PRELOAD", "GUNICORN_WORKER_CLASS", "GUNICORN_THREADS"):
        gunicorn_env.pop(name, None)
    if worker_class is not None:
        gunicorn_env["GUNICORN_WORKER_CLASS"] = worker_class
    if threads is not None:
        gunicorn_env["GUNICORN_THREADS"] = str(threads)
    if workers is not None:
        gunicorn_env["GUNICORN_WORKERS"] = str(workers)
    if preload is not None:
        gunicorn_env["GUNICORN_PRELOAD"] = "true" if preload else "false"
    with open(log, "ab") as out:
        process = subprocess.Popen(  # nosec B603  # a fixed argument list, no shell
            [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONF), "config.wsgi"],
            cwd=ROOT, env=gunicorn_env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    return process


def start_nginx(tmp: Path, *, port: int, app_port: int, static_root: Path = STATIC_ROOT, access_log: bool = True,
                workers: int | str = 1) -> subprocess.Popen:
    for name in ("cache", "logs", "client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp / name).mkdir(exist_ok=True)
    site = tmp / "stemme.conf"
    site.write_text(render_site(SITE_CONF.read_text(), port=port, redirect_port=free_port(), app_port=app_port,
                                cache_dir=tmp / "cache", static_root=static_root,
                                log_dir=tmp / "logs" if access_log else None))
    conf = tmp / "nginx.conf"
    conf.write_text(main_conf(tmp, site, workers=workers))
    log = tmp / "error.log"
    test = subprocess.run([NGINX, "-t", "-q", "-p", str(tmp), "-c", str(conf), "-e", str(log)],  # nosec B603  # a fixed argument list, no shell
                          capture_output=True, text=True, timeout=30)
    if test.returncode != 0:
        raise StackError(f"nginx -t refused the rendered configuration:\n{test.stderr}\n{_tail(log)}")
    with open(tmp / "nginx.out", "ab") as out:
        return subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(conf), "-e", str(log)],  # nosec B603  # a fixed argument list, no shell
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


@contextmanager
def running(tmp: Path, env: dict[str, str], *, workers: int | None = 2, preload: bool | None = None,
            nginx_workers: int | str = 1, quick_stop: bool = False,
            access_log: bool = True, port: int | None = None, app_port: int | None = None) -> Iterator[Stack]:
    """gunicorn and nginx started (each answering /healthz), stopped when the block ends, whatever
    happened in it (``quick_stop``, for tests whose database is thrown away: SIGKILL to the process
    groups at once instead of a graceful shutdown, which took gunicorn's workers seconds).
    ``env`` from ``app_environment`` (its STEMME_BASE_URL names ``port``)."""
    port = port or free_port()
    app_port = app_port or free_port()
    stack = Stack(url=f"http://127.0.0.1:{port}", app_url=f"http://127.0.0.1:{app_port}", tmp=tmp, env=env)
    try:
        app = start_gunicorn(env, port=app_port, workers=workers, preload=preload, log=tmp / "gunicorn.log",
                             access_log=access_log)
        stack.processes.append(app)
        wait_until_up(f"{stack.app_url}/healthz", app, tmp / "gunicorn.log")
        web = start_nginx(tmp, port=port, app_port=app_port, access_log=access_log, workers=nginx_workers)
        stack.processes.append(web)
        wait_until_up(f"{stack.url}/healthz", web, tmp / "error.log", timeout=20)
        yield stack
    finally:
        if quick_stop:
            for process in stack.processes:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        for process in reversed(stack.processes):
            stop(process)
