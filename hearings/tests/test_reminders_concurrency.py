"""Two workers queueing reminders at the same moment queue each reminder once: the second one
waits on the unique row of the first, then finds it (PostgreSQL; SQLite serialises writers,
so there is no race to provoke there)."""

import threading
import time

import pytest
from django.db import connection

from hearings.models import DeadlineReminder
from hearings.services import reminders
from hearings.tests.deadlines_builders import TODAY, at_noon, make_consultation
from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)")
def test_two_workers_at_once_queue_the_reminder_once(council, roster, monkeypatch, caplog):
    make_consultation(council, deadline=TODAY)
    real = reminders.recipients_for

    def slow_recipients(row, **kwargs):
        time.sleep(0.5)  # hold the transaction with the new reminder row open
        return real(row, **kwargs)

    monkeypatch.setattr(reminders, "recipients_for", slow_recipients)
    results, errors = [], []
    start = threading.Barrier(2)

    def worker():
        from django.db import connection as thread_connection

        try:
            start.wait()
            results.append(reminders.deadline_reminders_queue(now=at_noon(TODAY)))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert errors == []
    assert "Deadline reminders for council" not in caplog.text  # no failure swallowed per council
    assert sorted(results) == [0, 3]
    assert DeadlineReminder.objects.count() == 1
    assert OutboxMessage.objects.count() == 3
