from django.urls import path

from councils import views

app_name = "councils"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("kontaktliste/", views.directory, name="directory"),
    path("mine-paamindelser/", views.my_reminders, name="my_reminders"),
    path("mine-samtykker/", views.my_consents, name="my_consents"),
    path("medlemmer/", views.roster, name="roster"),
    path("medlemmer/aendringer/", views.roster_changes, name="roster_changes"),
    path("medlemmer/ny/", views.member_add, name="member_add"),
    path("personer/<int:pk>/", views.person_detail, name="person"),
    path("personer/<int:pk>/adgang/", views.person_grant_access, name="person_grant_access"),
    path("medlemskaber/<int:pk>/ret/", views.membership_edit, name="membership_edit"),
    path("medlemskaber/<int:pk>/afslut/", views.membership_end, name="membership_end"),
    path("medlemskaber/<int:pk>/udpeg/", views.membership_appoint, name="membership_appoint"),
    path("poster/ny/", views.position_assign, name="position_assign"),
    path("sammensaetning/", views.composition, name="composition"),
    path("regler/", views.rules, name="rules"),
    path("regler/forretningsorden/", views.rules_edit, name="rules_edit"),
    path("regler/kommissorium/", views.terms_of_reference_edit, name="terms_of_reference_edit"),
    path("valgperioder/", views.terms, name="terms"),
    path("valgperioder/ny/", views.term_create, name="term_create"),
    path("valgperioder/<int:term_pk>/pladser/ny/", views.seat_category_edit, name="seat_category_create"),
    path("valgperioder/<int:term_pk>/pladser/<int:pk>/", views.seat_category_edit, name="seat_category_edit"),
    path("organisationer/ny/", views.organisation_create, name="organisation_create"),
    path("rekruttering/", views.calls, name="calls"),
    path("rekruttering/nyt/", views.call_edit, name="call_create"),
    path("rekruttering/<int:pk>/", views.call_detail, name="call"),
    path("rekruttering/<int:pk>/ret/", views.call_edit, name="call_edit"),
    path("rekruttering/<int:call_pk>/kandidater/<int:pk>/", views.candidacy_review, name="candidacy_review"),
    path("rekruttering/<int:pk>/udpegning/", views.appointment_record, name="appointment_record"),
    path("laesbarhed/", views.readability, name="readability"),
    path("ord/", views.plain_words, name="plain_words"),
    path("ord/<int:pk>/slet/", views.plain_word_delete, name="plain_word_delete"),
]
