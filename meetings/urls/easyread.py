"""URLs for the easy-read minutes (names in the "meetings" namespace)."""

from django.urls import path

from meetings.views import easyread as views

urlpatterns = [
    path("<int:pk>/referat/letlaest/", views.edit, name="easy_read"),
    path("<int:pk>/referat/letlaest/offentliggoer/", views.publish, name="easy_read_publish"),
]
