"""Easy-read pages, posters, handouts and short links (namespace "public"). Included in
public/urls before the council's other public pages."""

from django.urls import path

from public.views import easyread as views

urlpatterns = [
    path("s/<str:code>/", views.short, name="short"),
    path("<slug:council_slug>/moeder/<int:pk>/letlaest/", views.meeting_easy, name="meeting_easy"),
    path("<slug:council_slug>/moeder/<int:pk>/letlaest/plakat.pdf", views.meeting_easy_poster,
         name="meeting_easy_poster"),
    path("<slug:council_slug>/moeder/<int:pk>/letlaest/folder.pdf", views.meeting_easy_handout,
         name="meeting_easy_handout"),
    path("<slug:council_slug>/moeder/<int:pk>/plakat.pdf", views.meeting_poster, name="meeting_poster"),
    path("<slug:council_slug>/aarsberetninger/<int:year>/letlaest/", views.report_easy, name="report_easy"),
    path("<slug:council_slug>/aarsberetninger/<int:year>/letlaest/folder.pdf", views.report_easy_handout,
         name="report_easy_handout"),
]
