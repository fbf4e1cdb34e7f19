from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from notifications import periodic


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Udsendelser")

    def ready(self):
        from accounts import codelogin
        from notifications import login_codes

        codelogin.register(login_codes.DIRECTORY)  # login by one-time code: who, and the way out
        periodic.register("notifications.services.subscriptions_expire_job", report="expired_subscriptions",
                          failure="Expiring unconfirmed subscriptions failed; sending goes on")
