"""Internal pages of the activities app under /<council>/intern/ (namespace "activities"): the
idea catalogue and themes, working groups, events. Each part has its own URL module."""

from django.urls import include, path

app_name = "activities"

urlpatterns = [
    path("", include("activities.urls.ideas")),
    path("arbejdsgrupper/", include("activities.urls.groups")),
    path("arrangementer/", include("activities.urls.events")),
]
