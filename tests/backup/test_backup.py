"""Backups you can restore (core/backup.py; `manage.py backup` and `manage.py restore`), for real.

A busy Stemme in a database of its own, copied from the suite's migrated test database (SQLite: a
file; PostgreSQL: ``<test database>_bklive_<pid>``) and filled by tests/backup/busy.py through the
services (the demo councils, agenda attachments and receipts as media files). A writer process keeps
committing units of work (a person, an expense, its receipt and the receipt's PDF) while
`manage.py backup` runs in another process; the archive is restored with `manage.py restore` into a
fresh database (SQLite: a new file; PostgreSQL: ``stemme_restore_<pid>``, dropped after) and a fresh
MEDIA_ROOT, and compared:

- every table (every model's, the many-to-many tables and Django's own), row by row in primary-key
  order: on SQLite against the snapshot file in the archive itself; on both, against the live
  database after the writer stopped, where every restored row must be identical and every row the
  live database has beyond it must have come after the snapshot (a higher primary key);
- the writer's units: the restored copy holds units 1…N whole (person, expense, receipt, file) and
  nothing of a later unit, with N between what was committed before the backup began and after it
  ended;
- every media file by SHA-256, against the manifest and the live files, and every file a restored
  row names is there.

And the refusals, with their Danish messages: a damaged archive (checksum), a member changed behind
the manifest's back, a missing checksum file, a database that has tables, a MEDIA_ROOT with files.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core import backup

ROOT = Path(__file__).resolve().parents[2]
SECRET = "backup-test-secret-9f3c1e7a"  # the SECRET_KEY of the processes; never in the archive
pytestmark = pytest.mark.django_db
# What a unit of the writer inserts into (tests/backup/busy.py): the person, the expense, the receipt
# and each service's audit event. Nothing else may differ between the live database and the snapshot.
WRITER_TABLES = {"councils_person", "finance_expense", "finance_receipt", "core_auditevent"}
# Counters that every publishing write bumps (core.publiccache): they only go up, and may be higher
# in the live database than in the snapshot.
COUNTERS = {"councils_council": ("public_generation", "content_generation")}


@dataclass
class Database:
    """A database another process can use: its environment and a way to read its rows."""
    vendor: str
    env: dict[str, str]
    sqlite_path: Path | None = None
    url: str | None = None
    drop: object = None

    def connect(self):
        if self.vendor == "sqlite":
            return sqlite3.connect(self.sqlite_path)
        import psycopg

        return psycopg.connect(self.url)


@dataclass
class RoundTrip:
    live: Database
    restored: Database
    live_media: Path
    restored_media: Path
    archive: Path
    manifest: dict
    committed_before: int
    session: str
    committed_after: int
    written: int
    backup_seconds: float
    restore_seconds: float
    figures: dict = field(default_factory=dict)


def _env(media: Path, *, sqlite_path: Path | None = None, url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH", "DJANGO_ENV"}}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", "SECRET_KEY": SECRET, "MEDIA_ROOT": str(media),
                "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend", "PYTHONUNBUFFERED": "1",
                "STEMME_PUBLIC_CACHE": "false"})
    if url:
        env["DATABASE_URL"] = url
    else:
        env["SQLITE_PATH"] = str(sqlite_path)
    return env


def _run(args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def _ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, f"{result.args} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _pg_admin():
    from django.db import connection

    settings = connection.settings_dict
    admin = {"host": settings["HOST"] or "127.0.0.1", "port": settings["PORT"] or 5432, "user": settings["USER"],
             "password": settings["PASSWORD"] or None, "dbname": "postgres", "autocommit": True,
             "connect_timeout": 10}
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return admin, f"postgres://{settings['USER']}{password}@{admin['host']}:{admin['port']}"


def _pg_sql(admin: dict, statement: str) -> None:
    import psycopg

    with psycopg.connect(**admin) as conn:
        conn.execute(statement)


def _live_copy(tmp: Path, media: Path) -> Database:
    """The suite's migrated test database copied where other processes can reach it."""
    from django.db import connection, connections

    if connection.vendor == "sqlite":
        path = tmp / "live.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
            target.execute("PRAGMA journal_mode=WAL")  # as the server runs it (config/settings.py)
        finally:
            target.close()
        return Database("sqlite", _env(media, sqlite_path=path), sqlite_path=path, drop=lambda: None)
    admin, base = _pg_admin()
    name = f"{connection.settings_dict['NAME']}_bklive_{os.getpid()}"
    for conn in connections.all():  # a template has no other sessions (the pool's included)
        conn.close()
        if getattr(conn, "pool", None) is not None:
            conn.close_pool()
    _pg_sql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    # Other threads' sessions too: the browser tests' live server (a thread with connections of its own,
    # which the loop above cannot close) may share this worker. Its pool checks a connection before
    # lending it, so it opens a new one when it next needs one.
    _pg_sql(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                   f"WHERE datname = '{connection.settings_dict['NAME']}' AND pid <> pg_backend_pid()")
    _pg_sql(admin, f'CREATE DATABASE "{name}" TEMPLATE "{connection.settings_dict["NAME"]}"')
    url = f"{base}/{name}"
    return Database("postgresql", _env(media, url=url), url=url,
                    drop=lambda: _pg_sql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _empty_database(tmp: Path, media: Path, suffix: str = "") -> Database:
    """A fresh, empty database to restore into: a file that does not exist yet, or a new database."""
    from django.db import connection

    if connection.vendor == "sqlite":
        path = tmp / f"restored{suffix}.sqlite3"
        return Database("sqlite", _env(media, sqlite_path=path), sqlite_path=path, drop=lambda: None)
    admin, base = _pg_admin()
    name = f"stemme_restore_{os.getpid()}{suffix}"
    _pg_sql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _pg_sql(admin, f'CREATE DATABASE "{name}" TEMPLATE template0')
    url = f"{base}/{name}"
    return Database("postgresql", _env(media, url=url), url=url,
                    drop=lambda: _pg_sql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


class Writer:
    """tests/backup/busy.py in a process of its own: it builds the busy demo, then writes units of
    work until it is stopped. A thread reads its output as it comes: the demo's summary, then the
    number of each unit committed."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "tests.backup.busy", "build-and-write"], cwd=ROOT,
                                        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.data: dict | None = None
        self.committed = 0
        self.done: int | None = None
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            if line.startswith("{"):
                self.data = json.loads(line)
            elif line.startswith("done"):
                self.done = int(line.split()[1])
            elif line.strip():
                self.committed = int(line)

    def wait_for(self, units: int, timeout: float = 240) -> int:
        deadline = time.monotonic() + timeout
        while self.committed < units:
            if self.process.poll() is not None:
                pytest.fail(f"the writer stopped (exit {self.process.returncode}): {self.process.stderr.read()}")
            assert time.monotonic() < deadline, f"the writer committed only {self.committed} units"
            time.sleep(0.05)
        return self.committed

    def stop(self) -> int:
        self.process.terminate()
        err = self.process.stderr.read()
        self.process.wait(timeout=60)
        self.thread.join(timeout=10)
        assert self.process.returncode == 0 and self.done is not None, err
        return self.done


def _tables(conn, vendor: str) -> dict[str, list[str]]:
    """Every table with its primary-key columns (all columns where there is none)."""
    if vendor == "sqlite":
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                              "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        tables = {}
        for name in names:
            info = conn.execute(f'PRAGMA table_info("{name}")').fetchall()
            pk = [row[1] for row in sorted(info, key=lambda row: row[5]) if row[5]]
            tables[name] = pk or [row[1] for row in info]
        return tables
    names = [n for (n,) in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                                          "ORDER BY tablename")]
    tables = {}
    for name in names:
        pk = [n for (n,) in conn.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary", [f'"{name}"'])]
        if not pk:
            pk = [n for (n,) in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "ORDER BY ordinal_position", [name])]
        tables[name] = pk
    return tables


def _rows(conn, table: str, pk: list[str], *, without: tuple[str, ...] = ()) -> dict[tuple, tuple]:
    """The table's rows by primary key, in its order; the columns ``without`` left out."""
    order = ", ".join(f'"{column}"' for column in pk)
    cursor = conn.execute(f'SELECT * FROM "{table}" ORDER BY {order}')
    columns = [d[0] for d in cursor.description]
    positions = [columns.index(column) for column in pk]
    kept = [i for i, column in enumerate(columns) if column not in without]
    rows = {}
    for row in cursor.fetchall():
        rows[tuple(row[i] for i in positions)] = tuple(row[i] for i in kept)
    return rows


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def round_trip(django_db_setup, django_db_blocker):
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="stemme-backup-test-") as name:
        tmp = Path(name)
        live_media, restored_media, out = tmp / "media", tmp / "restored-media", tmp / "backups"
        with django_db_blocker.unblock():
            live = _live_copy(tmp, live_media)
        restored = None
        try:
            started = time.monotonic()
            writer = Writer(live.env)
            try:
                before = writer.wait_for(10)
                print(f"\nbusy demo built and the writer running in {time.monotonic() - started:.1f} s")
                started = time.monotonic()
                report = _ok(_run(["manage.py", "backup", "--output", str(out)], live.env))
                backup_seconds = time.monotonic() - started
                print(report.splitlines()[0])
                after = writer.committed
                writer.wait_for(after + 5)  # and it goes on writing after the backup
            except BaseException:
                writer.process.kill()
                writer.process.wait(timeout=60)
                raise
            written = writer.stop()
            archives = sorted(out.glob("stemme-backup-*.tar"))
            assert len(archives) == 1, report
            archive = archives[0]
            with django_db_blocker.unblock():
                restored = _empty_database(tmp, restored_media)
            started = time.monotonic()
            restore_report = _ok(_run(["manage.py", "restore", str(archive)], restored.env))
            restore_seconds = time.monotonic() - started
            assert "all checked" in restore_report
            with tarfile.open(archive) as tar:
                manifest = json.loads(tar.extractfile("manifest.json").read())
            print(f"round trip (copy, build, write, back up, restore) in {time.monotonic() - began:.1f} s")
            yield RoundTrip(live=live, restored=restored, live_media=live_media, restored_media=restored_media,
                            archive=archive, manifest=manifest, committed_before=before, committed_after=after,
                            session=writer.data["session"],
                            written=written, backup_seconds=backup_seconds, restore_seconds=restore_seconds)
        finally:
            with django_db_blocker.unblock():
                live.drop()
                if restored is not None:
                    restored.drop()


def test_the_archive_and_its_checksum(round_trip):
    archive = round_trip.archive
    assert backup.NAME_RE.match(archive.name)
    checksum = backup.checksum_path(archive).read_text()
    assert checksum == f"{_sha(archive)}  {archive.name}\n"  # as sha256sum -c reads it
    manifest = round_trip.manifest
    assert manifest["database"]["vendor"] == round_trip.live.vendor
    assert manifest["database"]["migrations"]["councils"]  # Django's migration state
    assert manifest["created_at"].endswith("Z")
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert names == {"manifest.json", manifest["database"]["file"],
                     *(f"media/{item['path']}" for item in manifest["media"])}
    # No secrets: neither the SECRET_KEY nor where the database is (its address, its password), nor
    # the key of the session that was logged in (it would log its holder in).
    raw = archive.read_bytes()
    assert SECRET.encode() not in raw and round_trip.session.encode() not in raw
    assert manifest["database"]["tables"]["django_session"] == 0
    text = json.dumps(manifest)
    assert "127.0.0.1" not in text and "postgres://" not in text and "SECRET" not in text


def test_restored_database_is_the_snapshot_row_by_row(round_trip, django_db_blocker):
    from django.apps import apps
    from django.db.migrations.recorder import MigrationRecorder

    trip = round_trip
    vendor = trip.live.vendor
    restored, live = trip.restored.connect(), trip.live.connect()
    try:
        tables = _tables(restored, vendor)
        # Every model's table (the many-to-many ones too) and Django's own are there.
        expected = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
        expected.add(MigrationRecorder.Migration._meta.db_table)
        assert expected <= set(tables), sorted(expected - set(tables))
        assert _tables(live, vendor) == tables
        assert {t: c for t, c in trip.manifest["database"]["tables"].items()} == {
            t: len(_rows(restored, t, pk)) for t, pk in tables.items()}
        if vendor == "sqlite":  # the snapshot itself, read from the archive's database file
            with tempfile.TemporaryDirectory() as work:
                with tarfile.open(trip.archive) as tar:
                    tar.extract("database/db.sqlite3", work, filter="data")
                with closing(sqlite3.connect(Path(work) / "database" / "db.sqlite3")) as snapshot:
                    for table, pk in tables.items():
                        assert _rows(snapshot, table, pk) == _rows(restored, table, pk), table
            # Whole as a database too: no row points at a row the snapshot lacks.
            assert restored.execute("PRAGMA foreign_key_check").fetchall() == []
        compared = later = 0
        changed_tables = set()
        for table, pk in tables.items():
            if table in backup.EXCLUDED_DATA:  # kept out of the backup: empty, while the live one has rows
                assert not _rows(restored, table, pk) and trip.session in {k[0] for k in _rows(live, table, pk)}
                continue
            counters = COUNTERS.get(table, ())
            mine, theirs = _rows(restored, table, pk, without=counters), _rows(live, table, pk, without=counters)
            for key, row in mine.items():
                assert theirs.get(key) == row, f"{table} {key}: restored {row}, live {theirs.get(key)}"
            if counters:
                grown = _rows(live, table, pk)
                for key, row in _rows(restored, table, pk).items():
                    assert all(a <= b for a, b in zip(row, grown[key], strict=True)), (table, key)
            compared += len(mine)
            newer = set(theirs) - set(mine)
            if newer:
                changed_tables.add(table)
                assert mine, table
                assert min(newer) > max(mine), f"{table}: rows missing from the restored copy: {sorted(newer)[:5]}"
                later += len(newer)
        # Only the writer's tables grew after the snapshot.
        assert changed_tables <= WRITER_TABLES, changed_tables
        trip.figures.update(tables=len(tables), rows=compared, later=later)
        print(f"\n{vendor}: {len(tables)} tables, {compared} rows compared row by row, {later} rows written after "
              f"the snapshot; archive {trip.archive.stat().st_size / 1e6:.2f} MB; backup {trip.backup_seconds:.1f} s, "
              f"restore {trip.restore_seconds:.1f} s (processes included)")
    finally:
        restored.close()
        live.close()


def _units(conn) -> tuple[set, set, dict]:
    persons = {int(name.split()[1]) for (name,) in conn.execute(
        "SELECT name FROM councils_person WHERE name LIKE 'Skriver %'")}
    expenses = {int(d.split()[1]) for (d,) in conn.execute(
        "SELECT description FROM finance_expense WHERE description LIKE 'Skriver %'")}
    receipts = {int(d.split()[1]): f for d, f in conn.execute(
        "SELECT e.description, r.file FROM finance_receipt r JOIN finance_expense e ON e.id = r.expense_id "
        "WHERE e.description LIKE 'Skriver %'")}
    return persons, expenses, receipts


def test_writer_units_are_whole_in_the_snapshot(round_trip):
    trip = round_trip
    restored, live = trip.restored.connect(), trip.live.connect()
    try:
        persons, expenses, receipts = _units(restored)
        n = max(persons)
        # Units 1…N, each whole: no half-written unit, none missing in between.
        assert persons == expenses == set(receipts) == set(range(1, n + 1))
        # The snapshot was taken while the writer ran: it holds at least what the writer had
        # committed when the backup began, and the writer went on after it.
        assert trip.committed_before <= n < trip.written
        live_persons, _, live_receipts = _units(live)
        assert live_persons == set(range(1, trip.written + 1)) and trip.written > n
        for k, name in receipts.items():
            restored_file = trip.restored_media / name
            assert restored_file.is_file(), name
            assert _sha(restored_file) == _sha(trip.live_media / live_receipts[k])
            assert f"Skriver {k:05d}".encode() in restored_file.read_bytes()
        trip.figures["units"] = n
    finally:
        restored.close()
        live.close()


def test_every_media_file_by_hash(round_trip):
    trip = round_trip
    manifest_files = {item["path"]: item["sha256"] for item in trip.manifest["media"]}
    restored_files = {p.relative_to(trip.restored_media).as_posix(): _sha(p)
                      for p in trip.restored_media.rglob("*") if p.is_file()}
    assert restored_files == manifest_files
    for path, digest in restored_files.items():
        assert _sha(trip.live_media / path) == digest, path
    # Every file a restored row names is there: attachments, receipts, generated documents.
    conn = trip.restored.connect()
    try:
        named = [f for table in ("meetings_attachment", "finance_receipt")
                 for (f,) in conn.execute(f"SELECT file FROM {table} WHERE file <> ''")]
    finally:
        conn.close()
    assert len(named) >= 24 + trip.figures.get("units", 1)
    assert set(named) <= set(restored_files)
    print(f"\n{len(restored_files)} media files compared by SHA-256; {len(named)} named by restored rows")


# --- Refusals -------------------------------------------------------------------------------------

def _copy_with_checksum(archive: Path, target: Path) -> Path:
    shutil.copy(archive, target)
    shutil.copy(backup.checksum_path(archive), backup.checksum_path(target))
    return target


def test_a_damaged_archive_is_refused_before_anything_changes(round_trip, tmp_path, settings):
    """Checked before the database is looked at: even --replace changes nothing."""
    from django.db import connection

    damaged = _copy_with_checksum(round_trip.archive, tmp_path / round_trip.archive.name)
    with open(damaged, "r+b") as handle:
        handle.seek(damaged.stat().st_size // 2)
        byte = handle.read(1)
        handle.seek(-1, 1)
        handle.write(bytes([byte[0] ^ 0xFF]))
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(damaged), "--replace")
    assert "Sikkerhedskopien er beskadiget: dens SHA-256 passer ikke med tjeksumfilen" in str(refused.value)
    assert "Intet er ændret" in str(refused.value)
    with connection.cursor() as cursor:
        assert connection.introspection.table_names(cursor) == tables
    assert not (tmp_path / "media").exists()


def test_a_member_changed_behind_the_manifest_is_refused(round_trip, tmp_path):
    """A new checksum file does not help: each member is checked against the manifest."""
    forged = tmp_path / round_trip.archive.name
    with tarfile.open(round_trip.archive) as source, tarfile.open(forged, "w") as tar:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/") and member.name.endswith(".pdf"):
                data = data.replace(b"Kvittering", b"Kvittxring")
            member.size = len(data)
            tar.addfile(member, __import__("io").BytesIO(data))
    backup.checksum_path(forged).write_text(f"{_sha(forged)}  {forged.name}\n")
    with pytest.raises(backup.BackupError, match="passer ikke med manifestets SHA-256"):
        backup.verify(forged)


def test_check_only_reads_the_archive(round_trip, tmp_path, settings, capsys):
    """--check: the archive checked whole (nothing restored, even into a database with tables); a
    damaged copy fails the check."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("restore", str(round_trip.archive), "--check")
    rows = sum(round_trip.manifest["database"]["tables"].values())
    out = capsys.readouterr().out
    assert f"is whole: {round_trip.live.vendor}" in out
    assert f" {rows} rows, {len(round_trip.manifest['media'])} media files" in out
    assert not (tmp_path / "media").exists()
    damaged = _copy_with_checksum(round_trip.archive, tmp_path / round_trip.archive.name)
    with open(damaged, "r+b") as handle:
        handle.seek(1000)
        byte = handle.read(1)
        handle.seek(1000)
        handle.write(bytes([byte[0] ^ 0x01]))
    with pytest.raises(CommandError, match="Sikkerhedskopien er beskadiget"):
        call_command("restore", str(damaged), "--check")


def test_a_missing_checksum_file_is_refused(round_trip, tmp_path):
    alone = tmp_path / round_trip.archive.name
    shutil.copy(round_trip.archive, alone)
    with pytest.raises(CommandError, match="Tjeksumfilen .* mangler"):
        call_command("restore", str(alone))


def test_a_database_with_tables_is_refused(round_trip, settings, tmp_path):
    """The suite's own test database has tables: restore refuses it and changes nothing."""
    from django.db import connection

    settings.MEDIA_ROOT = str(tmp_path / "media")
    with connection.cursor() as cursor:
        count = len(connection.introspection.table_names(cursor))
    with pytest.raises(CommandError, match=r"Databasen er ikke tom: den har \d+ tabeller .* brug --replace"):
        call_command("restore", str(round_trip.archive))
    with connection.cursor() as cursor:
        assert len(connection.introspection.table_names(cursor)) == count
    assert not (tmp_path / "media").exists()


def test_media_files_present_are_refused(round_trip, settings, tmp_path):
    """Files in MEDIA_ROOT: refused, nothing written (checked before the database)."""
    from django.db import connection

    media = tmp_path / "media"
    (media / "old").mkdir(parents=True)
    (media / "old" / "fil.pdf").write_bytes(b"%PDF-")
    settings.MEDIA_ROOT = str(media)
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    with pytest.raises(CommandError, match=r"Mappen til filer \(MEDIA_ROOT, .*\) er ikke tom: den har 1 filer"):
        call_command("restore", str(round_trip.archive))
    assert [p.name for p in media.rglob("*") if p.is_file()] == ["fil.pdf"]
    with connection.cursor() as cursor:
        assert connection.introspection.table_names(cursor) == tables


def test_replace_overwrites_a_database_that_has_tables(round_trip):
    """--replace: the restored copy (tables, files) restored over again; the result checked the same
    way. Last in the module: it rewrites the restored copy with the same archive."""
    result = _run(["manage.py", "restore", str(round_trip.archive), "--replace"], round_trip.restored.env)
    assert "all checked" in _ok(result)
    conn = round_trip.restored.connect()
    try:
        tables = _tables(conn, round_trip.restored.vendor)
        assert {t: len(_rows(conn, t, pk)) for t, pk in tables.items()} == round_trip.manifest["database"]["tables"]
    finally:
        conn.close()


def test_the_nightly_unit_runs_this_command():
    """deploy/systemd/stemme-backup.service runs `manage.py backup` with arguments the command takes,
    and the timer starts it each night, catching up a missed night."""
    import shlex

    from core.management.commands.backup import Command

    service = (ROOT / "deploy" / "systemd" / "stemme-backup.service").read_text()
    exec_start = next(line.split("=", 1)[1] for line in service.splitlines() if line.startswith("ExecStart="))
    args = shlex.split(exec_start)
    assert args[1:3] == ["manage.py", "backup"]
    options = Command().create_parser("manage.py", "backup").parse_args(args[3:])
    assert str(options.output) == "/var/backups/stemme"
    assert "Type=oneshot" in service and "EnvironmentFile=/etc/stemme/env" in service
    timer = (ROOT / "deploy" / "systemd" / "stemme-backup.timer").read_text()
    assert "OnCalendar=*-*-* 03:00:00" in timer and "Persistent=true" in timer
