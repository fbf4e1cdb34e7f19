"""Feeds, the "Abonnér" page and the citizens' e-mail alerts (namespace "public")."""

from django.urls import path

from public.views import feeds as views

urlpatterns = [
    path("<slug:council_slug>/feeds/<slug:topic>.xml", views.atom_feed, name="feed"),
    path("<slug:council_slug>/feeds/<slug:topic>.rss", views.rss_feed, name="feed_rss"),
    path("<slug:council_slug>/abonner/", views.subscribe, name="subscribe"),
    path("<slug:council_slug>/abonner/tjek-din-mail/", views.subscribe_sent, name="subscribe_sent"),
    path("<slug:council_slug>/abonner/bekraeft/<str:token>/", views.subscribe_confirm, name="subscribe_confirm"),
    path("<slug:council_slug>/abonner/afmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
