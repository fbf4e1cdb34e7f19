"""URLs for the minutes part of the meeting cycle (names in the "meetings" namespace)."""

from django.urls import path

from meetings.views import minutes as views

urlpatterns = [
    path("<int:pk>/referat/", views.minutes, name="minutes"),
    path("<int:pk>/referat/laes/", views.read, name="minutes_read"),
    path("<int:pk>/referat/beslutningsdygtighed/", views.quorum, name="minutes_quorum"),
    path("<int:pk>/referat/fremmoede/", views.attendance, name="minutes_attendance"),
    path("<int:pk>/referat/gaest/", views.guest, name="minutes_guest"),
    path("<int:pk>/referat/indledning/", views.intro, name="minutes_intro"),
    path("<int:pk>/referat/afholdt/", views.mark_held, name="minutes_mark_held"),
    path("<int:pk>/referat/punkter/<int:item_pk>/", views.item_minutes, name="minutes_item"),
    path("<int:pk>/referat/punkter/<int:item_pk>/inhabilitet/", views.conflict, name="minutes_conflict"),
    path("<int:pk>/referat/punkter/<int:item_pk>/inhabilitet/<int:conflict_pk>/fjern/", views.conflict_withdraw,
         name="minutes_conflict_withdraw"),
    path("<int:pk>/referat/punkter/<int:item_pk>/afstemning/", views.vote, name="minutes_vote"),
    path("<int:pk>/referat/punkter/<int:item_pk>/afstemning/<int:vote_pk>/slet/", views.vote_delete,
         name="minutes_vote_delete"),
    path("<int:pk>/referat/punkter/<int:item_pk>/opgaver/", views.action_create, name="minutes_action"),
    path("<int:pk>/referat/opgaver/<int:action_pk>/status/", views.action_status, name="minutes_action_status"),
    path("<int:pk>/referat/valg/", views.election, name="minutes_election"),
    path("<int:pk>/referat/godkend-forrige/", views.approve_previous, name="minutes_approve_previous"),
    path("<int:pk>/referat/skriftlig-godkendelse/", views.request_approval, name="minutes_request_approval"),
    path("<int:pk>/referat/godkend/", views.approve, name="minutes_approve"),
    path("<int:pk>/referat/offentliggoer/", views.publish, name="minutes_publish"),
    path("<int:pk>/dagsorden.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("<int:pk>/referat.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/dagsorden.docx", views.agenda_docx, name="agenda_docx"),
    path("<int:pk>/referat.docx", views.minutes_docx, name="minutes_docx"),
]
