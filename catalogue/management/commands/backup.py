"""Write the whole database (catalogue, history, users, admin log) to one JSON file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalogue.backup import BadPath, write_backup


class Command(BaseCommand):
    help = "Back up the catalogue, its history, users and admin log to PATH (docs/operations.md)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="e.g. hamkori-2026-01-31.json.gz")

    def handle(self, *args, path: Path, **options) -> None:
        try:
            count = write_backup(path)
        except BadPath as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up {count} rows to {path}.")
