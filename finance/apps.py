from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import demo


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Budget og diæter")

    def ready(self):
        from councils.hooks import register_council_created
        from finance.agenda import economy_text
        from finance.presets import budget_from_preset
        from meetings.models import StandardItem
        from meetings.standard_texts import register

        register(StandardItem.ECONOMY, economy_text)
        register_council_created(budget_from_preset)
        demo.register("finance.demo.seed_demo", order=41)
