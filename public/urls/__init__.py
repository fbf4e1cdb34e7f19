from django.urls import include, path

from public.views import site as views

app_name = "public"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("tilgaengelighed/", views.accessibility, name="accessibility"),
    path("", include("public.urls.meetings")),
    path("", include("public.urls.easyread")),
    path("", include("public.urls.hearings")),
    path("", include("public.urls.ideas")),
    path("", include("public.urls.write")),
    path("", include("public.urls.reports")),
    path("", include("public.urls.events")),
    path("", include("public.urls.feeds")),
    path("", include("public.urls.search")),
    path("<slug:council_slug>/", views.council_home, name="council_home"),
    path("<slug:council_slug>/medlemmer/", views.members, name="members"),
    path("<slug:council_slug>/opslag/<int:pk>/", views.call, name="call"),
    path("<slug:council_slug>/opslag/<int:pk>/tak/", views.call_thanks, name="call_thanks"),
]
