"""URLs for importing committee meetings and agenda items (names in the "hearings" namespace),
mounted at ``udvalg/import/``."""

from django.urls import path

from hearings.views import imports as views

urlpatterns = [
    path("", views.import_upload, name="import"),
]
