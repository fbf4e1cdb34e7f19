"""Outbox throughput: ``python bench/outbox_bench.py`` (``make bench-outbox``).

Queues ``N`` (500) e-mails and sends them with the outbox worker's own function
(``notifications.services.outbox_send_pending``, 100 a round as ``manage.py outbox_worker``
does) to a real SMTP server on loopback (aiosmtpd in its own process,
``notifications.tests.smtp.SmtpSink``); then ``N`` SMS through ``notifications.sms.HttpSmsGateway``
to the fake SMS provider on loopback (``notifications.tests.fake_sms_provider``: a real HTTP
server). Each message is claimed, sent, recorded and audited exactly as in production. Prints
messages per second for each channel (the time from the first round to the last, queueing not
included) and checks that every message arrived exactly once; writes ``bench/outbox_results.json``.

Database: a throwaway SQLite file by default (``DATABASE_URL`` from the environment is ignored);
with ``BENCH_DATABASE_URL`` set, a database ``stemme_bench_outbox`` on that PostgreSQL server,
created and dropped by the run (the role needs CREATEDB). Exits 1 when a message is missing,
duplicated or not marked sent."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "outbox_results.json"
N = int(os.environ.get("OUTBOX_BENCH_MESSAGES", "500"))
ROUND = 100  # the worker's default --limit
PG_NAME = "stemme_bench_outbox"


def configure_database() -> tuple[str, Path]:
    os.environ.pop("DATABASE_URL", None)  # never the database the environment points at
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    tmp = Path(tempfile.mkdtemp(prefix="stemme-outbox-bench-"))
    bench_url = os.environ.get("BENCH_DATABASE_URL")
    if bench_url:
        os.environ["DATABASE_URL"] = bench_url
        return "postgresql", tmp
    os.environ["SQLITE_PATH"] = str(tmp / "bench.sqlite3")
    return "sqlite", tmp


def drain() -> tuple[float, int, dict[str, int]]:
    """Run the worker's rounds until nothing is due: (seconds, rounds, summed counts)."""
    from notifications.services import outbox_send_pending

    totals: Counter[str] = Counter()
    rounds = 0
    started = time.perf_counter()
    while True:
        counts = outbox_send_pending(limit=ROUND)
        rounds += 1
        totals.update(counts)
        if counts["claimed"] == 0:
            break
    return time.perf_counter() - started, rounds, dict(totals)


def bench_email(council, tmp: Path) -> dict:
    from django.conf import settings

    from notifications.models import OutboxMessage, OutboxStatus
    from notifications.services import outbox_enqueue
    from notifications.tests.smtp import SmtpSink

    sink = SmtpSink(tmp)
    sink.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = sink.host, sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 10
        for n in range(N):
            outbox_enqueue(council=council, channel="email", person=None, to_address=f"medlem{n}@example.org",
                           subject=f"Indkaldelse {n}", kind="bench.email",
                           body=f"Kære medlem {n}\n\nDu er indkaldt til mødet. Læs dagsordenen: "
                                "{stemme-site}/l/abc/\n\nVenlig hilsen\nSekretariatet\n")
        seconds, rounds, counts = drain()
        received = sink.wait_for(N, timeout=30)
        recipients = Counter(m["To"] for m in received)
        sent = OutboxMessage.objects.filter(kind="bench.email", status=OutboxStatus.SENT).count()
        ok = len(received) == N and len(recipients) == N and sent == N
        return {"messages": N, "seconds": round(seconds, 3), "per_second": round(N / seconds, 1), "rounds": rounds,
                "counts": counts, "received": len(received), "marked_sent": sent, "ok": ok}
    finally:
        sink.stop()


def bench_sms(council) -> dict:
    from django.conf import settings

    from notifications.models import OutboxMessage, OutboxStatus
    from notifications.services import outbox_enqueue
    from notifications.tests.fake_sms_provider import SECRET, TOKEN, FakeSmsProvider

    provider = FakeSmsProvider().start()
    try:
        settings.STEMME_SMS_GATEWAY = "notifications.sms.HttpSmsGateway"
        settings.STEMME_SMS_API_URL, settings.STEMME_SMS_API_TOKEN = provider.url, TOKEN
        settings.STEMME_SMS_SENDER, settings.STEMME_SMS_TIMEOUT = "+4512345678", 10
        settings.STEMME_SMS_WEBHOOK_SECRET = SECRET
        settings.STEMME_SMS_QUIET_HOURS = ""  # measure sending, not the night
        for n in range(N):
            outbox_enqueue(council=council, channel="sms", person=None, to_address=f"+45 2{n:07d}",
                           subject="Indkaldelse", kind="bench.sms",
                           body=f"Udsatterådet: Møde 12. marts kl. 16.00, Rådhuset. Læs og svar: "
                                f"{{stemme-site}}/l/{n}/")
        seconds, rounds, counts = drain()
        numbers = Counter(m["to"] for m in provider.messages)
        refs = set(OutboxMessage.objects.filter(kind="bench.sms", status=OutboxStatus.SENT)
                   .values_list("provider_ref", flat=True))
        ok = len(provider.messages) == N and len(numbers) == N and len(refs) == N and "" not in refs
        return {"messages": N, "seconds": round(seconds, 3), "per_second": round(N / seconds, 1), "rounds": rounds,
                "counts": counts, "received": len(provider.messages), "marked_sent": len(refs), "ok": ok}
    finally:
        provider.stop()


def main() -> int:
    sys.path.insert(0, str(ROOT))
    kind, tmp = configure_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from councils.models import Council, Municipality

    if kind == "postgresql":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = PG_NAME
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        call_command("migrate", verbosity=0, interactive=False)
    try:
        municipality = Municipality.objects.create(name="Bænkby Kommune", slug="baenkby")
        council = Council.objects.create(municipality=municipality, name="Udsatterådet Bænkby", slug="baenkby",
                                         email="raadet@baenkby.example")
        rows = {"e-mail → SMTP (aiosmtpd)": bench_email(council, tmp),
                "SMS → HTTP provider (fake)": bench_sms(council)}
        print(f"\nOutbox throughput ({connection.vendor}): {N} messages per channel through "
              f"outbox_send_pending, {ROUND} a round, to servers on loopback")
        print(f"{'channel':<28} {'messages':>8} {'seconds':>8} {'msg/s':>8} {'rounds':>6}  check")
        for name, row in rows.items():
            print(f"{name:<28} {row['messages']:>8} {row['seconds']:>8.2f} {row['per_second']:>8.1f} "
                  f"{row['rounds']:>6}  {'every message once' if row['ok'] else 'MISSING OR DUPLICATED'}")
        previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        previous[connection.vendor] = {"rows": rows, "round": ROUND,
                                       "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        RESULTS.write_text(json.dumps(previous, indent=2, ensure_ascii=False) + "\n")
        return 0 if all(row["ok"] for row in rows.values()) else 1
    finally:
        if kind == "postgresql" and connection.settings_dict["NAME"] == PG_NAME:
            connection.creation.destroy_test_db(verbosity=0)
        else:
            connection.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
