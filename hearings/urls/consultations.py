"""URLs for consultations (names in the "hearings" namespace), mounted at hoeringer/."""

from django.urls import path

from hearings.views import consultations as views

urlpatterns = [
    path("", views.consultation_list, name="consultations"),
    path("ny/", views.consultation_create, name="consultation_create"),
    path("<int:pk>/", views.consultation_detail, name="consultation"),
    path("<int:pk>/rediger/", views.consultation_edit, name="consultation_edit"),
    path("<int:pk>/status/", views.consultation_status, name="consultation_status"),
    path("<int:pk>/materiale/", views.material_add, name="consultation_material_add"),
    path("<int:pk>/materiale/<int:material_pk>/", views.material_download, name="consultation_material"),
    path("<int:pk>/materiale/<int:material_pk>/slet/", views.material_delete, name="consultation_material_delete"),
    path("<int:pk>/udkast/", views.draft, name="consultation_draft"),
    path("<int:pk>/udkast/versioner/<int:version_pk>/", views.version_detail, name="consultation_version"),
    path("<int:pk>/kommentarer/", views.comment, name="consultation_comment"),
    path("<int:pk>/godkend/", views.approve, name="consultation_approve"),
    path("<int:pk>/dagsorden/", views.agenda, name="consultation_agenda"),
    path("<int:pk>/godkendt-paa-moedet/", views.meeting_approval, name="consultation_meeting_approval"),
    path("<int:pk>/send/", views.send, name="consultation_send"),
    path("<int:pk>/svar/pdf/", views.response_pdf, name="consultation_pdf"),
    path("<int:pk>/svar/word/", views.response_docx, name="consultation_docx"),
    path("<int:pk>/resultat/", views.outcome, name="consultation_outcome"),
    path("<int:pk>/partnere/", views.partners, name="consultation_partners"),
]
