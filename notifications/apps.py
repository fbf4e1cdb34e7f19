from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from notifications import periodic


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Udsendelser")

    def ready(self):
        periodic.register("notifications.services.subscriptions_expire_job", report="expired_subscriptions",
                          failure="Expiring unconfirmed subscriptions failed; sending goes on")
