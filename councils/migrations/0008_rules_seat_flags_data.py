"""Seat categories of the municipal board give no per diem and cannot be applied for; nor can the
employees' and the centre chief's seats of councils made from the Ishøj preset. Rules versions
with a minimum share of lived experience below the national recommendation get a reason that says
it was set before a reason was required."""

from django.db import migrations

ISHOEJ_STAFF_SEATS = ("Medarbejdere", "Centerchef")
REASON = "Fastsat, før Stemme krævede en begrundelse. Skriv rådets begrundelse i næste version."


def forwards(apps, schema_editor):
    SeatCategory = apps.get_model("councils", "SeatCategory")
    RulesOfProcedure = apps.get_model("councils", "RulesOfProcedure")
    SeatCategory.objects.filter(municipal_board=True).update(per_diem=False, open_to_applicants=False)
    SeatCategory.objects.filter(council__preset="ishoej2015", name__in=ISHOEJ_STAFF_SEATS).update(
        per_diem=False, open_to_applicants=False)
    RulesOfProcedure.objects.filter(lived_experience_min_percent__lt=33, lived_experience_min_reason="").update(
        lived_experience_min_reason=REASON)


class Migration(migrations.Migration):

    dependencies = [
        ("councils", "0007_rules_seat_flags_lived_reason"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
