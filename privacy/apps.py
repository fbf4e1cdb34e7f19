from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data and trust: the record of processing, access exports, erasure, retention and
    the audit pages. It sits at the top beside ``public`` because it reads every app's data about
    a person; nothing imports it."""

    name = "privacy"
    verbose_name = _("Persondata og log")
