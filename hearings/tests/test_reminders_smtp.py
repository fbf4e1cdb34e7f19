"""The reminder end to end: queued by the periodic job, sent by the outbox worker to a real SMTP
server on loopback (aiosmtpd, notifications.tests.smtp), read back from the mailbox. Also the
worker's hourly call of the job, which never stops sending when it fails."""

import datetime as dt
import io
import os
import signal

import pytest
from django.core.management import call_command

from hearings.models import DeadlineReminder
from hearings.services import reminders
from hearings.services.reminders import deadline_reminders_queue
from hearings.tests.deadlines_builders import TODAY, at_noon, make_consultation
from notifications.management.commands import outbox_worker
from notifications.models import OutboxMessage, OutboxStatus
from notifications.services import outbox_enqueue, outbox_send_pending

pytestmark = pytest.mark.django_db


def test_the_reminder_reaches_a_real_smtp_server(council, roster, smtp_server, settings):
    settings.STEMME_BASE_URL = "http://testserver"
    make_consultation(council, "Ungestrategi", deadline=dt.date(2026, 3, 12), owners=[roster["erik"]])

    assert deadline_reminders_queue(now=at_noon(TODAY)) == 4
    assert smtp_server.messages() == []  # stored, not sent inline

    counts = outbox_send_pending()

    assert counts["sent"] == 3 and counts["claimed"] == 3  # Bent's SMS waits on the manual list
    received = smtp_server.wait_for(3)
    assert sorted(m["To"] for m in received) == ["anna@example.org", "erik@example.org", "sekretariat@example.org"]
    # (a long encoded subject may be folded onto a continuation line: the parsed value starts with a space)
    assert {m["Subject"].strip() for m in received} == {"Påmindelse: høringsfrist 12. marts for Ungestrategi"}
    body = smtp_server.to("erik@example.org")[0].get_body(("plain",)).get_content()
    assert "Høringsfristen for “Ungestrategi” er torsdag den 12. marts 2026 (om 3 dage)." in body
    assert "http://testserver/nordby/intern/" in body
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 3

    # The next round (and the next day) sends nothing new
    assert deadline_reminders_queue(now=at_noon(TODAY + dt.timedelta(days=1))) == 0
    assert outbox_send_pending()["claimed"] == 0


def test_the_outbox_worker_queues_and_sends_reminders_in_one_round(council, roster, monkeypatch):
    from django.core import mail
    from django.utils import timezone

    make_consultation(council, "Ungestrategi", deadline=timezone.localdate() + dt.timedelta(days=2))
    out = io.StringIO()

    call_command("outbox_worker", "--once", stdout=out)

    assert "reminders=3" in out.getvalue() and "sent=2" in out.getvalue()
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "sekretariat@example.org"]
    assert DeadlineReminder.objects.count() == 1


def test_the_worker_runs_the_reminders_at_most_once_an_hour(db, monkeypatch):
    calls, rounds = [], []

    def count_reminders(**kwargs):
        calls.append(kwargs)
        return 0

    def send(**kwargs):
        rounds.append(1)
        if len(rounds) == 3:
            os.kill(os.getpid(), signal.SIGTERM)
        return {"claimed": 0, "sent": 0, "failed": 0, "gave_up": 0, "manual": 0}

    monkeypatch.setattr(reminders, "deadline_reminders_queue", count_reminders)
    monkeypatch.setattr(outbox_worker, "outbox_send_pending", send)

    call_command("outbox_worker", "--interval", "0.01", stdout=io.StringIO())

    assert len(rounds) == 3 and len(calls) == 1


def test_the_reminders_interval_can_be_shortened_or_switched_off(db, monkeypatch):
    calls, rounds = [], []
    monkeypatch.setattr(reminders, "deadline_reminders_queue", lambda **kw: calls.append(1) or 0)

    def send(**kwargs):
        rounds.append(1)
        if len(rounds) == 3:
            os.kill(os.getpid(), signal.SIGTERM)
        return {"claimed": 0}

    monkeypatch.setattr(outbox_worker, "outbox_send_pending", send)
    call_command("outbox_worker", "--interval", "0.01", "--reminders-interval", "0.000001", stdout=io.StringIO())
    assert len(calls) == 3

    calls.clear()
    rounds.clear()
    call_command("outbox_worker", "--once", "--reminders-interval", "0", stdout=io.StringIO())
    assert calls == []


def test_a_failing_reminder_run_never_stops_sending(council, roster, monkeypatch, caplog):
    from django.core import mail

    def broken(**kwargs):
        raise RuntimeError("reminders exploded")

    monkeypatch.setattr(reminders, "deadline_reminders_queue", broken)
    outbox_enqueue(council=council, channel="email", person=roster["erik"], to_address="erik@example.org",
                   subject="Indkaldelse", body="Du er indkaldt.", kind="test.message")

    call_command("outbox_worker", "--once", stdout=io.StringIO())

    assert [m.to for m in mail.outbox] == [["erik@example.org"]]
    assert "Deadline reminders failed" in caplog.text and "reminders exploded" in caplog.text
