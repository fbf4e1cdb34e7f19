"""A busy Stemme for the backup test (tests/backup/test_backup.py), built and written through the
real services in the database and MEDIA_ROOT of the environment it runs in:

    python -m tests.backup.busy build    -> the demo councils (councils.demo, the demo's first step)
                                            plus agenda attachments and receipts (media files) and a
                                            login (a session); JSON
    python -m tests.backup.busy write <slug> -> writes units of work until SIGTERM, one line per unit
                                            committed ("<k>"), then "done <k>"
    python -m tests.backup.busy build-and-write -> both, in one process

A unit of work ``k`` is one transaction: a person "Skriver <k>", an expense "Skriver <k>" and its
receipt, a PDF file saying "Skriver <k>" (each service writes its audit event too). So a snapshot
holds units 1…N whole and nothing of N+1 on: the test checks exactly that in the restored copy."""

import datetime as dt
import json
import signal
import sys
from decimal import Decimal

import django

WRITER = "Skriver"


def build() -> dict:
    from django.test import Client
    from django.utils import timezone

    from core.demo import DemoRun, pdf_upload
    from councils.demo import seed_demo
    from councils.models import Council
    from finance import services as finance
    from finance.models import Category
    from meetings.services import agenda, plan

    run = DemoRun()
    seed_demo(run)
    today = timezone.localdate()
    files = 0
    for council in Council.objects.filter(slug__in=run.created).order_by("pk"):
        day = today + dt.timedelta(days=30)
        starts = timezone.make_aware(dt.datetime(day.year, day.month, day.day, 16))
        meeting = plan.meeting_create(council=council, kind="ordinary", starts_at=starts,
                                      ends_at=starts + dt.timedelta(hours=2), location="Rådhuset", actor=None)
        item = agenda.item_create(meeting=meeting, title="Bilag til sikkerhedskopien", kind="information",
                                  actor=None, case_text="Et punkt med bilag.")
        for number in range(1, 4):
            agenda.attachment_add(item=item, actor=None, file=pdf_upload(
                f"bilag-{number}.pdf", f"{council.name}", f"Bilag {number}"))
            files += 1
        for number in range(1, 6):
            expense = finance.expense_create(council=council, date=today, category=Category.CATERING,
                                             amount=Decimal(100 + number), description=f"Forplejning {number}")
            finance.receipt_add(council=council, expense=expense, file=pdf_upload(
                f"kvittering-{number}.pdf", council.name, f"Kvittering {number}"))
            files += 1
    # Someone logged in: a session the backup must leave out (core.backup.EXCLUDED_DATA).
    client = Client()
    client.force_login(run.users["sek_albertslund"])
    return {"councils": run.created, "files": files, "council": run.created[0],
            "session": client.cookies["sessionid"].value}


def write(slug: str) -> None:
    from django.db import transaction
    from django.utils import timezone

    from core.demo import pdf_upload
    from councils import services as councils
    from councils.models import Council
    from finance import services as finance
    from finance.models import Category

    stop = False

    def on_term(signum, frame) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_term)
    council = Council.objects.get(slug=slug)
    today = timezone.localdate()
    k = 0
    while not stop:
        k += 1
        name = f"{WRITER} {k:05d}"
        with transaction.atomic():
            councils.person_save(council=council, name=name, email=f"skriver{k}@example.org")
            expense = finance.expense_create(council=council, date=today, category=Category.OTHER,
                                             amount=Decimal(k), description=name)
            finance.receipt_add(council=council, expense=expense, file=pdf_upload(f"skriver-{k}.pdf", name))
        print(k, flush=True)
    print(f"done {k}", flush=True)


def main(argv: list[str]) -> None:
    django.setup()
    if argv[0] == "build":
        print(json.dumps(build()))
    elif argv[0] == "write":
        write(argv[1])
    elif argv[0] == "build-and-write":  # one process (one start of Django) for both
        data = build()
        print(json.dumps(data), flush=True)
        write(data["council"])
    else:
        raise SystemExit(f"unknown command {argv[0]!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
