from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import demo, roster


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = _("Råd og medlemmer")

    def ready(self):
        from councils import selectors

        # core decides tenancy, permissions and disclosure from the roster without importing councils.
        roster.register(roster.RosterSource(
            council_get_active=selectors.council_get_active,
            roles_from_roster=selectors.roles_from_roster,
            person_ids_for_user=selectors.person_ids_for_user,
            councils_for_user=selectors.councils_for_user,
            disclosure_facts=selectors.disclosure_facts,
        ))
        demo.register("councils.demo.seed_demo", order=10)
