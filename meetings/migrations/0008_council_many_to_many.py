"""The many-to-many tables become explicit council-owned models with a ``council`` column
(filled from the row they belong to), so every link row shards with what it links (core.citus).
The tables keep their names and columns; only ``council_id`` is added."""

import django.db.models.deletion
from django.db import migrations, models

import core.models


def council_from(app_label, through_name, source_field, source_app, source_model):
    """Fill each link row's council from the row on the link's owning side."""
    def forwards(apps, schema_editor):
        through = apps.get_model(app_label, through_name)
        source = apps.get_model(source_app, source_model)
        through.objects.update(council_id=models.Subquery(
            source.objects.filter(pk=models.OuterRef(f"{source_field}_id")).values("council_id")[:1]))
    return forwards


class Migration(migrations.Migration):

    dependencies = [
        ("councils", "0014_public_generation"),
        ("meetings", "0007_step9_reach"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name="ActionItemOwner",
                fields=[
                    ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                    ("actionitem", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to="meetings.actionitem")),
                    ("person", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to="councils.person")),
                ],
                options={"db_table": "meetings_actionitem_owners", "unique_together": {("actionitem", "person")}},
            ),
            migrations.AlterField(
                model_name="actionitem",
                name="owners",
                field=core.models.CouncilManyToManyField(related_name='action_items', through='meetings.ActionItemOwner', to='councils.person', verbose_name='tovholdere'),
            ),
        ]),
        migrations.AddField(
            model_name="actionitemowner",
            name="council",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="councils.council", verbose_name="råd"),
        ),
        migrations.RunPython(council_from("meetings", "ActionItemOwner", "actionitem", "meetings", "ActionItem"), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="actionitemowner",
            name="council",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="councils.council", verbose_name="råd"),
        ),
        migrations.AlterUniqueTogether(name="actionitemowner", unique_together=set()),
        migrations.AddConstraint(
            model_name="actionitemowner",
            constraint=models.UniqueConstraint(fields=("council", "actionitem", "person"), name="unique_action_item_owner"),
        ),
    ]
