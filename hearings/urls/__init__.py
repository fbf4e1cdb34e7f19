"""Internal pages of the hearings app under /<council>/intern/ (namespace "hearings"). Each part
has its own URL module."""

from django.urls import include, path

app_name = "hearings"

urlpatterns = [
    path("udvalg/", include("hearings.urls.committees")),
    path("udvalg/import/", include("hearings.urls.imports")),
    path("hoeringer/", include("hearings.urls.consultations")),
    path("frister/", include("hearings.urls.deadlines")),
]
