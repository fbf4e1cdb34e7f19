"""Send the outbox: ``manage.py outbox_worker`` loops until stopped (SIGTERM or Ctrl-C finish
the current batch, then exit); ``--once`` sends what is due and exits (for cron). Thin: the
work is ``notifications.services.outbox_send_pending``.

The worker also queues the hearings app's deadline reminders
(``hearings.services.reminders.deadline_reminders_queue``) at most once per
``--reminders-interval`` seconds (default an hour; 0 turns it off), before sending, so a
reminder leaves in the same round. A failing reminder run is logged and never stops sending.
Postponed themes whose date has come go back on the agenda backlog on the same schedule
(``activities.services.themes.resurface_postponed``), guarded the same way."""

import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from hearings.services.reminders import deadline_reminders_queue
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
                            help="Seconds between runs of the deadline reminders (default 3600; 0 = never).")

    def handle(self, *args, once=False, interval=5.0, limit=100, reminders_interval=3600.0, **options):
        self.stopping = False
        self.reminders_interval = reminders_interval
        self.reminders_last: float | None = None
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
            self.queue_reminders(verbosity=verbosity)
            self.resurface_themes(verbosity=verbosity)
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

    def queue_reminders(self, *, verbosity: int) -> None:
        """Queue due deadline reminders when the last run is ``reminders_interval`` seconds ago
        (or there was none). Any failure is logged: sending goes on regardless."""
        interval = getattr(self, "reminders_interval", 3600.0)
        last = getattr(self, "reminders_last", None)
        if interval <= 0 or (last is not None and time.monotonic() - last < interval):
            return
        self.reminders_last = time.monotonic()
        try:
            queued = deadline_reminders_queue()
        except Exception:
            logger.exception("Deadline reminders failed; sending goes on")
            if not connection.in_atomic_block:
                close_old_connections()
            return
        if queued and verbosity >= 1:
            self.stdout.write(f"reminders={queued}")

    def resurface_themes(self, *, verbosity: int) -> None:
        """Put postponed themes back on the agenda backlog, at most once per ``reminders_interval``
        seconds. Any failure is logged: sending goes on regardless."""
        from activities.services.themes import resurface_postponed

        interval = getattr(self, "reminders_interval", 3600.0)
        last = getattr(self, "resurface_last", None)
        if interval <= 0 or (last is not None and time.monotonic() - last < interval):
            return
        self.resurface_last = time.monotonic()
        try:
            count = resurface_postponed()
        except Exception:
            logger.exception("Resurfacing postponed themes failed; sending goes on")
            if not connection.in_atomic_block:
                close_old_connections()
            return
        if count and verbosity >= 1:
            self.stdout.write(f"themes_resurfaced={count}")

    def stop(self, signum, frame):
        self.stopping = True

    def sleep(self, seconds: float) -> None:
        """Sleep in short steps so a stop signal is honoured within a fraction of a second."""
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(0.2, max(deadline - time.monotonic(), 0)))
