"""The worker command: ``--once`` sends what is due and exits; the loop stops cleanly on
SIGTERM after finishing its round."""

import io
import os
import signal

from django.core import mail
from django.core.management import call_command

from notifications import services
from notifications.management.commands import outbox_worker
from notifications.models import OutboxMessage, OutboxStatus


def queue(council, person):
    return services.outbox_enqueue(council=council, channel="email", person=person, to_address=person.email,
                                   subject="Indkaldelse", body="Du er indkaldt.", kind="test.message")


def test_once_sends_what_is_due_and_reports_it(council, people):
    queue(council, people["email"])
    out = io.StringIO()

    call_command("outbox_worker", "--once", stdout=out)

    assert [m.to for m in mail.outbox] == [["erik@example.org"]]
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT
    assert "claimed=1 sent=1" in out.getvalue()


def test_the_loop_stops_on_sigterm_after_finishing_its_round(council, people, monkeypatch):
    queue(council, people["email"])
    rounds = []
    real = outbox_worker.outbox_send_pending

    def send_then_get_terminated(**kwargs):
        counts = real(**kwargs)
        rounds.append(counts)
        if len(rounds) == 2:
            os.kill(os.getpid(), signal.SIGTERM)  # like `kill <pid>` from make or systemd
        return counts

    monkeypatch.setattr(outbox_worker, "outbox_send_pending", send_then_get_terminated)
    previous = signal.getsignal(signal.SIGTERM)
    out = io.StringIO()

    call_command("outbox_worker", "--interval", "0.01", stdout=out)

    assert len(rounds) == 2 and rounds[0]["sent"] == 1 and rounds[1]["claimed"] == 0
    assert "Outbox worker stopped." in out.getvalue()
    assert signal.getsignal(signal.SIGTERM) == previous  # the handler is put back
    assert len(mail.outbox) == 1


def test_a_failing_round_does_not_stop_the_loop(db, monkeypatch, caplog):
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database is locked")
        os.kill(os.getpid(), signal.SIGTERM)
        return {"claimed": 0, "sent": 0, "failed": 0, "gave_up": 0, "manual": 0}

    monkeypatch.setattr(outbox_worker, "outbox_send_pending", flaky)

    call_command("outbox_worker", "--interval", "0.01", stdout=io.StringIO())

    assert len(calls) == 2
    assert "Outbox round failed" in caplog.text and "database is locked" in caplog.text
