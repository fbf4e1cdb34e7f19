"""What the council has published, as feed items: the one source of truth for "what is new", read
by the Atom/RSS feeds (``public.feeds``) and by the citizens' e-mail alerts (``public.alerts``).

Every item comes from the public pages' own selectors (published minutes of public meetings, sent
and published responses and comment letters, published annual reports, upcoming public events),
so nothing a public page would not show ends up in a feed or an alert. Titles and summaries go through the disclosure
policy (``core.disclosure``) on the day each was published: no name of a person who did not
consent. Dates are the publishing dates. Constant queries per topic, whatever the number."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import Event
from activities.selectors.events import public_events
from core.disclosure import Disclosure
from core.formats import long_date, long_datetime
from core.models import AuditEvent
from councils.models import Council
from hearings.selectors import public as hearings_public
from meetings.models import MeetingStatus
from meetings.selectors.plan import public_meetings
from reports.selectors.published import published_reports

#: Newest items in a feed.
FEED_LIMIT = 30


@dataclass(frozen=True)
class Topic:
    slug: str        # in the feed's address: /<council>/feeds/<slug>.xml
    key: str         # the subscription's field (notifications.CitizenSubscription.TOPICS)
    label: object    # lazy: "Referater"
    page: str        # the public page the feed mirrors (URL name)


TOPICS: dict[str, Topic] = {t.slug: t for t in (
    Topic("referater", "minutes", gettext_lazy("Referater"), "public:meetings"),
    Topic("hoeringssvar", "responses", gettext_lazy("Høringssvar"), "public:responses"),
    Topic("aarsberetninger", "reports", gettext_lazy("Årsberetninger"), "public:reports"),
    Topic("arrangementer", "events", gettext_lazy("Arrangementer"), "public:events"),
)}
BY_KEY: dict[str, Topic] = {t.key: t for t in TOPICS.values()}


@dataclass(frozen=True)
class FeedItem:
    topic: str               # Topic.key
    title: str
    summary: str
    path: str                # the public page, site-relative
    published: dt.datetime   # when it became public


def topics() -> list[Topic]:
    return list(TOPICS.values())


def topic_get(slug: str) -> Topic | None:
    return TOPICS.get(slug)


def _window(qs, field: str, since: dt.datetime | None, until: dt.datetime | None):
    if since is not None:
        qs = qs.filter(**{f"{field}__gt": since})
    if until is not None:
        qs = qs.filter(**{f"{field}__lte": until})
    return qs


def _minutes(council: Council, disclosure: Disclosure, since, until, limit: int) -> list[FeedItem]:
    meetings = _window(public_meetings(council=council).filter(status=MeetingStatus.MINUTES_PUBLISHED,
                                                               minutes_published_at__isnull=False),
                       "minutes_published_at", since, until).order_by("-minutes_published_at", "-pk")[:limit]
    items = []
    for meeting in meetings:
        day = timezone.localtime(meeting.starts_at).date()
        title = disclosure.at(day).text(meeting.display_title)
        items.append(FeedItem(
            topic="minutes", title=_("Referat: %(title)s den %(date)s") % {"title": title, "date": long_date(day)},
            summary=_("Referatet fra mødet den %(date)s er lagt på rådets side.") % {"date": long_date(day)},
            path=reverse("public:meeting", args=[council.slug, meeting.pk]),
            published=meeting.minutes_published_at))
    return items


def _responses(council: Council, disclosure: Disclosure, since, until, limit: int) -> list[FeedItem]:
    items = []
    responses = _window(hearings_public.public_responses(council), "sent_at", since, until)[:limit]
    for consultation in responses:
        sent = timezone.localtime(consultation.sent_at)
        text = disclosure.at(sent.date()).text
        items.append(FeedItem(
            topic="responses", title=_("Høringssvar: %(title)s") % {"title": text(consultation.title)},
            summary=_("Rådets høringssvar til %(recipient)s, sendt den %(date)s.") % {
                "recipient": text(hearings_public.response_recipient(consultation)), "date": long_date(sent)},
            path=reverse("public:response", args=[council.slug, consultation.pk]),
            published=consultation.sent_at))
    letters = _window(hearings_public.public_comment_letters(council), "sent_at", since, until)[:limit]
    for letter in letters:
        sent = timezone.localtime(letter.sent_at)
        items.append(FeedItem(
            topic="responses", title=hearings_public.comment_letter_title(letter),
            summary=_("Rådets kommentarer til %(recipient)s, sendt den %(date)s.") % {
                "recipient": disclosure.at(sent.date()).text(hearings_public.comment_letter_recipient(letter)),
                "date": long_date(sent)},
            path=reverse("public:comment_letter", args=[council.slug, letter.pk]),
            published=letter.sent_at))
    return items


def _reports(council: Council, disclosure: Disclosure, since, until, limit: int) -> list[FeedItem]:
    items = []
    for found in published_reports(council=council):
        report = found.report
        published = report.published_at
        if published is None or (since is not None and published <= since) or (until is not None and published > until):
            continue
        items.append(FeedItem(
            topic="reports", title=disclosure.at(report.period_end).text(report.title),
            summary=_("Rådets årsberetning for %(year)s er offentliggjort.") % {"year": report.year},
            path=reverse("public:report", args=[council.slug, report.year]),
            published=published))
    return items[:limit]


def _made_public_at(events: list[Event]) -> dict[int, dt.datetime]:
    """When each event was last made public after it was created (the events part records it in
    the audit log, "activities.event.published"; the event has no field for it). One query."""
    if not events:
        return {}
    rows = (AuditEvent.objects.filter(action="activities.event.published", object_type="activities.event",
                                      object_id__in=[str(e.pk) for e in events])
            .values("object_id").annotate(last=Max("created_at")))
    return {int(row["object_id"]): row["last"] for row in rows}


def _events(council: Council, disclosure: Disclosure, since, until, limit: int) -> list[FeedItem]:
    """Upcoming public events (a past event is no news), dated when they became public: created
    public, or made public later."""
    events = public_events(council=council, start=timezone.localdate())
    made_public = _made_public_at(events)
    items = []
    for event in events:
        published = max(event.created_at, made_public.get(event.pk, event.created_at))
        if (since is not None and published <= since) or (until is not None and published > until):
            continue
        starts = timezone.localtime(event.starts_at)
        text = disclosure.at(starts.date()).text
        where = text(event.place)
        items.append(FeedItem(
            topic="events", title=_("%(title)s den %(date)s") % {"title": text(event.title), "date": long_date(starts)},
            summary=(_("%(kind)s %(when)s, %(where)s.") if where else _("%(kind)s %(when)s.")) % {
                "kind": event.get_kind_display(), "when": long_datetime(starts), "where": where},
            path=reverse("public:event", args=[council.slug, event.pk]), published=published))
    return items


_BUILDERS = {"minutes": _minutes, "responses": _responses, "reports": _reports, "events": _events}


def feed_items(*, council: Council, topic: str, since: dt.datetime | None = None, until: dt.datetime | None = None,
               limit: int = FEED_LIMIT, disclosure: Disclosure | None = None) -> list[FeedItem]:
    """The newest public items of one topic (``Topic.key``), newest first: those published after
    ``since`` and up to ``until`` when given. ``disclosure`` may be shared between topics."""
    disclosure = disclosure or Disclosure.for_council(council, on=timezone.localdate())
    items = _BUILDERS[topic](council, disclosure, since, until, limit)
    items.sort(key=lambda item: item.published, reverse=True)
    return items[:limit]
