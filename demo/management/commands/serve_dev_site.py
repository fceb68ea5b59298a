from django.conf import settings
from django.contrib.staticfiles.management.commands.runserver import Command as RunserverCommand
from django.core.management.base import CommandError

from demo.management.commands.prepare_dev_site import dev_site_addresses


class Command(RunserverCommand):
    help = (
        "Development only: Django's runserver, which prints the site's addresses and the "
        "admin's credentials last, once it is listening (`make run`)."
    )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("serve_dev_site is for local development (DEBUG on) only.")
        super().handle(*args, **options)

    def on_bind(self, server_port: int) -> None:
        # Django's banner, then ours: the last lines before the request log, where one looks.
        super().on_bind(server_port)
        self.stdout.write(self.style.SUCCESS(dev_site_addresses(server_port)))
