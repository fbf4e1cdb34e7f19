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
        ("hearings", "0003_files_stored_file"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name="CommitteeFollowMember",
                fields=[
                    ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                    ("committeefollow", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to="hearings.committeefollow")),
                    ("person", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to="councils.person")),
                ],
                options={"db_table": "hearings_committeefollow_members", "unique_together": {("committeefollow", "person")}},
            ),
            migrations.AlterField(
                model_name="committeefollow",
                name="members",
                field=core.models.CouncilManyToManyField(blank=True, related_name='committee_groups', through='hearings.CommitteeFollowMember', to='councils.person', verbose_name='arbejdsgruppe'),
            ),
            migrations.CreateModel(
                name="ConsultationOwner",
                fields=[
                    ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                    ("consultation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to="hearings.consultation")),
                    ("person", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to="councils.person")),
                ],
                options={"db_table": "hearings_consultation_owners", "unique_together": {("consultation", "person")}},
            ),
            migrations.AlterField(
                model_name="consultation",
                name="owners",
                field=core.models.CouncilManyToManyField(blank=True, related_name='consultations', through='hearings.ConsultationOwner', to='councils.person', verbose_name='tovholdere'),
            ),
        ]),
        migrations.AddField(
            model_name="committeefollowmember",
            name="council",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="councils.council", verbose_name="råd"),
        ),
        migrations.RunPython(council_from("hearings", "CommitteeFollowMember", "committeefollow", "hearings", "CommitteeFollow"), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="committeefollowmember",
            name="council",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="councils.council", verbose_name="råd"),
        ),
        migrations.AlterUniqueTogether(name="committeefollowmember", unique_together=set()),
        migrations.AddConstraint(
            model_name="committeefollowmember",
            constraint=models.UniqueConstraint(fields=("council", "committeefollow", "person"), name="unique_committee_follow_member"),
        ),
        migrations.AddField(
            model_name="consultationowner",
            name="council",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="councils.council", verbose_name="råd"),
        ),
        migrations.RunPython(council_from("hearings", "ConsultationOwner", "consultation", "hearings", "Consultation"), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="consultationowner",
            name="council",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="councils.council", verbose_name="råd"),
        ),
        migrations.AlterUniqueTogether(name="consultationowner", unique_together=set()),
        migrations.AddConstraint(
            model_name="consultationowner",
            constraint=models.UniqueConstraint(fields=("council", "consultation", "person"), name="unique_consultation_owner"),
        ),
    ]
