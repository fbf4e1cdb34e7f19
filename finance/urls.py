"""Internal pages of the finance app (namespace "finance"), mounted at <slug>/intern/oekonomi/."""

from django.urls import path

from finance import views

app_name = "finance"

urlpatterns = [
    path("", views.status, name="status"),
    path("budget/", views.budget, name="budget"),
    path("udgifter/", views.expense_list, name="expenses"),
    path("udgifter/ny/", views.expense_create, name="expense_create"),
    path("udgifter/<int:pk>/", views.expense_detail, name="expense"),
    path("udgifter/<int:pk>/rediger/", views.expense_edit, name="expense_edit"),
    path("udgifter/<int:pk>/slet/", views.expense_delete, name="expense_delete"),
    path("udgifter/<int:pk>/kvittering/", views.receipt_add, name="receipt_add"),
    path("kvitteringer/<int:pk>/", views.receipt_download, name="receipt"),
    path("kvitteringer/<int:pk>/slet/", views.receipt_delete, name="receipt_delete"),
    path("diaeter/", views.per_diem, name="per_diem"),
    path("diaeter/csv/", views.per_diem_csv, name="per_diem_csv"),
    path("diaeter/xlsx/", views.per_diem_xlsx, name="per_diem_xlsx"),
    path("diaeter/bogfoer/", views.per_diem_record, name="per_diem_record"),
    path("diaeter/fravalg/", views.opt_out_add, name="opt_out_add"),
    path("diaeter/fravalg/afslut/", views.opt_out_end, name="opt_out_end"),
    path("mine-diaeter/", views.my_per_diem, name="my_per_diem"),
]
