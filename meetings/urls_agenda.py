"""URLs for the agenda part of the meeting cycle (names in the "meetings" namespace)."""

urlpatterns: list = []
