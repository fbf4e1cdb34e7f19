from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import demo
from notifications import periodic


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = _("Offentlige sider")

    def ready(self):
        from councils.hooks import register_dashboard_panel
        from public.panels import PANEL_TEMPLATE, new_messages_panel

        register_dashboard_panel(PANEL_TEMPLATE, new_messages_panel)
        periodic.register("public.services.messages.citizens_tell", report="citizens_told",
                          failure="Telling citizens what became of their messages failed; sending goes on")
        demo.register("public.demo.seed_demo", order=43)
        # The citizens' e-mail alerts read the public pages' items, so their job lives here,
        # above the outbox that runs it.
        periodic.register("public.alerts.alerts_send_job", report="citizen_alerts",
                          failure="Citizens' e-mail alerts failed; sending goes on")
