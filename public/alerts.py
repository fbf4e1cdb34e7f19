"""The citizens' e-mail alerts: a periodic job of the outbox worker (registered in
``public.apps``) that, for each council with confirmed subscribers, finds what was published
since each subscriber's marker (``alerted_through``) and queues one digest per subscriber, then
advances every marker to the moment the run started.

"What is new" is the feeds' own read, ``public.selectors.feeds.feed_items``: an alert never says
more than the public pages and feeds do (disclosure policy, closed items by their switches).
Running twice sends nothing new; a new subscriber's marker starts at the confirmation, so there
is no back catalogue. Items are read up to the run's start (``until``), so one published during
the run waits for the next run instead of being lost or sent twice."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import links
from core.disclosure import Disclosure
from councils.models import Council
from notifications import selectors as subscriptions
from notifications.models import CitizenSubscription
from notifications.services import subscription_alert_enqueue, subscriptions_mark_alerted
from public.selectors.feeds import BY_KEY, FeedItem, feed_items

#: Items per topic in one digest; more are left for the council's pages (the digest says so).
ALERT_LIMIT = 20


def alerts_send(*, now: dt.datetime | None = None) -> int:
    """Queue the digests of every council; returns how many were queued."""
    now = now or timezone.now()
    return sum(council_alerts_send(council=council, now=now) for council in subscriptions.councils_with_subscribers())


def alerts_send_job() -> int:
    """The outbox worker's periodic job (no arguments)."""
    return alerts_send()


@transaction.atomic
def council_alerts_send(*, council: Council, now: dt.datetime) -> int:
    """One council's digests: one query per topic its subscribers follow, whatever their number."""
    found = subscriptions.confirmed_subscriptions(council=council)
    if not found:
        return 0
    since = min(_marker(s) for s in found)
    disclosure = Disclosure.for_council(council, on=timezone.localdate(now))
    followed = {topic for s in found for topic in s.topics if topic in BY_KEY}
    items = {topic: feed_items(council=council, topic=topic, since=since, until=now, limit=ALERT_LIMIT,
                               disclosure=disclosure) for topic in sorted(followed)}
    queued = 0
    for subscription in found:
        news = {topic: [i for i in items.get(topic, []) if i.published > _marker(subscription)]
                for topic in subscription.topics}
        news = {topic: found_items for topic, found_items in news.items() if found_items}
        if not news:
            continue
        subscription_alert_enqueue(council=council, subscription=subscription,
                                   subject=_("Nyt fra %(council)s") % {"council": council.name},
                                   body=digest_body(council=council, news=news))
        queued += 1
    subscriptions_mark_alerted(council=council, ids=[s.pk for s in found], through=now)
    return queued


def _marker(subscription: CitizenSubscription) -> dt.datetime:
    marker = subscription.alerted_through or subscription.confirmed_at
    assert marker is not None  # nosec B101  # confirmed subscriptions only
    return marker


def digest_body(*, council: Council, news: dict[str, list[FeedItem]]) -> str:
    """The digest's text: a short heading per topic, then each item's title, one plain sentence
    and its link (written relative to the site, made absolute when the mail leaves)."""
    parts = [_("Hej. %(council)s har lagt noget nyt ud:") % {"council": council.name}]
    for topic, found in news.items():
        lines = [str(BY_KEY[topic].label).upper()]
        for item in found:
            lines.append(f"\n{item.title}\n{item.summary}\n{links.message_url(item.path)}")
        if len(found) >= ALERT_LIMIT:
            lines.append("\n" + _("Der er mere på rådets side."))
        parts.append("\n".join(lines))
    return "\n\n".join(parts)
