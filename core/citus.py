"""Citus readiness: which tables belong to a council, and what distributing them on
``council_id`` needs. One module, read from the models (any app registry, also a migration's
historical one), used by the tenancy test, the migrations' composite keys and
``manage.py citus_plan`` (docs/scaling.md).

**The rule.** A table is *council-owned* when it has a foreign key to ``councils.Council`` (its
``council``) or to another council-owned table; many-to-many tables count like any table. A
path through ``councils.Municipality`` does not count: the municipality's tables (committees,
their meetings and agenda items) are shared by its councils. ``councils.Council`` itself is the
tenant and is a *reference table* (copied to every node): it is read by its slug on every request,
which a table distributed on ``id`` could not keep unique, and every distributed table's
``council_id`` then references it locally. Tables that council-owned or reference tables point at
are reference tables too (users, municipalities, committees, auth); the rest stay local tables
on the coordinator (sessions, login-attempt logs).

A council-owned table must have its own ``council_id`` (NOT NULL), every unique constraint on
it must include ``council_id``, and every foreign key to another council-owned table is
enforced as a composite key ``(council_id, <fk>_id) → parent (council_id, id)`` so a row's
council is its parent's, in the database (``SyncTenantKeys``, PostgreSQL only). What cannot
follow the rule is listed once, in ``EXEMPTIONS``, with the reason and how Citus serves it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.migrations.operations.base import Operation

COUNCIL = "councils.Council"
PREFIX = "tenant_"  # the name prefix of every constraint SyncTenantKeys creates
MAX_NAME = 63  # PostgreSQL's identifier length


@dataclass(frozen=True)
class Exemption:
    key: str  # as in problems(): "unique:<model>:<fields>", "fk:<model>.<field>", "null:<model>"
    reason: str
    citus: str  # how a distributed deployment serves it


EXEMPTIONS: tuple[Exemption, ...] = (
    Exemption(
        "unique:meetings.Attendance:short_code",
        "The letter's short code (/k/<code>/) is typed in from paper without a council in the address, "
        "so it is unique on the whole installation.",
        "A router table: `meetings_attendance_short_code (short_code PRIMARY KEY, council_id, attendance_id)` "
        "as a distributed table on `short_code` (written with the code, read first by /k/<code>/); the "
        "attendance's own unique constraint becomes `(council_id, short_code)`."),
    Exemption(
        "null:core.AuditEvent",
        "Platform-level events (log-ins, municipality and user administration) have no council.",
        "A local table on the coordinator (`citus_add_local_table_to_metadata`): an append-only log "
        "read by council and date, never joined with distributed tables."),
    Exemption(
        "null:notifications.InboundSms",
        "An SMS from an unknown number is kept without a council until the secretariat handles it; "
        "the provider's reference is unique among those (`notifications_inbound_once_without_council`).",
        "A local table on the coordinator (`citus_add_local_table_to_metadata`, a small table); its "
        "foreign keys to distributed tables (person, meeting, reply) are dropped and checked by "
        "`notifications.inbound`, which resolves them within the message's council."),
    Exemption(
        "unique:notifications.InboundSms:provider_ref",
        "The provider's reference of an SMS without a council is unique among those rows (a partial "
        "unique constraint, `council IS NULL`); with a council it is unique per council.",
        "Kept on the coordinator's local table with the rest of `notifications_inboundsms` (above)."),
    Exemption(
        "fk:hearings.ConsultationPartner.consultation",
        "A joint consultation response: the partner council's row (its `council`) points at the lead "
        "council's consultation.",
        "The single-column foreign key is dropped (Citus cannot enforce a key across shards); "
        "`hearings.services.partner_add` checks it. Reads by consultation touch the partners' shards."),
    Exemption(
        "fk:hearings.DraftComment.consultation",
        "In a joint response a partner council's people comment on the lead council's draft; the "
        "comment belongs to the commenting council.",
        "As ConsultationPartner: the key is dropped and `hearings.services.comment_add` checks the "
        "council is behind the response."),
    Exemption(
        "fk:hearings.ConsultationOwner.person",
        "In a joint response the tovholdere may be people of a partner council; the link row belongs "
        "to the lead council (the consultation's).",
        "The person key is dropped in a distributed deployment; `hearings.services.consultation_assign` "
        "checks each owner belongs to a council behind the response. The consultation key stays."),
)


# --- Reading the models -----------------------------------------------------------------------

def _models(apps: Any) -> list[type[models.Model]]:
    found = [m for m in apps.get_models(include_auto_created=True)
             if m._meta.managed and not m._meta.proxy and not m._meta.swapped]
    return sorted(found, key=lambda m: m._meta.db_table)


def _forward_keys(model: Any) -> list[Any]:
    return [f for f in model._meta.local_concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)]


def _council_field(model: Any) -> Any:
    for field in _forward_keys(model):
        if field.column == "council_id" and field.related_model._meta.label == COUNCIL:
            return field
    return None


def council_owned(apps: Any) -> list[type[models.Model]]:
    """Every council-owned model (see the module's rule), sorted by table."""
    owned: set[str] = set()
    changed = True
    everything = _models(apps)
    while changed:
        changed = False
        for model in everything:
            label = model._meta.label
            if label in owned or label == COUNCIL:
                continue
            if any(f.related_model._meta.label == COUNCIL or f.related_model._meta.label in owned
                   for f in _forward_keys(model)):
                owned.add(label)
                changed = True
    return [m for m in everything if m._meta.label in owned]


def _unique_sets(model: Any) -> list[tuple[str, tuple[str, ...]]]:
    """(description, field names) of every unique rule: unique fields (not the primary key),
    unique_together and UniqueConstraint."""
    opts = model._meta
    found: list[tuple[str, tuple[str, ...]]] = [
        (f.name, (f.name,)) for f in opts.local_concrete_fields if f.unique and not f.primary_key]
    found += [(",".join(t), tuple(t)) for t in opts.unique_together]
    for constraint in opts.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            fields = tuple(constraint.fields) or tuple(str(e) for e in constraint.expressions)
            found.append((",".join(fields), fields))
    return found


@dataclass(frozen=True)
class TenantKey:
    """A composite foreign key (council_id, column) → parent (council_id, id)."""

    table: str
    column: str
    parent: str
    label: str  # "app.Model.field"

    @property
    def name(self) -> str:
        return constraint_name("fk", self.table, self.column)


def constraint_name(kind: str, table: str, *columns: str) -> str:
    name = "_".join((PREFIX + kind, table, *columns))
    if len(name) <= MAX_NAME:
        return name
    digest = hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()[:8]
    return f"{name[:MAX_NAME - 9]}_{digest}"


def unique_name(table: str) -> str:
    return constraint_name("key", table)


def exempt(key: str) -> Exemption | None:
    return next((e for e in EXEMPTIONS if e.key == key), None)


def problems(apps: Any) -> list[tuple[str, str]]:
    """Everything that breaks the rule, exemptions included: (key, explanation)."""
    owned = council_owned(apps)
    labels = {m._meta.label for m in owned}
    found: list[tuple[str, str]] = []
    for model in owned:
        label, table = model._meta.label, model._meta.db_table
        council = _council_field(model)
        if council is None:
            found.append((f"council_id:{label}", f"{table} has no council_id"))
        elif council.null:
            found.append((f"null:{label}", f"{table}.council_id is nullable"))
        for description, fields in _unique_sets(model):
            if "council" not in fields and "council_id" not in fields:
                found.append((f"unique:{label}:{description}", f"unique ({description}) on {table} lacks council"))
        for field in _forward_keys(model):
            parent = field.related_model._meta.label
            if parent in labels and field.name != "council":
                if council is None or _council_field(field.related_model) is None:
                    found.append((f"fk:{label}.{field.name}",
                                  f"{table}.{field.column} → {field.related_model._meta.db_table} "
                                  "cannot carry council_id"))
                elif exempt(f"fk:{label}.{field.name}"):
                    found.append((f"fk:{label}.{field.name}", "cross-council by design"))
    for model in _models(apps):
        if model._meta.label in labels or model._meta.label == COUNCIL:
            continue
        for field in _forward_keys(model):
            if field.related_model._meta.label in labels:
                found.append((f"global_fk:{model._meta.label}.{field.name}",
                              f"the shared table {model._meta.db_table} points at a council-owned table"))
    return found


def tenant_keys(apps: Any) -> tuple[list[str], list[TenantKey]]:
    """The tables that get UNIQUE (council_id, id), and the composite foreign keys: every key
    between two council-owned tables that both have council_id, except the exemptions."""
    owned = {m._meta.label: m for m in council_owned(apps)}
    parents: set[str] = set()
    keys: list[TenantKey] = []
    for model in owned.values():
        if _council_field(model) is None:
            continue
        for field in _forward_keys(model):
            parent = field.related_model
            if (field.name == "council" or parent._meta.label not in owned or _council_field(parent) is None
                    or exempt(f"fk:{model._meta.label}.{field.name}")):
                continue
            parents.add(parent._meta.db_table)
            keys.append(TenantKey(model._meta.db_table, field.column, parent._meta.db_table,
                                  f"{model._meta.label}.{field.name}"))
    return sorted(parents), sorted(keys, key=lambda k: (k.table, k.column))


# --- The composite keys in PostgreSQL ----------------------------------------------------------

def key_statements(apps: Any) -> list[str]:
    """The statements that create every tenant key (UNIQUE first, then the foreign keys)."""
    parents, keys = tenant_keys(apps)
    statements = [f'ALTER TABLE "{t}" ADD CONSTRAINT "{unique_name(t)}" UNIQUE ("council_id", "id")' for t in parents]
    statements += [f'ALTER TABLE "{k.table}" ADD CONSTRAINT "{k.name}" FOREIGN KEY ("council_id", "{k.column}") '
                   f'REFERENCES "{k.parent}" ("council_id", "id") DEFERRABLE INITIALLY DEFERRED' for k in keys]
    return statements


def existing_keys(connection: Any) -> dict[str, tuple[str, str]]:
    """The tenant keys in the database: name → (table, type 'u' or 'f')."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.conname, t.relname, c.contype FROM pg_constraint c "
                       "JOIN pg_class t ON t.oid = c.conrelid WHERE c.conname LIKE %s",
                       [PREFIX.replace("_", r"\_") + "%"])
        return {name: (table, kind) for name, table, kind in cursor.fetchall()}


def sync_keys(schema_editor: Any, apps: Any) -> None:
    """Make the database's tenant keys exactly those of ``apps`` (None: none). PostgreSQL only;
    SQLite cannot add constraints to a table, and the tenancy test checks the declarations."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    wanted_unique, wanted_keys = tenant_keys(apps) if apps is not None else ([], [])
    wanted = {unique_name(t): (t, "u") for t in wanted_unique} | {k.name: (k.table, "f") for k in wanted_keys}
    have = existing_keys(connection)
    for kind in ("f", "u"):  # drop keys before the unique constraints they rest on
        for name, (table, found_kind) in sorted(have.items()):
            if found_kind == kind and wanted.get(name) != (table, kind):
                schema_editor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    present = {name for name, value in have.items() if wanted.get(name) == value}
    for statement in key_statements(apps) if apps is not None else []:
        name = statement.split('ADD CONSTRAINT "', 1)[1].split('"', 1)[0]
        if name not in present:
            schema_editor.execute(statement)


class SyncTenantKeys(Operation):
    """Migration operation: create (and drop stale) composite tenant keys from the models at this
    point of the migrations. Add one after migrations that add or change keys between
    council-owned tables; the PostgreSQL tenancy test fails until the database matches the models.
    ``first=True`` on the first one: reversing it drops them all."""

    reversible = True
    reduces_to_sql = False

    def __init__(self, first: bool = False):
        self.first = first

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__name__, [], {"first": self.first} if self.first else {})

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        sync_keys(schema_editor, to_state.apps)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        sync_keys(schema_editor, None if self.first else to_state.apps)

    def describe(self) -> str:
        return "Create the composite (council_id, id) tenant keys between council-owned tables"


