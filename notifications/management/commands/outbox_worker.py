"""Send the outbox: ``manage.py outbox_worker`` loops until stopped (SIGTERM or Ctrl-C finish
the current batch, then exit); ``--once`` sends what is due and exits (for cron). Thin: the
work is ``notifications.services.outbox_send_pending``.

The worker also runs the periodic jobs the apps register (``notifications.periodic``: the
hearings app's deadline reminders, the activities app's resurfacing of postponed themes) at
most once per ``--reminders-interval`` seconds (default an hour; 0 turns them off), before
sending, so a reminder leaves in the same round. A failing job is logged and never stops
sending."""

import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from notifications import periodic
from notifications.services import outbox_send_pending

logger = logging.getLogger("stemme.outbox")


class Command(BaseCommand):
    help = "Sends queued e-mail (and SMS through a gateway) from the outbox, with retries."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Send what is due once, then exit.")
        parser.add_argument("--interval", type=float, default=5.0,
                            help="Seconds between rounds when nothing is due (default 5).")
        parser.add_argument("--limit", type=int, default=100, help="Messages per round (default 100).")
        parser.add_argument("--reminders-interval", type=float, default=3600.0,
                            help="Seconds between runs of the periodic jobs, such as the deadline reminders "
                                 "(default 3600; 0 = never).")

    def handle(self, *args, once=False, interval=5.0, limit=100, reminders_interval=3600.0, **options):
        self.stopping = False
        self.reminders_interval = reminders_interval
        self.jobs_last: dict[str, float] = {}
        if once:
            self.run(once=True, interval=interval, limit=limit, verbosity=int(options.get("verbosity", 1)))
            return
        previous = {sig: signal.signal(sig, self.stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        self.stdout.write(f"Outbox worker started (every {interval:g} s). Stop with Ctrl-C or SIGTERM.")
        try:
            self.run(once=False, interval=interval, limit=limit, verbosity=int(options.get("verbosity", 1)))
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("Outbox worker stopped.")

    def run(self, *, once: bool, interval: float, limit: int, verbosity: int) -> None:
        while True:
            if not connection.in_atomic_block:  # (tests run the command inside a transaction)
                close_old_connections()  # a long-running process must not keep a broken connection
            for job in periodic.jobs():
                self.run_job(job, verbosity=verbosity)
            try:
                counts = outbox_send_pending(limit=limit)
            except Exception:
                if once:
                    raise
                # A database that is busy or briefly gone must not stop the worker: log, wait, go on.
                logger.exception("Outbox round failed; trying again in %s s", interval)
                if not connection.in_atomic_block:
                    close_old_connections()
                counts = {"claimed": 0}
            if counts["claimed"] and verbosity >= 1:
                self.stdout.write(" ".join(f"{k}={v}" for k, v in counts.items() if v))
            if once or self.stopping:
                break
            if counts["claimed"] >= limit:
                continue  # more may be due: no pause
            self.sleep(interval)
            if self.stopping:
                break

    def run_job(self, job: periodic.PeriodicJob, *, verbosity: int) -> None:
        """Run ``job`` when its last run is ``reminders_interval`` seconds ago (or there was
        none). Any failure is logged: sending goes on regardless."""
        interval = getattr(self, "reminders_interval", 3600.0)
        last_runs = self.__dict__.setdefault("jobs_last", {})
        last = last_runs.get(job.path)
        if interval <= 0 or (last is not None and time.monotonic() - last < interval):
            return
        last_runs[job.path] = time.monotonic()
        try:
            count = job.run()
        except Exception:
            logger.exception(job.failure)
            if not connection.in_atomic_block:
                close_old_connections()
            return
        if count and verbosity >= 1:
            self.stdout.write(f"{job.report}={count}")

    def stop(self, signum, frame):
        self.stopping = True

    def sleep(self, seconds: float) -> None:
        """Sleep in short steps so a stop signal is honoured within a fraction of a second."""
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(0.2, max(deadline - time.monotonic(), 0)))
