import time
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand

from home.deferred_indexing import index_once_at_the_end


class Command(BaseCommand):
    help = (
        "Load the demo content of every app (pages, register, news) in Italian and English. "
        "Safe to run again: what exists is left as it is."
    )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        # Each app that has demo content keeps it in its own `demo` module, so that `home`
        # needs to know nothing of the others; INSTALLED_APPS order is the loading order.
        # No outer transaction: wagtail-localize publishes translations on commit, from page
        # objects held in memory, and deferring all of them to one commit corrupts the page
        # tree. Every step checks what exists, so an interrupted load completes on a re-run.
        # The search and reference indexes are updated once per object, at the end.
        with index_once_at_the_end():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if not config.name.startswith(("wagtail", "django")) and find_spec(module_name):
                    import_module(module_name).load()
                    self.stdout.write(f"Demo content of {config.label} loaded.")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f} s."))
