"""URLs for the attendance part of the meeting cycle (names in the "meetings" namespace)."""

urlpatterns: list = []
