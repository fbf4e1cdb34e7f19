from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import demo


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = _("Bibliotek")

    def ready(self):
        demo.register("library.demo.seed_demo", order=42)
