"""Data written before substitutes' seats ended with their member's: end every personal
substitute whose member left before them, on the member's last day, and give nominations
without a nomination date their planned start as that date."""

from django.db import migrations
from django.db.models import F


def forwards(apps, schema_editor):
    Membership = apps.get_model("councils", "Membership")
    orphaned = (Membership.objects.filter(role="substitute", substitute_for__end__isnull=False)
                .exclude(end__lte=F("substitute_for__end")).select_related("substitute_for"))
    for substitute in orphaned:
        member_end = substitute.substitute_for.end
        substitute.end = max(member_end, substitute.start)
        substitute.end_reason = "term_ended" if substitute.substitute_for.end_reason == "term_ended" else "member_left"
        substitute.save(update_fields=["end", "end_reason"])
    Membership.objects.filter(status="nominated", nominated_on__isnull=True).update(nominated_on=F("start"))


class Migration(migrations.Migration):
    dependencies = [("councils", "0004_roster_nominated_on")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
