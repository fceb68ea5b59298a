from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from home.models import HomePage

DEV_USERNAME = "admin"
DEV_PASSWORD = "impact-dev-only"


class Command(BaseCommand):
    help = "Development only: load the demo content into an empty database and create an admin."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", default="8000")

    def handle(self, *args, port: str, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("prepare_dev_site is for local development (DEBUG on) only.")
        if not HomePage.objects.exists():
            call_command("load_demo_content", stdout=self.stdout)
        User = get_user_model()
        if not User.objects.filter(username=DEV_USERNAME).exists():
            User.objects.create_superuser(DEV_USERNAME, "admin@example.org", DEV_PASSWORD)
            self.stdout.write(f"Created the development administrator '{DEV_USERNAME}'.")
        base = f"http://127.0.0.1:{port}"
        self.stdout.write(
            self.style.SUCCESS(
                f"\n  Site:  {base}/it/  (English: {base}/en/)\n"
                f"  Admin: {base}/admin/  user '{DEV_USERNAME}', password '{DEV_PASSWORD}' "
                "(development only)\n"
            )
        )
