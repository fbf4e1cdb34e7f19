"""URLs for deadlines (names in the "hearings" namespace), under /<council>/intern/frister/."""

from django.urls import path

from hearings.views import deadlines

urlpatterns = [
    path("", deadlines.deadlines, name="deadlines"),
]