# --- The plan for a distributed deployment (docs/scaling.md) ----------------------------------

def django_fk_name(table: str, column: str, parent: str) -> str:
    """The name Django's PostgreSQL schema editor gives the single-column foreign key."""
    from types import SimpleNamespace

    from django.db.backends.base.schema import BaseDatabaseSchemaEditor

    editor = SimpleNamespace(connection=SimpleNamespace(ops=SimpleNamespace(max_name_length=lambda: MAX_NAME)))
    make_name: Any = getattr(BaseDatabaseSchemaEditor, "_create_index_name")  # noqa: B009  # Django's own naming
    return make_name(editor, table, [column], suffix=f"_fk_{parent}_id")


def _ordered(tables: dict[str, set[str]]) -> list[str]:
    """Parents before children (ties by name); self-references ignored."""
    done: list[str] = []
    waiting = {t: {p for p in parents if p in tables and p != t} for t, parents in tables.items()}
    while waiting:
        ready = sorted(t for t, parents in waiting.items() if not parents - set(done))
        if not ready:  # a cycle: take the first by name
            ready = [sorted(waiting)[0]]
        done.append(ready[0])
        del waiting[ready[0]]
    return done


@dataclass
class Plan:
    distributed: list[type[models.Model]]
    coordinator: list[type[models.Model]]  # council-owned, kept on the coordinator (exemptions)
    reference: list[type[models.Model]]
    local: list[type[models.Model]]
    single_keys: list[tuple[str, str, str]]  # (table, column, parent) dropped before distributing
    tenant_keys: list[TenantKey]
    unique_parents: list[str]


