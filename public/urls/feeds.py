"""Feeds, the "Abonnér" page and the citizens' e-mail alerts (namespace "public"). One address per
feed (``/<council>/feeds/referater.xml``, ``….rss``), not a topic parameter: the topics are fixed
(``public.selectors.feeds.TOPICS``), and an unknown one is simply not a page."""

from django.urls import path

from public.selectors.feeds import topics
from public.views import feeds as views

urlpatterns = [
    *[path(f"<slug:council_slug>/feeds/{topic.slug}.xml", views.atom_feed, {"topic": topic.slug}, name="feed")
      for topic in topics()],
    *[path(f"<slug:council_slug>/feeds/{topic.slug}.rss", views.rss_feed, {"topic": topic.slug}, name="feed_rss")
      for topic in topics()],
    path("<slug:council_slug>/abonner/", views.subscribe, name="subscribe"),
    path("<slug:council_slug>/abonner/tjek-din-mail/", views.subscribe_sent, name="subscribe_sent"),
    path("<slug:council_slug>/abonner/bekraeft/<str:token>/", views.subscribe_confirm, name="subscribe_confirm"),
    path("<slug:council_slug>/abonner/afmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
