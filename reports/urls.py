"""Internal pages of the annual report (namespace "reports"), mounted at <slug>/intern/aarsberetning/."""

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="reports"),
    path("ny/", views.report_create, name="report_create"),
    path("generelt-afsnit/", views.boilerplate, name="boilerplate"),
    path("aar-for-aar/", views.years, name="years"),
    path("<int:pk>/", views.report_detail, name="report"),
    path("<int:pk>/oplysninger/", views.report_settings, name="report_settings"),
    path("<int:pk>/dagsorden/", views.report_agenda, name="report_agenda"),
    path("<int:pk>/godkend/", views.report_approve, name="report_approve"),
    path("<int:pk>/send/", views.report_send, name="report_send"),
    path("<int:pk>/offentliggoer/", views.report_publish, name="report_publish"),
    path("<int:pk>/letlaest/", views.easy_read, name="easy_read"),
    path("<int:pk>/letlaest/offentliggoer/", views.easy_read_publish, name="easy_read_publish"),
    path("<int:pk>/beretning.pdf", views.report_file, {"fmt": "pdf"}, name="report_pdf"),
    path("<int:pk>/beretning.docx", views.report_file, {"fmt": "docx"}, name="report_docx"),
    path("<int:pk>/afsnit/nyt/", views.section_add, name="section_add"),
    path("<int:pk>/afsnit/<int:section_pk>/", views.section_edit, name="section_edit"),
    path("<int:pk>/afsnit/<int:section_pk>/opdater/", views.section_refresh, name="section_refresh"),
    path("<int:pk>/afsnit/<int:section_pk>/flyt/", views.section_move, name="section_move"),
    path("<int:pk>/afsnit/<int:section_pk>/medtag/", views.section_include, name="section_include"),
    path("<int:pk>/afsnit/<int:section_pk>/slet/", views.section_delete, name="section_delete"),
]
