from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core import backup


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a backup or restore must not wait for the URL conf or the checks
    help = ("Back up the database (SQLite: online backup API; PostgreSQL: pg_dump --format=custom) and the media "
            "files into one dated archive with a manifest and a .sha256 checksum file beside it (core/backup.py).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, default=Path(settings.BASE_DIR) / "backups",
                            help="the folder the archive is written to (default: backups/)")
        parser.add_argument("--database", default="default")

    def handle(self, *args: object, **options: object) -> None:
        output = options["output"]
        assert isinstance(output, Path)  # nosec B101  # argparse's type=Path (for mypy)
        try:
            result = backup.backup(output, using=str(options["database"]))
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(
            f"{result.archive} ({result.size / 1e6:.1f} MB, {result.seconds:.1f} s): "
            f"{result.manifest['database']['vendor']}, {result.tables} tables, {result.rows} rows, "
            f"{result.files} media files"))
        self.stdout.write(str(backup.checksum_path(result.archive)))
