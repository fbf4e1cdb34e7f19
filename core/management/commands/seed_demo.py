from django.core.management.base import BaseCommand

from core.demo import seed_all


class Command(BaseCommand):
    help = "Load the demo councils albertslund, ishoej and gentofte with fictional people (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        added: list[str] = []
        created = seed_all(added=added)
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo councils created: {', '.join(created)}"))
        if added:
            self.stdout.write(self.style.SUCCESS(f"Demo data added: {', '.join(added)}"))
        if not created and not added:
            self.stdout.write("Demo data already present; nothing changed.")
