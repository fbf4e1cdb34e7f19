"""Public pages for the council's consultation responses and comment letters (namespace "public")."""

from django.urls import path

from public.views import hearings as views

urlpatterns = [
    path("<slug:council_slug>/hoeringssvar/", views.responses, name="responses"),
    path("<slug:council_slug>/hoeringssvar/<int:pk>/", views.response, name="response"),
    path("<slug:council_slug>/hoeringssvar/<int:pk>/pdf/", views.response_pdf, name="response_pdf"),
    path("<slug:council_slug>/kommentarbreve/<int:pk>/", views.comment_letter, name="comment_letter"),
    path("<slug:council_slug>/kommentarbreve/<int:pk>/pdf/", views.comment_letter_pdf, name="comment_letter_pdf"),
]
