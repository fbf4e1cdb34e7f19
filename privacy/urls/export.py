"""Council-internal addresses of privacy's export pages (joined in privacy/urls/__init__.py)."""

from django.urls import URLPattern, path

from privacy.views import export as views

urlpatterns: list[URLPattern] = [
    path("indsigt/<int:pk>/", views.export, name="export"),
]
