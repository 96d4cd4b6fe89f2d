"""Load the seed documents into the catalogue: idempotent, transactional, staff edits kept."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from catalogue.importers.loader import OUTCOMES, LoadReport, load_catalogue
from catalogue.importers.records import LoadError, ParseError
from catalogue.importers.sources import read_documents


class Command(BaseCommand):
    help = "Load source documents (default: seeds/) into the catalogue. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="files or folders to load")
        parser.add_argument(
            "--dry-run", action="store_true", help="write nothing; print what would change"
        )

    def handle(self, *args, paths: list[Path], dry_run: bool, **options) -> None:
        try:
            documents = read_documents(
                paths or [Path(settings.HAMKORI_SEEDS_DIR)],
                max_bytes=settings.HAMKORI_MAX_SOURCE_BYTES,
            )
            report = load_catalogue(documents, dry_run=dry_run)
        except (ParseError, LoadError) as error:
            raise CommandError(str(error)) from None
        self.print_report(report, len(documents))

    def print_report(self, report: LoadReport, document_count: int) -> None:
        verb = "would be" if report.dry_run else "were"
        self.stdout.write(f"Read {document_count} documents.")
        width = max(len(kind) for kind in report.counts)
        header = "  ".join(f"{o:>9}" for o in OUTCOMES)
        self.stdout.write(f"{'':<{width}}  {header}")
        for kind, counts in report.counts.items():
            row = "  ".join(f"{counts[o]:>9}" for o in OUTCOMES)
            self.stdout.write(f"{kind:<{width}}  {row}")
        if not report.changed:
            self.stdout.write(
                self.style.SUCCESS("Nothing changed: every record is unchanged or kept.")
            )
        else:
            created, updated = report.total("created"), report.total("updated")
            self.stdout.write(
                self.style.SUCCESS(f"{created} records {verb} created, {updated} updated.")
            )
        if report.total("kept"):
            self.stdout.write(
                f"{report.total('kept')} records edited by staff were kept as they are."
            )
        if report.dry_run:
            self.stdout.write("Dry run: nothing was written.")
        if report.warnings:
            self.stdout.write(f"\nData-quality warnings ({len(report.warnings)}):")
            for warning in report.warnings:
                self.stdout.write(f"  - {warning}")
