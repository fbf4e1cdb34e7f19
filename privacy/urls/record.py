"""Council-internal addresses of privacy's record pages (joined in privacy/urls/__init__.py)."""

from django.urls import URLPattern, path

from privacy.views import record as views

urlpatterns: list[URLPattern] = [
    path("fortegnelse/", views.record, name="record"),
]
