"""A real SMTP server on loopback for sending tests: aiosmtpd with its Maildir handler, run
as a separate process (``python -m aiosmtpd``) on a free port.

Why a process and not aiosmtpd's in-process Controller: aiosmtpd imports the ``public``
module of the ``atpublic`` package, and Stemme's own ``public`` app shadows that name
inside the test process. In a process started outside the project directory the name
resolves to the right package – and the mail really crosses a socket between processes.

Use the ``smtp_server`` fixture: it points Django's SMTP backend at the server and gives
``messages()`` (parsed ``email.message.EmailMessage`` objects, oldest first),
``wait_for(n)``, ``stop()`` and ``start()`` (same port, to test retries)."""

from __future__ import annotations

import email
import email.policy
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpSink:
    host = "127.0.0.1"

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.maildir = workdir / "maildir"
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 15.0) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DJANGO_SETTINGS_MODULE")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"{self.host}:{self.port}",
             "-c", "aiosmtpd.handlers.Mailbox", str(self.maildir)],
            cwd=self.workdir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"aiosmtpd exited: {self.process.stderr.read().decode(errors='replace')}")
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5) as conn:
                    if conn.recv(3) == b"220":
                        return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"aiosmtpd did not start on {self.host}:{self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.process is not None and self.process.stderr:
            self.process.stderr.close()
        self.process = None

    def messages(self) -> list[email.message.EmailMessage]:
        files = [p for sub in ("new", "cur") if (self.maildir / sub).is_dir() for p in (self.maildir / sub).iterdir()]
        files.sort(key=lambda p: (p.stat().st_mtime_ns, p.name))
        return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in files]

    def wait_for(self, count: int, timeout: float = 5.0) -> list[email.message.EmailMessage]:
        deadline = time.monotonic() + timeout
        while True:
            found = self.messages()
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages() if address in m.get("To", "")]


@pytest.fixture
def smtp_server(settings, tmp_path):
    sink = SmtpSink(tmp_path)
    sink.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = sink.host
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield sink
    sink.stop()
