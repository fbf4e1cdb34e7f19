"""URLs for working groups and a person's own tasks (names in the "activities" namespace),
mounted at arbejdsgrupper/. A group's id follows "arbejdsgrupper", a task's "gruppeopgaver"."""

from django.urls import path

from activities.views import groups as views

urlpatterns = [
    path("", views.group_list, name="groups"),
    path("ny/", views.group_create, name="group_create"),
    path("mine-opgaver/", views.my_tasks, name="my_tasks"),
    path("<int:pk>/", views.group_detail, name="group"),
    path("<int:pk>/rediger/", views.group_edit, name="group_edit"),
    path("<int:pk>/noter/", views.note_add, name="group_note_add"),
    path("<int:pk>/ny-opgave/", views.task_add, name="group_task_add"),
    path("gruppeopgaver/<int:pk>/udfoert/", views.task_done, name="group_task_done"),
]
