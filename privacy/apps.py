from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data and trust: the record of processing, access exports, erasure, retention and
    the audit pages. It sits at the top beside ``public`` because it reads every app's data about
    a person; nothing imports it."""

    name = "privacy"
    verbose_name = _("Persondata og log")

    def ready(self):
        from notifications import periodic

        # The retention rules (privacy.retention) run among the outbox worker's periodic jobs.
        periodic.register("privacy.retention.retention_job", report="retention_deleted",
                          failure="The retention rules failed; sending goes on")
