"""`manage.py import_cooperatives FILE [--dry-run]`: create or update cooperatives from a
.csv or .xlsx file, all rows or none. The columns are documented in register/IMPORT.md."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from register.importing import ImportApplyError, apply_plan, plan_import

PHASES = {"validate": "Validating", "apply": "Importing"}


class ProgressBar:
    """A textual progress bar on stderr, for long imports or on a terminal: redrawn in place
    about every 2% on a terminal, one line every 10% otherwise (e.g. in a log)."""

    WIDTH = 30
    LONG = 500  # rows

    def __init__(self, stream):
        self.stream = stream
        self.is_tty = stream.isatty()
        self.last: tuple[str, int] | None = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not total or not (self.is_tty or total > self.LONG):
            return
        step = done * (50 if self.is_tty else 10) // total
        if self.last == (phase, step):
            return
        self.last = (phase, step)
        filled = done * self.WIDTH // total
        bar = "#" * filled + "." * (self.WIDTH - filled)
        text = f"{PHASES.get(phase, phase):<10} [{bar}] {done * 100 // total:3d}% {done}/{total}"
        if self.is_tty:
            ending = "\n" if done == total else ""
            self.stream.write(f"\r{text}", style_func=str, ending=ending)
        else:
            self.stream.write(text, style_func=str)
        self.stream.flush()


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
        progress = ProgressBar(self.stderr)

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
        self.stderr.write(f"Done in {time.monotonic() - started:.1f} s.", style_func=str)
