from django.core.management.base import BaseCommand

from councils.demo import DEMO_PASSWORD, DEMO_ROLES, DEMO_USERS


class Command(BaseCommand):
    help = "Print the demo logins."

    def handle(self, *args, **options):
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for key, (email, _name, _su) in DEMO_USERS.items():
            self.stdout.write(f"  {email:<34} {DEMO_ROLES[key]}")
