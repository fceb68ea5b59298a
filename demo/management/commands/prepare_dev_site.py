from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from home.models import HomePage

DEV_USERNAME = "admin"
DEV_PASSWORD = "impact-dev-only"


def dev_site_addresses(port: int | str) -> str:
    """What a newcomer needs to start: the site's and the admin's addresses, and how to sign in."""
    base = f"http://127.0.0.1:{port}"
    return (
        f"\n  Site:  {base}/it/  (English: {base}/en/)\n"
        f"  Admin: {base}/admin/  user '{DEV_USERNAME}', password '{DEV_PASSWORD}' "
        "(development only)\n"
    )


class Command(BaseCommand):
    help = (
        "Development only: bring the database up to date, load the demo content into an empty "
        "database and create an admin."
    )

    def handle(self, *args, verbosity: int = 1, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("prepare_dev_site is for local development (DEBUG on) only.")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            # One line instead of one per migration (hundreds on a new database).
            self.stdout.write(f"Applying {len(pending)} database migrations …", ending="")
            self.stdout.flush()
            call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
            self.stdout.write(" done")
        if not HomePage.objects.exists():
            # The stream itself: a second OutputWrapper would end each progress step's line.
            call_command("load_demo_content", stdout=self.stdout._out, verbosity=verbosity)
        User = get_user_model()
        if not User.objects.filter(username=DEV_USERNAME).exists():
            User.objects.create_superuser(DEV_USERNAME, "admin@example.org", DEV_PASSWORD)
            self.stdout.write(f"Created the development administrator '{DEV_USERNAME}'.")
