"""Internal meeting pages under /<council>/intern/moeder/. Each part of the cycle has its own
URL module; all names live in the "meetings" namespace."""

from django.urls import include, path

app_name = "meetings"

urlpatterns = [
    path("", include("meetings.urls_plan")),
    path("", include("meetings.urls_agenda")),
    path("", include("meetings.urls_attendance")),
    path("", include("meetings.urls_minutes")),
]
