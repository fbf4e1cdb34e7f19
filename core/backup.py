"""Backups you can restore (``manage.py backup`` and ``manage.py restore``).

A backup is one tar archive, ``stemme-backup-<UTC time>.tar``, with a checksum file beside it
(``….tar.sha256``, the format ``sha256sum -c`` reads). The archive holds:

- ``database/db.sqlite3``: on SQLite, a copy made with SQLite's online backup API from a
  read transaction of its own, so it is one consistent snapshot while the server goes on writing
  (WAL mode lets writers continue); the copy is switched to an ordinary journal, one file;
- ``database/db.dump``: on PostgreSQL, ``pg_dump --format=custom`` run on a snapshot exported
  from a repeatable-read transaction, in which the row counts and migration state are read too;
- ``media/…``: every file under MEDIA_ROOT (uploads, receipts, generated documents), copied after
  the database, so every file a row of the snapshot names is there (a file is written before
  the row that names it commits) unless it was deleted in the seconds between the two (its row
  was deleted too, after the snapshot; the restored row's download then answers 404);
- ``manifest.json``: the database kind, its file's SHA-256, the Django migrations applied, the
  row count of every table at the snapshot, every media file with its size and SHA-256, and when.

Never in it: settings, SECRET_KEY, the database's address or password (pg_dump gets the password
through its environment), and no sessions (``EXCLUDED_DATA``: a session's key logs its holder in).
The database itself holds what Stemme holds, so a copy kept elsewhere must be encrypted (README
"Backups").

``restore`` checks the checksum, the manifest and every member's hash before it changes anything,
refuses a database that has tables and a MEDIA_ROOT that has files (unless told to replace),
restores the database (SQLite: the file put in place; PostgreSQL: ``pg_restore`` into the empty
database) and the media files, and checks the result: migrations and every table's row count as
in the manifest, every file's hash as in the manifest."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess  # nosec B404  # pg_dump/pg_restore with fixed argument lists
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

FORMAT = "stemme-backup"
VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/db.sqlite3"
PG_MEMBER = "database/db.dump"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024
# Tables whose rows are left out (the table itself is kept, empty): a session's key is the cookie
# that logs its holder in, so a copy of the sessions would let whoever holds the backup act as
# everyone logged in. After a restore everybody logs in again.
EXCLUDED_DATA = ("django_session",)
NAME_RE = re.compile(r"^stemme-backup-\d{4}-\d{2}-\d{2}T\d{6}Z(-\d+)?\.tar$")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Danish)."""


@dataclass
class Result:
    archive: Path
    manifest: dict[str, Any]
    seconds: float
    size: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def tables(self) -> int:
        return len(self.manifest["database"]["tables"])

    @property
    def rows(self) -> int:
        return sum(self.manifest["database"]["tables"].values())

    @property
    def files(self) -> int:
        return len(self.manifest["media"])


# --- Helpers -------------------------------------------------------------------------------------

def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader(io.RawIOBase):
    """Reads ``size`` bytes from ``handle`` and hashes them on the way (into the tar)."""

    def __init__(self, handle: IO[bytes], size: int) -> None:
        self.handle, self.left, self.digest = handle, size, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, n: int | None = -1) -> bytes:
        n = self.left if n is None or n < 0 else min(n, self.left)
        data = self.handle.read(n)
        if len(data) < n:
            raise BackupError(_("Filen ændrede størrelse, mens den blev kopieret."))
        self.left -= len(data)
        self.digest.update(data)
        return data


def _vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(_("Sikkerhedskopier understøtter SQLite og PostgreSQL, ikke %(vendor)s.")
                          % {"vendor": vendor})
    return vendor


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's environment for pg_dump/pg_restore: the password never appears on a command line."""
    env = {**os.environ}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[name] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    env["PGDATABASE"] = settings_dict["NAME"]
    return env


