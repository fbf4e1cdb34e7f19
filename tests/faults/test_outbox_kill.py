"""The outbox worker killed with SIGKILL in the middle of a batch (issue 15, "Faults"), against a
real SMTP server on loopback (tests/faults/smtp_server.py) that is slow for each message, so the
kill lands while a batch is half sent. After a restart and the lease's expiry every message is
delivered exactly once, counted at the SMTP server.

Why exactly once holds: the worker records each message as sent in its own commit right after
the server accepted it (notifications.services.outbox_send_pending), and a claimed message is
hidden from other workers only for the lease (STEMME_OUTBOX_LEASE_SECONDS). The kill here lands
while the server is still before the message's data (a slow RCPT); the one window where a
message could leave twice, between the server's "250" and the commit of "sent" (milliseconds),
is SMTP's own (RFC 1047) and no outbox can close it."""

from __future__ import annotations

import collections
import datetime as dt
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from django.db import connection

from notifications import services
from tests.faults.server import ROOT, python_env, sqlite_file_copy

pytestmark = pytest.mark.django_db(transaction=True)

MESSAGES = 12
KILL_AFTER = 4  # delivered before the kill
LEASE_SECONDS = 3


def wait_until(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


class Outbox:
    """The outbox table as the worker processes see it: the SQLite file, or PostgreSQL."""

    def __init__(self, sqlite_path) -> None:
        self.sqlite_path = sqlite_path

    def rows(self) -> list[tuple[str, str, int, str | None]]:
        sql = ("SELECT subject, status, attempts, send_after FROM notifications_outboxmessage "
               "WHERE kind = 'faults.kill' ORDER BY id")
        if self.sqlite_path:
            db = sqlite3.connect(self.sqlite_path)
            try:
                return db.execute(sql).fetchall()
            finally:
                db.close()
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()


def aware(value) -> dt.datetime:
    """A datetime column as read back: PostgreSQL's is aware, SQLite's a naive UTC text."""
    value = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def start_worker(env: dict[str, str], log) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "manage.py", "outbox_worker", "--interval", "0.2",
                             "--reminders-interval", "0"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def test_worker_killed_mid_batch_delivers_every_message_exactly_once(make_council, faulty_smtp, tmp_path):
    council = make_council("postraadet")
    for i in range(MESSAGES):
        services.outbox_enqueue(council=council, channel="email", person=None, to_address=f"m{i}@example.org",
                                subject=f"Besked nr. {i:02d}", body=f"Indhold {i}", kind="faults.kill")
    sqlite_path = sqlite_file_copy(tmp_path / "stemme.sqlite3") if connection.vendor == "sqlite" else None
    outbox = Outbox(sqlite_path)
    env = python_env(connection.settings_dict, sqlite_path=sqlite_path,
                     EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST=faulty_smtp.host,
                     EMAIL_PORT=str(faulty_smtp.port), EMAIL_USE_TLS="false",
                     STEMME_OUTBOX_LEASE_SECONDS=str(LEASE_SECONDS), STEMME_SMS_QUIET_HOURS="")
    log = (tmp_path / "worker.log").open("wb")
    faulty_smtp.mode("slow", 0.4)  # each message waits 0.4 s before its data is sent

    first = start_worker(env, log)
    try:
        # Killed while the server holds message KILL_AFTER + 1 in its slow RCPT.
        wait_until(lambda: len(faulty_smtp.delivered()) >= KILL_AFTER
                   and faulty_smtp.rcpts_begun() > KILL_AFTER, timeout=60, what="the batch to be half sent")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    killed_at = time.time_ns()
    time.sleep(0.5)  # the server finishes the RCPT the dead worker started; no data follows
    before = faulty_smtp.delivered()
    rows = outbox.rows()
    sent_before = sum(1 for r in rows if r[1] == "sent")
    assert len(before) == sent_before == KILL_AFTER, (len(before), rows)  # mid-batch: some sent, the rest not
    claimed = [r for r in rows if r[1] == "pending"]
    assert len(claimed) == MESSAGES - KILL_AFTER and all(r[3] is not None for r in claimed)  # leased

    faulty_smtp.mode("accept")
    second = start_worker(env, log)
    try:
        wait_until(lambda: len(faulty_smtp.delivered()) >= MESSAGES, timeout=60, what="every message")
        time.sleep(1.0)  # rounds enough to send anything a second time
    finally:
        second.terminate()
        second.wait(timeout=15)
        log.close()

    delivered = faulty_smtp.delivered()
    per_subject = collections.Counter(m["Subject"] for m in delivered)
    assert per_subject == {f"Besked nr. {i:02d}": 1 for i in range(MESSAGES)}, per_subject  # exactly once
    rows = outbox.rows()
    assert [(r[1], r[2]) for r in rows] == [("sent", 1)] * MESSAGES, rows
    # The restarted worker waited for the lease: nothing it sent left before the lease ran out.
    lease_ends = min(aware(r[3]) for r in claimed).timestamp() * 1e9
    after = [p for p in (faulty_smtp.workdir / "delivered").glob("*.eml") if int(p.name.split("-")[0]) > killed_at]
    assert len(after) == MESSAGES - KILL_AFTER
    assert all(int(p.name.split("-")[0]) >= lease_ends for p in after)
    print(f"\nkilled after {KILL_AFTER} of {MESSAGES}; after restart and lease expiry: {len(delivered)} delivered, "
          f"each exactly once")
