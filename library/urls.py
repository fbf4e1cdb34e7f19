"""Internal pages of the library app (namespace "library"), mounted at <slug>/intern/bibliotek/."""

from django.urls import path

from library import views

app_name = "library"

urlpatterns = [
    path("", views.document_list, name="documents"),
    path("ny/", views.document_create, name="document_create"),
    path("<int:pk>/", views.document_detail, name="document"),
    path("<int:pk>/fil/", views.document_file, name="document_file"),
    path("<int:pk>/rediger/", views.document_edit, name="document_edit"),
    path("<int:pk>/slet/", views.document_delete, name="document_delete"),
]
