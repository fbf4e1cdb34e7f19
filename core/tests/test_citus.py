"""Citus readiness (core.citus): every council-owned table carries council_id, every unique
constraint on it includes council_id, every key between two council-owned tables is a composite
tenant key; the exceptions are listed once; docs/scaling.md is what `manage.py citus_plan`
writes. On PostgreSQL the catalog is read: the composite keys exist and refuse a row whose
council differs from its parent's."""

import datetime as dt

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from core import citus
from core.management.commands import citus_plan

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's catalog")


def test_the_rule_finds_council_tables_and_leaves_the_shared_ones():
    owned = {m._meta.db_table for m in citus.council_owned(apps)}
    # Direct, through another council table, and a many-to-many table.
    assert {"councils_person", "meetings_ballot", "meetings_actionitem_owners", "library_document_tags",
            "activities_theme_events"} <= owned
    # The tenant, the municipality's shared tables, users.
    assert not owned & {"councils_council", "councils_municipality", "hearings_committee",
                        "hearings_committeemeeting", "hearings_committeeagendaitem", "accounts_user"}
    assert len(owned) >= 71


def test_every_violation_is_a_listed_exception_and_every_exception_still_applies():
    found = {key for key, _message in citus.problems(apps)}
    listed = [e.key for e in citus.EXEMPTIONS]
    assert len(listed) == len(set(listed))
    assert found - set(listed) == set(), "break the rule only with a reason in core.citus.EXEMPTIONS"
    assert set(listed) - found == set(), "a listed exception no longer occurs: remove it"
    for exemption in citus.EXEMPTIONS:
        assert exemption.reason.strip() and exemption.citus.strip()


def test_the_check_sees_what_breaks_the_rule(monkeypatch):
    """Without the exceptions the same check reports them: it is not vacuous."""
    monkeypatch.setattr(citus, "EXEMPTIONS", ())
    found = dict(citus.problems(apps))
    assert "unique:meetings.Attendance:short_code" in found
    assert "null:core.AuditEvent" in found
    # A cross-council key is no longer exempt, so it becomes a composite key.
    assert any(k.label == "hearings.ConsultationPartner.consultation" for k in citus.tenant_keys(apps)[1])


def test_many_to_many_tables_are_council_owned_models():
    for model in citus.council_owned(apps):
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            assert not through._meta.auto_created, f"{model._meta.label}.{field.name} needs a council-owned through"
            assert through._meta.get_field("council").column == "council_id"


def test_every_unique_rule_and_key_between_council_tables_includes_the_council():
    """The declarations, on any database (the exceptions aside)."""
    owned = {m._meta.label for m in citus.council_owned(apps)}
    _parents, keys = citus.tenant_keys(apps)
    labelled = {k.label for k in keys}
    for model in citus.council_owned(apps):
        label = model._meta.label
        if citus.exempt(f"null:{label}"):
            continue
        assert not model._meta.get_field("council").null, label
        for field in model._meta.local_concrete_fields:
            if field.is_relation and field.name != "council" and field.related_model._meta.label in owned:
                assert f"{label}.{field.name}" in labelled or citus.exempt(f"fk:{label}.{field.name}"), field


def test_docs_scaling_is_generated_from_the_models():
    assert citus_plan.TARGET.read_text(encoding="utf-8") == citus_plan.render(), (
        "docs/scaling.md is out of date: run `python manage.py citus_plan`")
    text = citus_plan.render()
    for model in citus.plan(apps).distributed:
        assert f"create_distributed_table('{model._meta.db_table}', 'council_id'" in text
    assert "SELECT create_reference_table('councils_council');" in text
    assert "ALTER TABLE meetings_ballot DROP CONSTRAINT meetings_ballot_pkey, ADD PRIMARY KEY (council_id, id);" in text


def test_a_link_row_takes_its_council_from_the_row_it_belongs_to(make_council, add_member):
    from activities.models import WorkingGroup, WorkingGroupMember

    council = make_council("linkraad")
    person = add_member(council, "Lone Holm").person
    group = WorkingGroup.objects.create(council=council, name="Årsberetning")
    group.members.set([person])
    assert list(WorkingGroupMember.objects.values_list("council_id", "person_id")) == [(council.pk, person.pk)]
    assert list(person.working_groups.all()) == [group]


# --- PostgreSQL: the catalog ------------------------------------------------------------------

def _constraints():
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT c.conname, t.relname, c.contype, p.relname,
                   ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i)
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
            LEFT JOIN pg_class p ON p.oid = c.confrelid
            WHERE t.relnamespace = 'public'::regnamespace""")
        return {name: (table, kind, parent, list(columns)) for name, table, kind, parent, columns in cursor.fetchall()}


@postgres_only
@pytest.mark.django_db
def test_the_database_has_every_composite_tenant_key_and_no_other():
    found = _constraints()
    parents, keys = citus.tenant_keys(apps)
    for table in parents:
        assert found[citus.unique_name(table)] == (table, "u", None, ["council_id", "id"])
    for key in keys:
        assert found[key.name] == (key.table, "f", key.parent, ["council_id", key.column]), key
    made = {name for name in found if name.startswith(citus.PREFIX)}
    assert made == {citus.unique_name(t) for t in parents} | {k.name for k in keys}
    assert len(keys) >= 90


@postgres_only
@pytest.mark.django_db
def test_the_plan_names_constraints_that_exist():
    """Every constraint docs/scaling.md drops is in the database under that name."""
    found = _constraints()
    for statement in citus.statements(apps):
        if "DROP CONSTRAINT" in statement:
            table = statement.split()[2]
            name = statement.split("DROP CONSTRAINT ")[1].split(",")[0].rstrip(";")
            assert found.get(name, (None,))[0] == table, statement


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_row_of_another_council(make_council, add_member):
    from meetings.models import Attendance, Meeting

    ours, theirs = make_council("voresraad"), make_council("deresraad")
    person = add_member(ours, "Lone Holm").person
    starts = dt.datetime(2026, 3, 1, 17, tzinfo=dt.UTC)
    meeting = Meeting.objects.create(council=ours, title="Rådsmøde", starts_at=starts,
                                     ends_at=starts + dt.timedelta(hours=2))
    Attendance.objects.create(council=ours, meeting=meeting, person=person)  # consistent: fine
    stranger = add_member(theirs, "Per Berg").person
    with pytest.raises(IntegrityError, match="tenant_fk_meetings_attendance_person_id"):
        with transaction.atomic():
            Attendance.objects.create(council=ours, meeting=meeting, person=stranger)
    with pytest.raises(IntegrityError, match="tenant_fk_meetings_attendance_meeting_id"):
        with transaction.atomic():
            Attendance.objects.create(council=theirs, meeting=meeting, person=stranger)
