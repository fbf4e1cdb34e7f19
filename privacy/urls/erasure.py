"""Council-internal addresses of privacy's erasure pages (joined in privacy/urls/__init__.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
