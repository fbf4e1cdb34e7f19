"""URLs for the minutes part of the meeting cycle (names in the "meetings" namespace)."""

urlpatterns: list = []
