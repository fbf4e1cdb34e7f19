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
        ("library", "0004_files_stored_file"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name="DocumentTag",
                fields=[
                    ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                    ("document", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to="library.document")),
                    ("tag", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to="library.tag")),
                ],
                options={"db_table": "library_document_tags", "unique_together": {("document", "tag")}},
            ),
            migrations.AlterField(
                model_name="document",
                name="tags",
                field=core.models.CouncilManyToManyField(blank=True, related_name='documents', through='library.DocumentTag', to='library.tag', verbose_name='emneord'),
            ),
            migrations.CreateModel(
                name="DocumentTheme",
                fields=[
                    ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                    ("document", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to="library.document")),
                    ("theme", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to="activities.theme")),
                ],
                options={"db_table": "library_document_themes", "unique_together": {("document", "theme")}},
            ),
            migrations.AlterField(
                model_name="document",
                name="themes",
                field=core.models.CouncilManyToManyField(blank=True, related_name='documents', through='library.DocumentTheme', to='activities.theme', verbose_name='temaer'),
            ),
        ]),
        migrations.AddField(
            model_name="documenttag",
            name="council",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="councils.council", verbose_name="råd"),
        ),
        migrations.RunPython(council_from("library", "DocumentTag", "document", "library", "Document"), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="documenttag",
            name="council",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="councils.council", verbose_name="råd"),
        ),
        migrations.AlterUniqueTogether(name="documenttag", unique_together=set()),
        migrations.AddConstraint(
            model_name="documenttag",
            constraint=models.UniqueConstraint(fields=("council", "document", "tag"), name="unique_document_tag"),
        ),
        migrations.AddField(
            model_name="documenttheme",
            name="council",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="councils.council", verbose_name="råd"),
        ),
        migrations.RunPython(council_from("library", "DocumentTheme", "document", "library", "Document"), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="documenttheme",
            name="council",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="councils.council", verbose_name="råd"),
        ),
        migrations.AlterUniqueTogether(name="documenttheme", unique_together=set()),
        migrations.AddConstraint(
            model_name="documenttheme",
            constraint=models.UniqueConstraint(fields=("council", "document", "theme"), name="unique_document_theme"),
        ),
    ]
