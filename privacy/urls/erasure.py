"""Council-internal addresses of privacy's erasure pages (joined in privacy/urls/__init__.py)."""

from django.urls import URLPattern, path

from privacy.views import erasure as views

urlpatterns: list[URLPattern] = [
    path("anonymisering/", views.erasure_list, name="erasure_list"),
    path("anonymisering/<int:pk>/", views.erasure_confirm, name="erasure_confirm"),
]
