"""Test URLconf: the project's URLs plus the public attachment route that the public site is
to mount (public/urls/meetings.py: "<slug>/moeder/<pk>/bilag/<attachment_pk>/")."""

from django.urls import path

from config.urls import urlpatterns as project_urlpatterns
from meetings.views.agenda import public_attachment

urlpatterns = [
    path("<slug:council_slug>/moeder/<int:pk>/bilag/<int:attachment_pk>/", public_attachment,
         name="public_attachment"),
    *project_urlpatterns,
]
