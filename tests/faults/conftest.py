"""Fixtures of the fault tests: an SMTP server whose faults the test switches
(tests/faults/smtp_server.py), run as a process of its own on loopback."""

from __future__ import annotations

import email
import email.policy
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from notifications.tests.smtp import free_port

HERE = Path(__file__).resolve().parent


class FaultySmtp:
    host = "127.0.0.1"

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 20.0) -> FaultySmtp:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DJANGO_SETTINGS_MODULE")}
        self.process = subprocess.Popen([sys.executable, "-P", str(HERE / "smtp_server.py"), str(self.port),
                                         str(self.workdir)], cwd=self.workdir, env=env,
                                        stdout=subprocess.DEVNULL, stderr=(self.workdir / "smtp.log").open("wb"))
        deadline = time.monotonic() + timeout
        while not (self.workdir / "ready").exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"SMTP server did not start: {(self.workdir / 'smtp.log').read_text()}")
            time.sleep(0.05)
        return self

    def mode(self, *words: object) -> None:
        (self.workdir / "mode").write_text(" ".join(str(w) for w in words))

    def delivered(self) -> list[email.message.EmailMessage]:
        files = sorted((self.workdir / "delivered").glob("*.eml"), key=lambda p: int(p.name.split("-")[0]))
        return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in files]

    def rcpts_begun(self) -> int:
        return len(list(self.workdir.glob("rcpt-*")))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=5)
        self.process = None


@pytest.fixture
def faulty_smtp(settings, tmp_path):
    server = FaultySmtp(tmp_path / "smtp").start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()
