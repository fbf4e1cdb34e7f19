"""Council-internal addresses of privacy's audit pages (joined in privacy/urls/__init__.py)."""

from django.urls import URLPattern, path

from privacy.views import audit as views

urlpatterns: list[URLPattern] = [
    path("log/", views.log, name="audit_log"),
    path("log/platform/", views.site_log, name="audit_site"),
    path("historik/moeder/<int:pk>/", views.minutes_history, name="minutes_history"),
    path("historik/hoeringer/<int:pk>/", views.consultation_history, name="consultation_history"),
    path("historik/personer/<int:pk>/", views.person_history, name="person_history"),
]