def plan(apps: Any) -> Plan:
    owned = council_owned(apps)
    coordinator = [m for m in owned if exempt(f"null:{m._meta.label}")]
    distributed = [m for m in owned if m not in coordinator]
    by_label = {m._meta.label: m for m in _models(apps)}
    reference_labels = {COUNCIL}
    frontier = list(owned) + [by_label[COUNCIL]]
    while frontier:
        model = frontier.pop()
        for field in _forward_keys(model):
            label = field.related_model._meta.label
            if label not in reference_labels and field.related_model not in owned:
                reference_labels.add(label)
                frontier.append(by_label[label])
    owned_labels = {m._meta.label for m in owned}
    single = []
    for model in owned:
        for field in _forward_keys(model):
            if field.related_model._meta.label in owned_labels:
                single.append((model._meta.db_table, field.column, field.related_model._meta.db_table))
    parents, keys = tenant_keys(apps)
    coordinator_tables = {m._meta.db_table for m in coordinator}
    return Plan(
        distributed=distributed, coordinator=coordinator,
        reference=[m for m in _models(apps) if m._meta.label in reference_labels],
        local=[m for m in _models(apps) if m._meta.label not in reference_labels | owned_labels],
        single_keys=sorted(single),
        tenant_keys=[k for k in keys if k.table not in coordinator_tables], unique_parents=parents)


