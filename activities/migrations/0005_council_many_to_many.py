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
        ("activities", "0004_step9_reach"),
        ("councils", "0014_public_generation"),
        ("hearings", "0003_files_stored_file"),
        ("meetings", "0007_step9_reach"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name="ThemeAgendaItem",
                fields=[
                    ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                    ("theme", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to="activities.theme")),
                    ("agendaitem", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to="meetings.agendaitem")),
                ],
                options={"db_table": "activities_theme_agenda_items", "unique_together": {("theme", "agendaitem")}},
            ),
            migrations.AlterField(
                model_name="theme",
                name="agenda_items",
                field=core.models.CouncilManyToManyField(blank=True, related_name='themes', through='activities.ThemeAgendaItem', to='meetings.agendaitem'),
            ),
            migrations.CreateModel(
                name="ThemeConsultation",
                fields=[
                    ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                    ("theme", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to="activities.theme")),
                    ("consultation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to="hearings.consultation")),
                ],
                options={"db_table": "activities_theme_consultations", "unique_together": {("theme", "consultation")}},
            ),
            migrations.AlterField(
                model_name="theme",
                name="consultations",
                field=core.models.CouncilManyToManyField(blank=True, related_name='themes', through='activities.ThemeConsultation', to='hearings.consultation'),
            ),
            migrations.CreateModel(
                name="ThemeEvent",
                fields=[
                    ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                    ("theme", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to="activities.theme")),
                    ("event", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to="activities.event")),
                ],
                options={"db_table": "activities_theme_events", "unique_together": {("theme", "event")}},
            ),
            migrations.AlterField(
                model_name="theme",
                name="events",
                field=core.models.CouncilManyToManyField(blank=True, related_name='themes', through='activities.ThemeEvent', to='activities.event'),
            ),
            migrations.CreateModel(
                name="WorkingGroupMember",
                fields=[
                    ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                    ("workinggroup", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to="activities.workinggroup")),
                    ("person", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to="councils.person")),
                ],
                options={"db_table": "activities_workinggroup_members", "unique_together": {("workinggroup", "person")}},
            ),
            migrations.AlterField(
                model_name="workinggroup",
                name="members",
                field=core.models.CouncilManyToManyField(blank=True, related_name='working_groups', through='activities.WorkingGroupMember', to='councils.person', verbose_name='medlemmer'),
            ),
            migrations.CreateModel(
                name="GroupTaskOwner",
                fields=[
                    ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                    ("grouptask", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to="activities.grouptask")),
                    ("person", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to="councils.person")),
                ],
                options={"db_table": "activities_grouptask_owners", "unique_together": {("grouptask", "person")}},
            ),
            migrations.AlterField(
                model_name="grouptask",
                name="owners",
                field=core.models.CouncilManyToManyField(blank=True, related_name='group_tasks', through='activities.GroupTaskOwner', to='councils.person', verbose_name='tovholdere'),
            ),
        ]),
        migrations.AddField(
            model_name="themeagendaitem",
            name="council",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="councils.council", verbose_name="råd"),
        ),
        migrations.RunPython(council_from("activities", "ThemeAgendaItem", "theme", "activities", "Theme"), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="themeagendaitem",
            name="council",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="councils.council", verbose_name="råd"),
        ),
        migrations.AlterUniqueTogether(name="themeagendaitem", unique_together=set()),
        migrations.AddConstraint(
            model_name="themeagendaitem",
            constraint=models.UniqueConstraint(fields=("council", "theme", "agendaitem"), name="unique_theme_agenda_item"),
        ),
        migrations.AddField(
            model_name="themeconsultation",
            name="council",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="councils.council", verbose_name="råd"),
        ),
        migrations.RunPython(council_from("activities", "ThemeConsultation", "theme", "activities", "Theme"), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="themeconsultation",
            name="council",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="councils.council", verbose_name="råd"),
        ),
        migrations.AlterUniqueTogether(name="themeconsultation", unique_together=set()),
        migrations.AddConstraint(
            model_name="themeconsultation",
            constraint=models.UniqueConstraint(fields=("council", "theme", "consultation"), name="unique_theme_consultation"),
        ),
        migrations.AddField(
            model_name="themeevent",
            name="council",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="councils.council", verbose_name="råd"),
        ),
        migrations.RunPython(council_from("activities", "ThemeEvent", "theme", "activities", "Theme"), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="themeevent",
            name="council",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="councils.council", verbose_name="råd"),
        ),
        migrations.AlterUniqueTogether(name="themeevent", unique_together=set()),
        migrations.AddConstraint(
            model_name="themeevent",
            constraint=models.UniqueConstraint(fields=("council", "theme", "event"), name="unique_theme_event"),
        ),
        migrations.AddField(
            model_name="workinggroupmember",
            name="council",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="councils.council", verbose_name="råd"),
        ),
        migrations.RunPython(council_from("activities", "WorkingGroupMember", "workinggroup", "activities", "WorkingGroup"), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="workinggroupmember",
            name="council",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="councils.council", verbose_name="råd"),
        ),
        migrations.AlterUniqueTogether(name="workinggroupmember", unique_together=set()),
        migrations.AddConstraint(
            model_name="workinggroupmember",
            constraint=models.UniqueConstraint(fields=("council", "workinggroup", "person"), name="unique_working_group_member"),
        ),
        migrations.AddField(
            model_name="grouptaskowner",
            name="council",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="councils.council", verbose_name="råd"),
        ),
        migrations.RunPython(council_from("activities", "GroupTaskOwner", "grouptask", "activities", "GroupTask"), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="grouptaskowner",
            name="council",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="councils.council", verbose_name="råd"),
        ),
        migrations.AlterUniqueTogether(name="grouptaskowner", unique_together=set()),
        migrations.AddConstraint(
            model_name="grouptaskowner",
            constraint=models.UniqueConstraint(fields=("council", "grouptask", "person"), name="unique_group_task_owner"),
        ),
    ]
