"""Queue deadline reminders now: ``manage.py deadline_reminders`` (for cron, or by hand).
The outbox worker also does this at most once an hour. Thin: the work is
``hearings.services.reminders.deadline_reminders_queue``; the messages are sent by the worker."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hearings.services.reminders import deadline_reminders_queue


class Command(BaseCommand):
    help = "Queues reminders in the outbox for consultation and comment-letter deadlines (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD), e.g. to test the rules.")

    def handle(self, *args, date=None, **options):
        now = None
        if date:
            try:
                day = dt.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}") from exc
            now = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
        queued = deadline_reminders_queue(now=now)
        self.stdout.write(f"Deadline reminders: {queued} message(s) queued.")
