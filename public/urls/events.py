"""Public event pages and the events calendar feed (names in the "public" namespace). Included
in public/urls/__init__.py before the council's other public pages."""

from django.urls import path

from public.views import events as views

urlpatterns = [
    path("<slug:council_slug>/arrangementer/", views.events, name="events"),
    path("<slug:council_slug>/arrangementer.ics", views.events_ics, name="events_ics"),
    path("<slug:council_slug>/arrangementer/<int:pk>/", views.event, name="event"),
    path("<slug:council_slug>/arrangementer/<int:pk>/plakat.pdf", views.event_poster, name="event_poster"),
    path("<slug:council_slug>/arrangementer/<int:pk>/tak/<str:token>/", views.event_thanks, name="event_thanks"),
    path("<slug:council_slug>/arrangementer/afmeld/<str:token>/", views.event_cancel, name="event_cancel"),
]
