"""Put postponed themes and topics whose date has come back on the agenda backlog:
``manage.py resurface_postponed`` (for cron, or by hand). The outbox worker also does this at
most once an hour. Thin: the work is ``activities.services.themes.resurface_postponed``."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from activities.services.themes import resurface_postponed


class Command(BaseCommand):
    help = "Puts postponed themes whose date has come back on the agenda backlog (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, date=None, **options):
        today = None
        if date:
            try:
                today = dt.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}") from exc
        count = resurface_postponed(today=today)
        self.stdout.write(f"Postponed themes back on the agenda backlog: {count}.")
