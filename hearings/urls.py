"""Internal pages of the hearings app under /<council>/intern/ (namespace "hearings"). Each part
has its own URL module."""

from django.urls import include, path

app_name = "hearings"

urlpatterns = [
    path("udvalg/", include("hearings.urls_committees")),
    path("udvalg/import/", include("hearings.urls_imports")),
    path("hoeringer/", include("hearings.urls_consultations")),
    path("frister/", include("hearings.urls_deadlines")),
]
