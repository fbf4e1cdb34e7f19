"""Search pages (names in the "public" namespace). Included in public/urls.py before the
council's other public pages, so ``/soeg/`` is not read as a council's address."""

from django.urls import path

from public.views import search as views

urlpatterns = [
    path("soeg/", views.search_all, name="search_all"),
    path("<slug:council_slug>/soeg/", views.council_search, name="search"),
    path("<slug:council_slug>/intern/soeg/", views.internal_search, name="search_internal"),
]
