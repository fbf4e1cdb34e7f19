from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core import backup


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a backup or restore must not wait for the URL conf or the checks
    help = ("Restore an archive written by `manage.py backup` into an empty database and MEDIA_ROOT: checks the "
            "checksum file and every hash first, then the restored row counts, migrations and files.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--replace", action="store_true",
                            help="overwrite a database that has tables and files already in MEDIA_ROOT")
        parser.add_argument("--check", action="store_true",
                            help="only check the archive (checksum, manifest, every member's hash); change nothing")
        parser.add_argument("--database", default="default")

    def handle(self, *args: object, **options: object) -> None:
        archive = options["archive"]
        assert isinstance(archive, Path)  # nosec B101  # argparse's type=Path (for mypy)
        if options["check"]:
            try:
                manifest = backup.verify(archive)
            except backup.BackupError as error:
                raise CommandError(str(error)) from error
            database = manifest["database"]
            self.stdout.write(self.style.SUCCESS(
                f"{archive} ({manifest['created_at']}) is whole: {database['vendor']}, {len(database['tables'])} "
                f"tables, {sum(database['tables'].values())} rows, {len(manifest['media'])} media files"))
            return
        try:
            result = backup.restore(archive, using=str(options["database"]), replace=bool(options["replace"]),
                                    progress=self.stdout.write)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        for note in result.notes:
            self.stdout.write(self.style.WARNING(note))
        self.stdout.write(self.style.SUCCESS(
            f"{archive} ({result.manifest['created_at']}) restored in {result.seconds:.1f} s: "
            f"{result.tables} tables, {result.rows} rows, {result.files} media files, all checked"))
