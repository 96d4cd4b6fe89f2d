"""Fill the catalogue with synthetic demo data (or remove it): see catalogue/demo.py."""

import time

from django.core.management.base import BaseCommand, CommandError

from catalogue import demo


class Command(BaseCommand):
    help = (
        "Replace the demo data with N synthetic projects (and organisations, donors, case "
        "studies, contributions), or remove it. Seed records and staff edits are never touched."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--projects", type=int, metavar="N", help="how many projects")
        action.add_argument("--remove", action="store_true", help="delete every demo record")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")

    def handle(self, *args, projects: int | None, remove: bool, seed: int, **options) -> None:
        started = time.perf_counter()
        try:
            if remove:
                result, verb = demo.remove(), "Removed"
            else:
                if projects < 1:
                    raise CommandError("--projects must be at least 1.")
                result, verb = demo.generate(projects, seed=seed), "Generated"
        except (demo.NoPlaces, demo.OutsideReferences) as error:
            raise CommandError(str(error)) from None
        summary = ", ".join(f"{count:,} {name}" for name, count in result.items())
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"{verb} demo data: {summary} ({elapsed:.1f} s)."))
