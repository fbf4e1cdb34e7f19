from django.core.management.base import BaseCommand

from councils.demo import seed_all


class Command(BaseCommand):
    help = "Load the demo councils albertslund, ishoej and gentofte with fictional people (idempotent)."

    def handle(self, *args, **options):
        created = seed_all()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo councils created: {', '.join(created)}"))
        else:
            self.stdout.write("Demo data already present; nothing changed.")