def _pg_tool(name: str, server_major: int) -> str:
    """The path of pg_dump/pg_restore, checked to be at least the server's major version (an older
    pg_dump refuses a newer server; Debian's postgresql-client)."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(_("%(tool)s findes ikke. Installer Debians postgresql-client (version %(major)s eller "
                            "nyere).")
                          % {"tool": name, "major": server_major})
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout  # nosec B603  # the tool's own path, no shell
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    major = int(match.group(1)) if match else 0
    if major < server_major:
        raise BackupError(_("%(tool)s er version %(found)s, men databaseserveren er version %(major)s. Installer "
                            "postgresql-client %(major)s eller nyere.")
                          % {"tool": name, "found": major, "major": server_major})
    return path


def _run_tool(args: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True)  # nosec B603  # an argument list built here, no shell
    if result.returncode != 0:
        raise BackupError(_("%(what)s mislykkedes: %(error)s") % {"what": what, "error": result.stderr.strip()[-2000:]})


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _migrations(rows: list[tuple[str, str]]) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in rows:
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _sqlite_source(using: str) -> tuple[sqlite3.Connection, bool]:
    """A connection of its own to the SQLite database (read-only), or Django's for an in-memory one."""
    connection: Any = connections[using]
    if connection.is_in_memory_db():
        connection.ensure_connection()
        return connection.connection, False
    name = str(connection.settings_dict["NAME"])
    if not Path(name).exists():
        raise BackupError(_("Databasefilen %(path)s findes ikke.") % {"path": name})
    source = sqlite3.connect(f"file:{Path(name).resolve()}?mode=ro", uri=True, timeout=30)
    return source, True


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    return [name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def _sqlite_facts(path: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Row counts of every table and the migrations applied, read from a SQLite file."""
    db = sqlite3.connect(path)
    try:
        tables = {name: db.execute(f"SELECT COUNT(*) FROM {_quote(name)}").fetchone()[0] for name in _sqlite_tables(db)}  # nosec B608  # quoted names from sqlite_master
        migrations = (_migrations(db.execute("SELECT app, name FROM django_migrations").fetchall())
                      if "django_migrations" in tables else {})
        return tables, migrations
    finally:
        db.close()


# --- Backup --------------------------------------------------------------------------------------

def _snapshot_sqlite(using: str, target: Path) -> dict[str, Any]:
    source, own = _sqlite_source(using)
    dest = sqlite3.connect(target)
    try:
        # pages=-1: the whole database in one step, inside one read transaction of the source, so the
        # copy is one consistent snapshot; in WAL mode the server's writers go on meanwhile.
        source.backup(dest, pages=-1)
        dest.execute("PRAGMA journal_mode=DELETE")
        dest.execute("PRAGMA secure_delete=ON")  # the deleted rows' bytes overwritten, not left in free pages
        present = set(_sqlite_tables(dest))
        for name in EXCLUDED_DATA:
            if name in present:
                dest.execute(f"DELETE FROM {_quote(name)}")  # nosec B608  # a constant table name, quoted
        dest.commit()
        # The page structure only: CHECK constraints may call Django's SQL functions, absent here.
        dest.execute("PRAGMA ignore_check_constraints=ON")
        check = dest.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(_("Kopien af SQLite-databasen er ikke hel: %(check)s") % {"check": check})
    finally:
        dest.close()
        if own:
            source.close()
    tables, migrations = _sqlite_facts(target)
    return {"vendor": "sqlite", "file": SQLITE_MEMBER, "sqlite_version": sqlite3.sqlite_version,
            "tables": tables, "migrations": migrations}


def _snapshot_postgresql(using: str, target: Path) -> dict[str, Any]:
    import psycopg

    connection: Any = connections[using]
    settings_dict = connection.settings_dict
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    pg_dump = _pg_tool("pg_dump", server_major)
    env = _pg_env(settings_dict)
    # A connection of our own (not the pool's): a repeatable-read transaction whose snapshot pg_dump
    # shares (--snapshot), so the counts and migrations below are exactly what the dump holds.
    with psycopg.connect(autocommit=True, host=env.get("PGHOST"), port=env.get("PGPORT"), user=env.get("PGUSER"),
                         password=env.get("PGPASSWORD"), dbname=env["PGDATABASE"], sslmode=env.get("PGSSLMODE"),
                         connect_timeout=10) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        excluded = [f"--exclude-table-data={name}" for name in EXCLUDED_DATA]
        _run_tool([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}", "--no-password",
                   *excluded], env, "pg_dump")
        names = [row[0] for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")]
        tables = {name: 0 if name in EXCLUDED_DATA else
                  conn.execute(f"SELECT COUNT(*) FROM {_quote(name)}").fetchone()[0]  # type: ignore[index]  # nosec B608
                  for name in names}
        migrations = (_migrations(conn.execute("SELECT app, name FROM django_migrations").fetchall())
                      if "django_migrations" in tables else {})
        conn.execute("ROLLBACK")
    return {"vendor": "postgresql", "file": PG_MEMBER, "server_version": connection.pg_version,
            "tables": tables, "migrations": migrations}


def _media_files(root: Path, exclude: list[Path]) -> Iterator[tuple[Path, str]]:
    if not root.is_dir():
        return
    excluded = [path.resolve() for path in exclude]
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if (here / d).resolve() not in excluded and not (here / d).is_symlink())
        for name in sorted(files):
            path = here / name
            if path.is_symlink() or not path.is_file():
                continue
            yield path, path.relative_to(root).as_posix()


def _add(tar: tarfile.TarFile, handle: IO[bytes], name: str) -> tuple[int, str]:
    """Add an open file to the archive under ``name`` (owner-readable, no owner names); return its
    size and SHA-256, hashed as it is written."""
    stat = os.fstat(handle.fileno())
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
    reader = _HashingReader(handle, stat.st_size)
    tar.addfile(info, reader)
    return stat.st_size, reader.digest.hexdigest()


def _archive_name(output: Path, now: dt.datetime) -> Path:
    stamp = now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H%M%SZ")
    path = output / f"stemme-backup-{stamp}.tar"
    number = 1
    while path.exists():
        number += 1
        path = output / f"stemme-backup-{stamp}-{number}.tar"
    return path


def backup(output: Path, *, using: str = "default", now: dt.datetime | None = None) -> Result:
    """Write a backup archive and its checksum file into ``output``; return what was written."""
    started = time.monotonic()
    vendor = _vendor(using)
    output.mkdir(parents=True, exist_ok=True)
    created = now or dt.datetime.now(dt.UTC)
    archive = _archive_name(output, created)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix=".stemme-backup-", dir=output) as work_name:
        work = Path(work_name)
        database_file = work / ("db.sqlite3" if vendor == "sqlite" else "db.dump")
        database = (_snapshot_sqlite if vendor == "sqlite" else _snapshot_postgresql)(using, database_file)
        database["sha256"] = sha256_file(database_file)
        database["size"] = database_file.stat().st_size
        partial = work / "archive.tar"
        media: list[dict[str, Any]] = []
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            with open(database_file, "rb") as handle:
                _add(tar, handle, database["file"])
            for path, relative in _media_files(media_root, exclude=[output, work]):
                try:
                    handle = open(path, "rb")
                except FileNotFoundError:  # deleted since it was listed
                    continue
                with handle:
                    size, digest = _add(tar, handle, MEDIA_PREFIX + relative)
                media.append({"path": relative, "size": size, "sha256": digest})
            manifest = {
                "format": FORMAT, "version": VERSION,
                "created_at": created.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
                "database": database, "media": media,
            }
            data = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(created.timestamp()), 0o640
            tar.addfile(info, io.BytesIO(data))
        with open(partial, "rb+") as written:
            os.fsync(written.fileno())
        digest = sha256_file(partial)
        os.chmod(partial, 0o600)
        os.replace(partial, archive)
    checksum = checksum_path(archive)
    checksum.write_text(f"{digest}  {archive.name}\n")
    os.chmod(checksum, 0o600)
    return Result(archive=archive, manifest=manifest, seconds=time.monotonic() - started,
                  size=archive.stat().st_size)


def checksum_path(archive: Path) -> Path:
    return archive.with_name(archive.name + ".sha256")


# --- Restore -------------------------------------------------------------------------------------

def _read_checksum(archive: Path) -> str:
    path = checksum_path(archive)
    if not path.exists():
        raise BackupError(_("Tjeksumfilen %(path)s mangler. Den skal ligge ved siden af arkivet.") % {"path": path})
    match = re.match(r"^([0-9a-f]{64})\s", path.read_text())
    if not match:
        raise BackupError(_("Tjeksumfilen %(path)s kan ikke læses.") % {"path": path})
    return match.group(1)


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def verify(archive: Path) -> dict[str, Any]:
    """Check the archive against its checksum file, its manifest and every member's hash; return
    the manifest. Raises BackupError (nothing is changed) on the first thing wrong."""
    if not archive.is_file():
        raise BackupError(_("Arkivet %(path)s findes ikke.") % {"path": archive})
    expected = _read_checksum(archive)
    found = sha256_file(archive)
    if found != expected:
        raise BackupError(_("Sikkerhedskopien er beskadiget: dens SHA-256 passer ikke med tjeksumfilen (forventet "
                            "%(expected)s, fandt %(found)s). Intet er ændret.")
                          % {"expected": expected, "found": found})
    try:
        with tarfile.open(archive, "r:") as tar:
            members = tar.getmembers()
            names = [member.name for member in members]
            if MANIFEST not in names:
                raise BackupError(_("Arkivet har intet manifest (manifest.json) og er ikke en sikkerhedskopi fra "
                                    "Stemme."))
            manifest_file = tar.extractfile(MANIFEST)
            assert manifest_file is not None  # nosec B101  # tarfile gives None only for a member that is not a file (for mypy)
            manifest = json.loads(manifest_file.read())
            if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
                raise BackupError(_("Arkivets manifest er ikke en sikkerhedskopi fra Stemme i et format, denne version "
                                    "kan læse."))
            wanted = {manifest["database"]["file"]: manifest["database"]["sha256"]}
            wanted.update({MEDIA_PREFIX + item["path"]: item["sha256"] for item in manifest["media"]})
            for member in members:
                if member.name == MANIFEST:
                    continue
                if not member.isfile() or not _safe_member(member.name) or member.name not in wanted:
                    raise BackupError(_("Arkivet indeholder %(name)s, som manifestet ikke nævner.")
                                      % {"name": member.name})
                handle = tar.extractfile(member)
                assert handle is not None  # nosec B101  # tarfile gives None only for a member that is not a file (for mypy)
                digest = hashlib.sha256()
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
                if digest.hexdigest() != wanted.pop(member.name):
                    raise BackupError(_("%(name)s i arkivet passer ikke med manifestets SHA-256. Intet er ændret.")
                                      % {"name": member.name})
            if wanted:
                raise BackupError(_("Arkivet mangler %(count)s filer, som manifestet nævner, fx %(name)s.")
                                  % {"count": len(wanted), "name": next(iter(wanted))})
    except (tarfile.TarError, ValueError, KeyError, TypeError) as error:
        raise BackupError(_("Arkivet kan ikke læses: %(error)s") % {"error": error}) from error
    return manifest


def database_tables(using: str = "default") -> list[str]:
    connection = connections[using]
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def _media_present(root: Path) -> list[str]:
    return [relative for _path, relative in _media_files(root, exclude=[])]


def _restore_sqlite(using: str, tar: tarfile.TarFile, manifest: dict[str, Any], replace: bool) -> None:
    connection: Any = connections[using]
    if connection.is_in_memory_db():
        raise BackupError(_("En database i hukommelsen kan ikke gendannes; sæt SQLITE_PATH til en fil."))
    target = Path(str(connection.settings_dict["NAME"])).resolve()
    connection.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle = tar.extractfile(manifest["database"]["file"])
    assert handle is not None  # nosec B101  # tarfile gives None only for a member that is not a file (for mypy)
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".restore-", delete=False) as temporary:
        shutil.copyfileobj(handle, temporary, CHUNK)
        temporary.flush()
        os.fsync(temporary.fileno())
    staged = Path(temporary.name)
    try:
        if sha256_file(staged) != manifest["database"]["sha256"]:
            raise BackupError(_("Databasefilen blev ikke skrevet rigtigt (SHA-256 passer ikke)."))
        os.chmod(staged, 0o600)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(staged, target)
    finally:
        staged.unlink(missing_ok=True)


def _restore_postgresql(using: str, tar: tarfile.TarFile, manifest: dict[str, Any], replace: bool) -> None:
    connection: Any = connections[using]
    connection.ensure_connection()
    pg_restore = _pg_tool("pg_restore", connection.pg_version // 10000)
    env = _pg_env(connection.settings_dict)
    connection.close()
    if getattr(connection, "pool", None) is not None:
        connection.close_pool()
    handle = tar.extractfile(manifest["database"]["file"])
    assert handle is not None  # nosec B101  # tarfile gives None only for a member that is not a file (for mypy)
    with tempfile.TemporaryDirectory(prefix="stemme-restore-") as work:
        dump = Path(work) / "db.dump"
        with open(dump, "wb") as out:
            shutil.copyfileobj(handle, out, CHUNK)
        if sha256_file(dump) != manifest["database"]["sha256"]:
            raise BackupError(_("Databasefilen blev ikke skrevet rigtigt (SHA-256 passer ikke)."))
        args = [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                "--no-password", f"--dbname={env['PGDATABASE']}"]
        if replace:
            args += ["--clean", "--if-exists"]
        _run_tool([*args, str(dump)], env, "pg_restore")


def _restore_media(tar: tarfile.TarFile, manifest: dict[str, Any], root: Path) -> int:
    written = 0
    for item in manifest["media"]:
        target = root / PurePosixPath(item["path"])
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = tar.extractfile(MEDIA_PREFIX + item["path"])
        assert handle is not None  # nosec B101  # tarfile gives None only for a member that is not a file (for mypy)
        with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".restore-", delete=False) as out:
            shutil.copyfileobj(handle, out, CHUNK)
        os.replace(out.name, target)
        written += item["size"]
    return written


def _check_restored(using: str, manifest: dict[str, Any], root: Path) -> list[str]:
    """Compare the restored database and files with the manifest; raise on a difference."""
    connection = connections[using]
    connection.close()
    database = manifest["database"]
    tables = database_tables(using)
    if sorted(database["tables"]) != tables:
        missing = sorted(set(database["tables"]) - set(tables))
        raise BackupError(_("Den gendannede database mangler tabeller: %(tables)s") % {"tables": ", ".join(missing)})
    with connection.cursor() as cursor:
        for name, count in database["tables"].items():
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # nosec B608  # quoted names from the database's own table list
            found = cursor.fetchone()[0]
            if found != count:
                raise BackupError(_("Tabellen %(table)s har %(found)s rækker efter gendannelsen, men %(count)s i "
                                    "sikkerhedskopien.") % {"table": name, "found": found, "count": count})
        cursor.execute("SELECT app, name FROM django_migrations")
        if _migrations(cursor.fetchall()) != database["migrations"]:
            raise BackupError(_("De gendannede migreringer er ikke dem i manifestet."))
    for item in manifest["media"]:
        path = root / PurePosixPath(item["path"])
        if not path.is_file() or sha256_file(path) != item["sha256"]:
            raise BackupError(_("Filen %(path)s blev ikke gendannet rigtigt (SHA-256 passer ikke).")
                              % {"path": item["path"]})
    notes = []
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    applied = {f"{app}.{name}" for app, names in database["migrations"].items() for name in names}
    unknown = sorted(applied - known)
    if unknown:
        notes.append(_("Sikkerhedskopien har migreringer, som denne version af Stemme ikke kender (fx %(name)s): den "
                       "er lavet med en nyere version.") % {"name": unknown[0]})
    elif known - applied:
        notes.append(_("Denne version af Stemme har %(count)s migreringer, som sikkerhedskopien ikke har: kør "
                       "manage.py migrate.") % {"count": len(known - applied)})
    return notes


def restore(archive: Path, *, using: str = "default", replace: bool = False,
            progress: Callable[[str], None] | None = None) -> Result:
    """Restore ``archive`` into the (empty) database and MEDIA_ROOT; see the module's docstring."""
    started = time.monotonic()
    say = progress or (lambda message: None)
    vendor = _vendor(using)
    manifest = verify(archive)
    say(_("Arkivet er kontrolleret: tjeksum og %(count)s filer passer.") % {"count": len(manifest["media"]) + 1})
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(_("Sikkerhedskopien er fra en %(archive)s-database, men Stemme er sat op til %(current)s. "
                            "Gendan til samme slags database.")
                          % {"archive": manifest["database"]["vendor"], "current": vendor})
    media_root = Path(settings.MEDIA_ROOT)
    if not replace:
        present = _media_present(media_root)
        if present:
            raise BackupError(_("Mappen til filer (MEDIA_ROOT, %(root)s) er ikke tom: den har %(count)s filer. Gendan "
                                "til en tom mappe, eller brug --replace. Intet er ændret.")
                              % {"root": media_root, "count": len(present)})
        tables = database_tables(using)
        if tables:
            raise BackupError(_("Databasen er ikke tom: den har %(count)s tabeller (fx %(table)s). Gendan til en tom "
                                "database, eller brug --replace for at overskrive den. Intet er ændret.")
                              % {"count": len(tables), "table": tables[0]})
    with tarfile.open(archive, "r:") as tar:
        (_restore_sqlite if vendor == "sqlite" else _restore_postgresql)(using, tar, manifest, replace)
        say(_("Databasen er gendannet."))
        _restore_media(tar, manifest, media_root)
    notes = _check_restored(using, manifest, media_root)
    return Result(archive=archive, manifest=manifest, seconds=time.monotonic() - started,
                  size=archive.stat().st_size, notes=notes)
