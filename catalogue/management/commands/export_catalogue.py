"""Write the whole catalogue as JSON to standard output."""

import json

from django.core.management.base import BaseCommand

from catalogue.dump import export_catalogue


class Command(BaseCommand):
    help = "Write the whole catalogue as JSON to stdout (shape: docs/export.md)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(json.dumps(export_catalogue(), ensure_ascii=False, indent=2))
