"""Council-internal addresses of privacy's retention pages (joined in privacy/urls/__init__.py)."""

from django.urls import URLPattern, path

from privacy.views import retention as views

urlpatterns: list[URLPattern] = [
    path("sletteregler/", views.retention_preview, name="retention_preview"),
]
