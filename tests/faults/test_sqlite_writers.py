"""Concurrent writers on SQLite (issue 15, "Faults"): PROCESSES processes write through the
services for SECONDS seconds into one SQLite file (WAL, busy_timeout, immediate transactions:
config.settings), with no error, and every row is accounted for: each process counts what it
wrote (tests/faults/writers.py), and the database holds exactly that, row by row, with an audit
event for each."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest
from django.db import connection

from tests.faults.server import ROOT, python_env, sqlite_file_copy

PROCESSES = 8
SECONDS = 10

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's single writer")]


def test_eight_processes_write_for_ten_seconds_without_an_error(make_council, tmp_path):
    council = make_council("skriveraadet")
    path = sqlite_file_copy(tmp_path / "stemme.sqlite3")
    run = subprocess.run([sys.executable, "-m", "tests.faults.writers", "many", str(PROCESSES), str(SECONDS),
                          str(council.pk)], cwd=ROOT, env=python_env(connection.settings_dict, sqlite_path=path),
                         capture_output=True, text=True, timeout=SECONDS + 60)
    assert run.returncode == 0, run.stderr[-3000:]
    workers = json.loads(run.stdout.strip().splitlines()[-1])
    assert sorted(w["worker"] for w in workers) == list(range(PROCESSES))
    assert sum(w["errors"] for w in workers) == 0, [w["first_error"] for w in workers if w["errors"]]

    db = sqlite3.connect(path)
    try:
        for w in workers:
            assert w["ideas"] > 0 and w["messages"] > 0, w  # every process got to write
            ideas = db.execute("SELECT count(*) FROM activities_idea WHERE council_id = ? AND title LIKE ?",
                               (council.pk, f"w{w['worker']}-%")).fetchone()[0]
            messages = db.execute("SELECT count(*) FROM notifications_outboxmessage WHERE subject LIKE ?",
                                  (f"w{w['worker']}-%",)).fetchone()[0]
            assert (ideas, messages) == (w["ideas"], w["messages"]), w
        written = sum(w["ideas"] + w["messages"] for w in workers)
        audited = db.execute("SELECT count(*) FROM core_auditevent WHERE council_id = ? AND action IN "
                             "('activities.idea.created', 'notifications.message.queued')",
                             (council.pk,)).fetchone()[0]
        assert audited == written
        distinct = db.execute("SELECT count(DISTINCT title) FROM activities_idea WHERE council_id = ?",
                              (council.pk,)).fetchone()[0]
        assert distinct == sum(w["ideas"] for w in workers)  # no row twice
    finally:
        db.close()
    print(f"\n{PROCESSES} processes, {SECONDS} s: {written} rows written and found, {audited} audit events, "
          f"0 errors")