def _graph(found: list[Any]) -> dict[str, set[str]]:
    return {m._meta.db_table: {f.related_model._meta.db_table for f in _forward_keys(m)} for m in found}


def statements(apps: Any) -> list[str]:
    """The SQL that turns a migrated Stemme database into a distributed one, in order."""
    p = plan(apps)
    out = ["-- 1. Foreign keys Citus cannot keep: the single-column keys between council-owned tables",
           "--    (the composite tenant keys the migrations made stay and do the work).",
           "BEGIN;"]
    out += [f'ALTER TABLE {t} DROP CONSTRAINT {django_fk_name(t, c, parent)};' for t, c, parent in p.single_keys]
    coordinator_tables = {m._meta.db_table for m in p.coordinator}
    dropped = [k for k in tenant_keys(apps)[1] if k.table in coordinator_tables]
    out += [f"ALTER TABLE {k.table} DROP CONSTRAINT {k.name};" for k in dropped]
    out += ["", "-- 2. Primary keys with the distribution column; Django keeps `id` as the model's pk.",
            "--    (The tenant UNIQUE (council_id, id) constraints stay: the composite keys rest on them.)"]
    out += [f"ALTER TABLE {m._meta.db_table} DROP CONSTRAINT {m._meta.db_table}_pkey, "
            f"ADD PRIMARY KEY (council_id, id);" for m in p.distributed]
    out += ["", "-- 3. Unique constraints that must stay global (see Exceptions): per council on the shards."]
    for exemption in EXEMPTIONS:
        kind, *rest = exemption.key.split(":")
        if kind != "unique" or any(exemption.key.startswith(f"unique:{m._meta.label}:") for m in p.coordinator):
            continue
        model = apps.get_model(rest[0])
        fields = [model._meta.get_field(name) for name in rest[1].split(",")]
        table, columns = model._meta.db_table, ", ".join(f.column for f in fields)
        out.append(f"ALTER TABLE {table} DROP CONSTRAINT {table}_{'_'.join(f.column for f in fields)}_key, "
                   f"ADD CONSTRAINT {table}_{'_'.join(f.column for f in fields)}_council_key "
                   f"UNIQUE (council_id, {columns});")
    out += ["COMMIT;", "", "-- 4. Reference tables (a copy on every node), parents first."]
    out += [f"SELECT create_reference_table('{t}');" for t in _ordered(_graph(p.reference))]
    out += ["", "-- 5. Council-owned tables that stay on the coordinator (see Exceptions)."]
    out += [f"SELECT citus_add_local_table_to_metadata('{m._meta.db_table}');" for m in p.coordinator]
    out += ["", "-- 6. Distributed tables on council_id, all co-located (parents first)."]
    order = _ordered(_graph(p.distributed))
    out.append(f"SELECT create_distributed_table('{order[0]}', 'council_id');")
    out += [f"SELECT create_distributed_table('{t}', 'council_id', colocate_with => '{order[0]}');"
            for t in order[1:]]
    return out
