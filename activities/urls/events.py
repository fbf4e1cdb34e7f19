"""URLs for events (names in the "activities" namespace), mounted at arrangementer/."""

from django.urls import path

from activities.views import events as views

urlpatterns = [
    path("", views.event_list, name="events"),
    path("nyt/", views.event_create, name="event_create"),
    path("<int:pk>/", views.event_detail, name="event"),
    path("<int:pk>/rediger/", views.event_edit, name="event_edit"),
    path("<int:pk>/tilmeld/", views.event_signup, name="event_signup"),
    path("<int:pk>/afmeld/", views.event_cancel, name="event_cancel"),
    path("<int:pk>/fremmoede/", views.event_attendance, name="event_attendance"),
    path("<int:pk>/tilbagemelding/", views.event_report, name="event_report"),
    path("<int:pk>/offentlig/", views.event_publish, name="event_publish"),
    path("<int:pk>/deltagerliste.pdf", views.event_citizens_pdf, name="event_citizens_pdf"),
    path("<int:pk>/borgere-moedt/", views.event_citizens_attended, name="event_citizens_attended"),
]
