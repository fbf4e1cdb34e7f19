"""Give action items closed before ``closed_on`` existed the day they were closed: the day of
the last audit event that changed their status, else the day they were created."""

from django.db import migrations
from django.utils import timezone


def fill_closed_on(apps, schema_editor):
    ActionItem = apps.get_model("meetings", "ActionItem")
    AuditEvent = apps.get_model("core", "AuditEvent")
    closed = list(ActionItem.objects.exclude(status="open").filter(closed_on__isnull=True))
    if not closed:
        return
    last_change = {}
    for object_id, created_at in (AuditEvent.objects.filter(action="meetings.action_item.status_updated",
                                                            object_id__in=[str(a.pk) for a in closed])
                                  .order_by("created_at").values_list("object_id", "created_at")):
        last_change[object_id] = created_at
    for action in closed:
        action.closed_on = timezone.localtime(last_change.get(str(action.pk), action.created_at)).date()
    ActionItem.objects.bulk_update(closed, ["closed_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("meetings", "0003_agenda_as_of_supplement_terms"),
    ]

    operations = [migrations.RunPython(fill_closed_on, migrations.RunPython.noop)]
