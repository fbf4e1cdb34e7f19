"""The council's Atom and RSS feeds (Django's syndication framework): one per topic at
``/<council>/feeds/<topic>.xml`` (Atom) and ``.rss`` (RSS 2.0), with the same items. The items are
``public.selectors.feeds.feed_items``: what the public pages show, through the disclosure policy,
dated when each was published, with absolute links."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from core.links import absolute_url
from councils.models import Council
from public.selectors.feeds import FeedItem, Topic, feed_items, topic_get


@dataclass(frozen=True)
class FeedPage:
    council: Council
    topic: Topic
    request: HttpRequest
    items: list[FeedItem]


class TopicAtomFeed(Feed):
    """Called through ``core.tenancy.council_view``, which sets ``request.council``."""

    feed_type = Atom1Feed
    language = "da"

    def get_object(self, request: HttpRequest, topic: str) -> FeedPage:
        found = topic_get(topic)
        if found is None:
            raise Http404("No such feed")
        council = request.council  # type: ignore[attr-defined]  # set by council_view
        return FeedPage(council=council, topic=found, request=request,
                        items=feed_items(council=council, topic=found.key))

    def title(self, obj: FeedPage) -> str:
        return _("%(topic)s fra %(council)s") % {"topic": obj.topic.label, "council": obj.council.name}

    def subtitle(self, obj: FeedPage) -> str:
        return _("Nyt fra %(council)s i %(municipality)s Kommune.") % {
            "council": obj.council.name, "municipality": obj.council.municipality.name}

    description = subtitle  # RSS's name for it

    def link(self, obj: FeedPage) -> str:
        return absolute_url(reverse(obj.topic.page, args=[obj.council.slug]), obj.request)

    def feed_url(self, obj: FeedPage) -> str:
        return absolute_url(obj.request.path, obj.request)

    def author_name(self, obj: FeedPage) -> str:
        return obj.council.name

    def items(self, obj: FeedPage) -> list[FeedItem]:
        # Absolute links for feed readers: the request's own address (core.links).
        return [_Entry(item, absolute_url(item.path, obj.request)) for item in obj.items]

    def item_title(self, item: _Entry) -> str:
        return item.item.title

    def item_description(self, item: _Entry) -> str:
        return item.item.summary

    def item_link(self, item: _Entry) -> str:
        return item.url

    def item_guid(self, item: _Entry) -> str:
        return item.url

    def item_pubdate(self, item: _Entry):
        return item.item.published

    def item_updateddate(self, item: _Entry):
        return item.item.published


@dataclass(frozen=True)
class _Entry:
    item: FeedItem
    url: str


class TopicRssFeed(TopicAtomFeed):
    feed_type = Rss201rev2Feed
