from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from impact.importing import plan_import


class Command(BaseCommand):
    help = (
        "Import the cooperatives' yearly figures from a CSV or XLSX file (docs/impact.md): "
        "all rows or none; each problem is reported with its line and column."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check the file only.")

    def handle(self, *args, file: Path, dry_run: bool = False, **options) -> None:
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(str(error)) from error
        plan = plan_import(data, file.name)
        if not plan.is_valid:
            raise CommandError("\n".join(plan.formatted_problems()))
        if dry_run:
            self.stdout.write(f"{len(plan.rows)} rows are correct; nothing was written.")
            return
        written = plan.write()
        self.stdout.write(self.style.SUCCESS(f"{written} rows of yearly figures imported."))
