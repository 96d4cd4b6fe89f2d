"""Load a backup written by ``backup`` into an empty, migrated database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalogue.backup import BadPath, NotEmpty, read_backup


class Command(BaseCommand):
    help = "Restore a backup into an empty migrated database (docs/operations.md)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        try:
            read_backup(path)
        except (BadPath, NotEmpty) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {path}.")
