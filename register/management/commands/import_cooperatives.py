"""`manage.py import_cooperatives FILE [--dry-run]`: create or update cooperatives from a
.csv or .xlsx file, all rows or none. The columns are documented in register/IMPORT.md."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from infrastructure.progress import TerminalProgress
from register.importing import ImportApplyError, apply_plan, plan_import

PHASES = {"validate": "Validating", "apply": "Importing"}


class Command(BaseCommand):
    help = (
        "Create or update cooperatives from a .csv (UTF-8) or .xlsx file, matching them by VAT "
        "number. Every row is validated first: if any is invalid, nothing is written and every "
        "problem is listed as file:line:column:reason. See register/IMPORT.md for the columns."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .csv or .xlsx file to import.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate and count what would change, without writing anything.",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: cannot read the file ({error.strerror}).") from None
        started = time.monotonic()
        # On stderr, so that stdout keeps only the outcome (for scripts that read it).
        progress = TerminalProgress(self.stderr, verbosity=options["verbosity"], labels=PHASES)

        plan = plan_import(data, str(path), progress=progress)
        if not plan.is_valid:
            for line in plan.formatted_problems():
                self.stderr.write(line)
            count = len(plan.problems)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} found: nothing was imported."
            )
        for row in plan.rows:
            for warning in row.warnings:
                self.stderr.write(f"{path}:{row.line}:-:warning: {warning}")

        if not options["dry_run"]:
            try:
                apply_plan(plan, progress=progress)
            except ImportApplyError as error:
                raise CommandError(str(error)) from None
        counts = plan.counts
        self.stdout.write(
            f"created {counts['create']}, updated {counts['update']}, "
            f"unchanged {counts['unchanged']}"
        )
        if counts["create"] + counts["update"]:
            self.stdout.write(plan.publication_summary(done=not options["dry_run"]))
        if options["dry_run"]:
            self.stdout.write("dry run: nothing written")
        if options["verbosity"] >= 1:
            self.stderr.write(f"Done in {time.monotonic() - started:.1f} s.", style_func=str)
