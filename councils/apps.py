from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import demo, roster


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = _("Råd og medlemmer")

    def ready(self):
        from accounts import staff
        from councils import selectors, services

        # core decides tenancy, permissions and disclosure from the roster without importing councils.
        roster.register(roster.RosterSource(
            council_get_active=selectors.council_get_active,
            roles_from_roster=selectors.roles_from_roster,
            person_ids_for_user=selectors.person_ids_for_user,
            councils_for_user=selectors.councils_for_user,
            disclosure_facts=selectors.disclosure_facts,
        ))
        # accounts asks who is staff (the password switch, TOTP) and adds the municipality's login's
        # people to their municipality's staff, without importing councils.
        staff.register(staff.StaffDirectory(staff_roles=selectors.staff_roles_for_user,
                                            municipality_staff_add=services.municipality_staff_add))
        demo.register("councils.demo.seed_demo", order=10)
