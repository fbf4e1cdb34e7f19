"""Internal pages of personal data and the audit log (namespace "privacy"), mounted at
``<slug>/intern/persondata/``. Each part keeps its own list so the parts grow independently."""

from privacy.urls import audit, erasure, export, record, retention

app_name = "privacy"

urlpatterns = [*record.urlpatterns, *export.urlpatterns, *erasure.urlpatterns, *retention.urlpatterns,
               *audit.urlpatterns]
