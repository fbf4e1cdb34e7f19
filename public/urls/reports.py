"""Public pages for the council's published annual reports (namespace "public")."""

from django.urls import path

from public.views import reports as views

urlpatterns = [
    path("<slug:council_slug>/aarsberetninger/", views.reports, name="reports"),
    path("<slug:council_slug>/aarsberetninger/<int:year>/", views.report, name="report"),
    path("<slug:council_slug>/aarsberetninger/<int:year>/pdf/", views.report_pdf, name="report_pdf"),
]
