"""The outbox pages under /<council>/intern/udsendelser/."""

from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("breve.pdf", views.letters_pdf, name="letters_pdf"),
    path("breve/sendt/", views.mark_letters_sent, name="mark_letters_sent"),
    path("<int:pk>/sendt/", views.mark_sent, name="mark_sent"),
    path("<int:pk>/proev-igen/", views.retry, name="retry"),
    path("indbakke/", views.inbox, name="inbox"),
    path("indbakke/behandlet/", views.inbox_mark_handled, name="inbox_mark_handled"),
]
