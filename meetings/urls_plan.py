"""URLs for the plan part of the meeting cycle (names in the "meetings" namespace)."""

urlpatterns: list = []
