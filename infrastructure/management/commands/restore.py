"""`manage.py restore BACKUP_DIR [--replace] [--no-media]`: see docs/backup.md."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from infrastructure.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database (which must "
        "be empty unless --replace) and media folder."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", type=Path, help="The backup folder.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Overwrite a database that has tables and media that exist.",
        )
        parser.add_argument("--no-media", action="store_true", help="Database only.")

    def handle(self, *args, source: Path, replace: bool, no_media: bool, **options) -> None:
        try:
            restored = restore(source, replace=replace, media=not no_media)
        except BackupError as error:
            raise CommandError(str(error)) from error
        media = (
            "no media" if restored.media_files is None else f"{restored.media_files} media files"
        )
        if restored.private_files is not None:
            media += f", {restored.private_files} private files"
        self.stdout.write(f"Restored the {restored.database} database and {media} from {source}.")
        self.stdout.write("Next: manage.py migrate (if the code is newer than the backup).")
