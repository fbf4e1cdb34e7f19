"""Builders for the "Skriv til rådet" tests: a citizen's message through the real service, a
meeting whose agenda is out, a consultation response that was sent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hearings.models import Committee, Consultation, ConsultationStatus
from meetings.models import Meeting, MeetingStatus
from meetings.services import plan
from public.models import MessageKind
from public.services import messages as services


def submit(council, *, text="Der er koldt i værestedet om aftenen.", kind=MessageKind.CONCERN, name="",
           contact="borger@example.org"):
    return services.message_submit(council=council, kind=kind, text=text, name=name, contact=contact)


def meeting(council, *, published=True, days=10) -> Meeting:
    starts = timezone.now() + dt.timedelta(days=days)
    made = plan.meeting_create(council=council, kind="ordinary", starts_at=starts,
                               ends_at=starts + dt.timedelta(hours=2), location="Rådhuset")
    if published:
        Meeting.objects.filter(pk=made.pk).update(status=MeetingStatus.AGENDA_PUBLISHED,
                                                  agenda_published_at=timezone.now())
        made.refresh_from_db()
    return made


def consultation(council, *, sent=True, published=True) -> Consultation:
    committee = Committee.objects.create(municipality=council.municipality, name="Social- og Sundhedsudvalget",
                                         abbreviation="SUS")
    return Consultation.objects.create(
        council=council, title="Ungestrategi", committee=committee, received_on=dt.date(2026, 9, 1),
        deadline=dt.date(2026, 10, 1), status=ConsultationStatus.SENT if sent else ConsultationStatus.DRAFTING,
        draft="Vi støtter strategien.", sent_text="Vi støtter strategien." if sent else "",
        sent_at=timezone.now() if sent else None, recipient_email="bsv@example.org", published=published)
