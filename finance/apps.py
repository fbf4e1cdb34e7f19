from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Budget og diæter")

    def ready(self):
        from finance.agenda import economy_text
        from meetings.models import StandardItem
        from meetings.standard_texts import register

        register(StandardItem.ECONOMY, economy_text)
