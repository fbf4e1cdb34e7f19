"""URLs for the agenda part of the meeting cycle (names in the "meetings" namespace)."""

from django.urls import path

from meetings.views import agenda as views

urlpatterns = [
    path("<int:pk>/dagsorden/", views.agenda, name="agenda"),
    path("<int:pk>/dagsorden/laes/", views.agenda_read, name="agenda_read"),
    path("<int:pk>/dagsorden/foreslaa/", views.propose, name="propose"),
    path("<int:pk>/dagsorden/udsend/", views.agenda_publish, name="agenda_publish"),
    path("<int:pk>/dagsorden/supplerende/", views.supplement_send, name="supplement_send"),
    path("<int:pk>/valgperiode/", views.ended_term_decide, name="ended_term_decide"),
    path("<int:pk>/dagsorden/standardpunkter/", views.standard_items, name="standard_items"),
    path("<int:pk>/dagsorden/standardpunkter/opdater/", views.standard_items_refresh, name="standard_items_refresh"),
    path("<int:pk>/dagsorden/punkter/nyt/", views.item_create, name="item_create"),
    path("<int:pk>/dagsorden/punkter/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("<int:pk>/dagsorden/punkter/<int:item_pk>/slet/", views.item_delete, name="item_delete"),
    path("<int:pk>/dagsorden/punkter/<int:item_pk>/flyt/", views.item_move, name="item_move"),
    path("<int:pk>/dagsorden/punkter/<int:item_pk>/udsaet/", views.proposal_postpone, name="proposal_postpone"),
    path("<int:pk>/dagsorden/punkter/<int:item_pk>/bilag/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/dagsorden/forslag/<int:item_pk>/optag/", views.proposal_accept, name="proposal_accept"),
    path("<int:pk>/dagsorden/forslag/<int:item_pk>/afvis/", views.proposal_decline, name="proposal_decline"),
    path("<int:pk>/dagsorden/senere/<int:item_pk>/optag/", views.backlog_schedule, name="backlog_schedule"),
    path("<int:pk>/bilag/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/bilag/<int:attachment_pk>/slet/", views.attachment_delete, name="attachment_delete"),
]
