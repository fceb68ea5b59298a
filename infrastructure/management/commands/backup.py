"""`manage.py backup [--output DIR] [--keep N] [--no-media]`: see docs/backup.md."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from infrastructure.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded media into a new folder under --output."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=Path(settings.BASE_DIR) / "var" / "backups",
            help="Folder that receives the backup (default: var/backups).",
        )
        parser.add_argument("--keep", type=int, help="Delete all but the newest N backups.")
        parser.add_argument("--no-media", action="store_true", help="Database only.")

    def handle(self, *args, output: Path, keep: int | None, no_media: bool, **options) -> None:
        try:
            target = backup(output, media=not no_media, keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(target))
