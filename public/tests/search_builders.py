"""A council whose meeting is worth searching: an open item with a decision that names a member who
did not consent (Erik Skjult) and one who did (Anne Åben), and a closed item whose title and case
text hold a word found nowhere else ("zebrafinke"). Built through the real services; the minutes are
published through ``minutes_publish``, whose commit hook fills the search index."""

import datetime as dt

from django.utils import timezone

from meetings.models import Meeting, MeetingStatus

DAY = dt.date(2026, 4, 7)


def at(day: dt.date, hour: int = 16) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def searchable_council(make_council, add_member, make_user, *, slug="nordby"):
    secretary = make_user(f"sek@{slug}.dk")
    council = make_council(slug, secretary=secretary)
    people = {name: add_member(council, name, publish=publish).person
              for name, publish in [("Anne Åben", True), ("Erik Skjult", False)]}
    return council, people, secretary


def published_meeting(council, secretary, *, title="Rådsmøde", day=DAY):
    """Agenda sent, meeting held, decisions written, minutes approved and published."""
    from meetings.services import agenda as agenda_services
    from meetings.services import minutes as minutes_services
    from meetings.services import plan as plan_services

    meeting = plan_services.meeting_create(council=council, kind="ordinary", starts_at=at(day), ends_at=at(day, 18),
                                           title=title, location="Rådhuset", actor=secretary)
    open_item = agenda_services.item_create(
        meeting=meeting, title="Vaskeribussen i bydelen", case_text="Forslag om en vaskeribus til bostederne.",
        actor=secretary)
    closed_item = agenda_services.item_create(
        meeting=meeting, title="Personsag om zebrafinke", case_text="Fortrolige oplysninger om zebrafinken.",
        closed=True, actor=secretary)
    agenda_services.agenda_publish(meeting=meeting, actor=secretary, now=meeting.starts_at - dt.timedelta(days=10))
    minutes_services.meeting_mark_held(meeting=meeting, actor=secretary)
    minutes_services.item_minutes_save(
        item=open_item, decision="Erik Skjult og Anne Åben fremlagde vaskeribussen. Rådet bakker op.",
        dissent="", expected_version=0, actor=secretary)
    minutes_services.item_minutes_save(item=closed_item, decision="Zebrafinke-sagen blev drøftet.", dissent="",
                                       expected_version=0, actor=secretary)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.MINUTES_APPROVED,
                                                 minutes_approved_at=timezone.now())
    meeting.refresh_from_db()
    return minutes_services.minutes_publish(meeting=meeting, actor=secretary)
