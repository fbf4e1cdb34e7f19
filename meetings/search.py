"""The meeting cycle's documents in the search index (``core.search``), registered in
``MeetingsConfig.ready``: one document per agenda item.

* Public: items of public, not-cancelled meetings whose agenda is sent out, as the public page
  shows them (``core.disclosure``): a closed item only with "title may be published", its case
  text and recommendation never, its decision only with "decision may be published"; the
  decision and dissent only once the minutes are published; every text through
  ``Disclosure.text`` on the meeting's day, so a name without consent is never indexed.
* Internal (permission ``meetings.view``): every accepted item of every not-cancelled meeting with
  its whole text, closed items included, for the council's own people.

Two queries for the items plus the disclosure policy's own (constant in the number of items)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import groupby

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.disclosure import Disclosure, item_case_visible, item_decision_visible, item_visible
from core.formats import short_date
from core.search import SearchEntry
from core.search.models import Audience
from councils.models import Council
from meetings.easyread import plain_text
from meetings.models import AgendaItem, EasyReadMinutes, EasyReadStatus, Meeting, MeetingStatus, ProposalStatus
from meetings.selectors.agenda import display_number
from meetings.selectors.plan import agenda_is_public, minutes_are_public

KIND = "meeting"
PERMISSION = "meetings.view"
EASY_KIND = "easy_minutes"


def _items(council: Council) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(council=council, meeting__isnull=False,
                                          proposal_status=ProposalStatus.ACCEPTED)
                .exclude(meeting__status=MeetingStatus.CANCELLED)
                .select_related("meeting").order_by("meeting__starts_at", "meeting_id", "position", "id"))


def _join(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


def _title(meeting: Meeting, number, title: str) -> str:
    return _("Punkt %(number)s: %(title)s") % {"number": number, "title": title}


def entries(*, council: Council) -> Iterator[SearchEntry]:
    disclosure = Disclosure.for_council(council, on=timezone.localdate())
    for _meeting_id, group in groupby(_items(council), key=lambda i: i.meeting_id):
        items = list(group)
        meeting = items[0].meeting
        assert meeting is not None  # nosec B101  # filtered on meeting__isnull=False
        day: dt.date = timezone.localdate(meeting.starts_at)
        heading = f"{meeting.display_title}, {short_date(day)}"
        internal_url = reverse("meetings:meeting", args=[council.slug, meeting.pk])
        public_url = reverse("public:meeting", args=[council.slug, meeting.pk])
        show_agenda = meeting.public and agenda_is_public(meeting)
        show_minutes = meeting.public and minutes_are_public(meeting)
        public = disclosure.at(day)
        for place, item in enumerate(items, start=1):
            number = display_number(item, place)
            yield SearchEntry(
                object_id=item.pk, audience=Audience.INTERNAL, date=day, url=internal_url,
                title=_title(meeting, number, item.title),
                body=_join(heading, item.case_text, item.recommendation, item.decision, item.dissent))
            if not show_agenda or not item_visible(item):
                continue
            case = _join(item.case_text, item.recommendation) if item_case_visible(item) else ""
            decision = (_join(item.decision, item.dissent)
                        if show_minutes and item_decision_visible(item) else "")
            yield SearchEntry(
                object_id=item.pk, audience=Audience.PUBLIC, date=day, url=f"{public_url}#punkt-{number}",
                title=_title(meeting, number, public.text(item.title)),
                body=_join(heading, public.text(case), public.text(decision)))


def easy_entries(*, council: Council) -> Iterator[SearchEntry]:
    """Published easy-read minutes (*letlæst referat*) of meetings whose full minutes are public:
    the text without its block markers, through the disclosure policy on the meeting's day."""
    disclosure = Disclosure.for_council(council, on=timezone.localdate())
    for easy in (EasyReadMinutes.objects.filter(council=council, status=EasyReadStatus.PUBLISHED,
                                                meeting__public=True, meeting__status=MeetingStatus.MINUTES_PUBLISHED)
                 .select_related("meeting")):
        meeting = easy.meeting
        day = timezone.localdate(meeting.starts_at)
        title = _("Letlæst referat: %(meeting)s, %(date)s") % {"meeting": meeting.display_title,
                                                                  "date": short_date(day)}
        yield SearchEntry(object_id=easy.pk, title=disclosure.at(day).text(title), date=day,
                          body=disclosure.at(day).text(plain_text(easy.body)),
                          url=reverse("public:meeting_easy", args=[council.slug, meeting.pk]))
