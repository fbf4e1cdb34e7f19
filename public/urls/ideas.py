"""Public page where citizens send the council ideas: "Hvad skal rådet arbejde med?" (namespace "public")."""

from django.urls import path

from public.views import ideas as views

urlpatterns = [
    path("<slug:council_slug>/ideer/", views.idea_form, name="ideas"),
    path("<slug:council_slug>/ideer/tak/", views.idea_thanks, name="idea_thanks"),
]
