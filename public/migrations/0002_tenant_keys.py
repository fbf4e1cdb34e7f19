"""The composite tenant keys on PostgreSQL: UNIQUE (council_id, id) on every council-owned table
another one points at, and FOREIGN KEY (council_id, <fk>_id) REFERENCES parent (council_id, id)
for every key between two council-owned tables, built from the models at this point (core.citus).
The database then enforces that a row's council is its parent's. Nothing on SQLite. This
migration sits in the top app so it runs after every app's tables exist."""

from django.db import migrations

from core.citus import SyncTenantKeys


class Migration(migrations.Migration):

    dependencies = [
        ("activities", "0006_council_in_unique_constraints"),
        ("core", "0003_search_document"),
        ("councils", "0014_public_generation"),
        ("finance", "0003_files_stored_file"),
        ("hearings", "0005_council_in_unique_constraints"),
        ("library", "0005_council_many_to_many"),
        ("meetings", "0009_council_in_unique_constraints"),
        ("notifications", "0004_council_in_unique_constraints"),
        ("public", "0001_citizen_message"),
        ("reports", "0004_council_in_unique_constraints"),
    ]

    operations = [SyncTenantKeys(first=True)]
