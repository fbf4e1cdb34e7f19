"""Public meeting pages and calendar feeds (names in the "public" namespace). Included in
public/urls.py before the council's other public pages."""

from django.urls import path

from meetings.views.agenda import public_attachment
from public.views import meetings as views

urlpatterns = [
    path("<slug:council_slug>/moeder/", views.meetings, name="meetings"),
    path("<slug:council_slug>/moeder/<int:pk>/", views.meeting, name="meeting"),
    path("<slug:council_slug>/moeder/<int:pk>/moede.ics", views.meeting_ics, name="meeting_ics"),
    path("<slug:council_slug>/moeder/<int:pk>/dagsorden.pdf", views.agenda_pdf, name="meeting_agenda_pdf"),
    path("<slug:council_slug>/moeder/<int:pk>/referat.pdf", views.minutes_pdf, name="meeting_minutes_pdf"),
    # The agenda part's view: attachments of open items on a published agenda, else 404.
    path("<slug:council_slug>/moeder/<int:pk>/bilag/<int:attachment_pk>/", public_attachment,
         name="meeting_attachment"),
    path("<slug:council_slug>/moeder.ics", views.meetings_ics, name="meetings_ics"),
    path("<slug:council_slug>/kalender/<str:token>.ics", views.personal_calendar, name="personal_calendar"),
]
