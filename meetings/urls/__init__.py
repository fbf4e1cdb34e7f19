"""Internal meeting pages under /<council>/intern/moeder/. Each part of the cycle has its own
URL module; all names live in the "meetings" namespace."""

from django.urls import include, path

app_name = "meetings"

urlpatterns = [
    path("", include("meetings.urls.plan")),
    path("", include("meetings.urls.agenda")),
    path("", include("meetings.urls.attendance")),
    path("", include("meetings.urls.minutes")),
    path("", include("meetings.urls.easyread")),
]
