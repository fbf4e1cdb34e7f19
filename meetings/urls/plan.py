"""URLs for the plan part of the meeting cycle (names in the "meetings" namespace), under
/<council>/intern/moeder/."""

from django.urls import path

from meetings.views import plan

urlpatterns = [
    path("", plan.plan, name="plan"),
    path("kalender/", plan.plan_calendar, name="calendar"),
    path("aarshjul/", plan.year_generate, name="year_generate"),
    path("nyt/", plan.meeting_create, name="meeting_create"),
    path("<int:pk>/", plan.meeting, name="meeting"),
    path("<int:pk>/ret/", plan.meeting_edit, name="meeting_edit"),
    path("<int:pk>/aflys/", plan.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/moede.ics", plan.meeting_ics, name="meeting_ics"),
]
