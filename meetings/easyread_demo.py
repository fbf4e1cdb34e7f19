"""Demo data for the easy-read minutes (``seed_demo``, after the meetings are held and published):
Albertslund's latest published minutes get a published easy-read version, written through the
services from Stemme's starting point. Idempotent: skipped once the version exists."""

from __future__ import annotations

from django.db import transaction

from core.demo import DemoRun
from councils.models import Council
from meetings.models import Meeting, MeetingStatus
from meetings.selectors.easyread import easy_read_get
from meetings.services import easyread as services

ADDED = "easy-read minutes of albertslund"


def seed_demo(run: DemoRun) -> None:
    council = Council.objects.filter(slug="albertslund").first()
    if council is None:
        return
    meeting = (Meeting.objects.filter(council=council, public=True, status=MeetingStatus.MINUTES_PUBLISHED)
               .order_by("-starts_at").first())
    if meeting is None or easy_read_get(meeting=meeting) is not None:
        return
    sek = run.users.get("sek_albertslund")
    with transaction.atomic():
        easy = services.easy_read_minutes_start(meeting=meeting, actor=sek)
        services.easy_read_minutes_publish(easy=easy, actor=sek)
    if "albertslund" not in run.created:
        run.add(ADDED)
