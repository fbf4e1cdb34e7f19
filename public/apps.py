from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from notifications import periodic


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = _("Offentlige sider")

    def ready(self):
        # The citizens' e-mail alerts read the public pages' items, so their job lives here,
        # above the outbox that runs it.
        periodic.register("public.alerts.alerts_send_job", report="citizen_alerts",
                          failure="Citizens' e-mail alerts failed; sending goes on")
