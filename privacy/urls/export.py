"""Council-internal addresses of privacy's export pages (joined in privacy/urls/__init__.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
