from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Møder")

    def ready(self):
        from councils.followups import register_rules_followup
        from meetings.selectors.attendance import rules_followups

        register_rules_followup(rules_followups)
