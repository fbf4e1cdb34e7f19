"""Writers in processes of their own, for the SQLite fault tests (run as
``python -m tests.faults.writers MODE …`` with SQLITE_PATH or DATABASE_URL set by the test).

``locked``: prints ``ready``, waits for a line on stdin, then submits one citizen's idea through
the service and prints what it took as JSON (the database is locked by the test meanwhile).

``many N SECONDS COUNCIL_ID``: forks N processes after Django is set up (each with its own
connection); for SECONDS each writes through the services in turn: a citizen's idea
(activities.services.ideas.citizen_idea_submit) and a queued e-mail
(notifications.services.outbox_enqueue), each with its audit event. Each process counts what it
wrote and every error; the parent prints the counts as JSON."""

from __future__ import annotations

import json
import multiprocessing
import sys
import time
import traceback


def setup() -> None:
    import django

    django.setup()


def locked() -> None:
    setup()
    from activities.services.ideas import citizen_idea_submit
    from councils.models import Council

    council = Council.objects.get(slug=sys.argv[2])
    from django.db import connections

    connections.close_all()  # the write below opens its own connection, as a request would
    print("ready", flush=True)
    sys.stdin.readline()
    started = time.monotonic()
    try:
        idea = citizen_idea_submit(council=council, title="Skrevet mens databasen var låst", name="Låst")
        result = {"ok": True, "idea": idea.pk}
    except Exception as error:  # reported to the test, which fails
        result = {"ok": False, "error": f"{type(error).__name__}: {error}"}
    result["seconds"] = time.monotonic() - started
    print(json.dumps(result), flush=True)


def _write_for(args: tuple[int, float, int]) -> dict:
    worker, seconds, council_id = args
    from django.db import connections

    connections.close_all()  # never share the parent's connection
    from activities.services.ideas import citizen_idea_submit
    from councils.models import Council
    from notifications.models import OutboxChannel
    from notifications.services import outbox_enqueue

    council = Council.objects.get(pk=council_id)
    counts = {"worker": worker, "ideas": 0, "messages": 0, "errors": 0, "first_error": ""}
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        n += 1
        try:
            if n % 2:
                citizen_idea_submit(council=council, title=f"w{worker}-{n}", name=f"Skriver {worker}")
                counts["ideas"] += 1
            else:
                outbox_enqueue(council=council, channel=OutboxChannel.EMAIL, person=None,
                               to_address=f"w{worker}@example.org", subject=f"w{worker}-{n}", body="Prøve",
                               kind="faults.writer")
                counts["messages"] += 1
        except Exception as error:  # counted: the test demands none
            counts["errors"] += 1
            counts["first_error"] = counts["first_error"] or "".join(
                traceback.format_exception_only(type(error), error)).strip()
    connections.close_all()
    return counts


def many() -> None:
    setup()
    processes, seconds, council_id = int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    from django.db import connections

    connections.close_all()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        results = pool.map(_write_for, [(i, seconds, council_id) for i in range(processes)], chunksize=1)
    print(json.dumps(results), flush=True)


if __name__ == "__main__":
    {"locked": locked, "many": many}[sys.argv[1]]()
