import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from wagtail.models import Page

from infrastructure.deferred_indexing import index_once_at_the_end


@contextmanager
def quiet_logs(quiet: bool) -> Iterator[None]:
    """Wagtail logs every page created, published and moved at INFO: hundreds of lines for the
    demo. Below -v 2 they are held back; warnings and errors still show."""
    previous = logging.root.manager.disable
    if quiet:
        logging.disable(logging.INFO)
    try:
        yield
    finally:
        logging.disable(previous)


class Command(BaseCommand):
    help = (
        "Load the demo content of every app (pages, register, news) in Italian and English. "
        "Safe to run again: what exists is left as it is."
    )

    def handle(self, *args, verbosity: int = 1, **options) -> None:
        started = time.monotonic()
        pages_before = Page.objects.count()
        # Each app that has demo content keeps it in its own `demo` module, so that `home`
        # needs to know nothing of the others; INSTALLED_APPS order is the loading order.
        # No outer transaction: wagtail-localize publishes translations on commit, from page
        # objects held in memory, and deferring all of them to one commit corrupts the page
        # tree. Every step checks what exists, so an interrupted load completes on a re-run.
        # The search and reference indexes are updated once per object, at the end.
        loaders = [
            (config.label, module_name)
            for config in apps.get_app_configs()
            if not config.name.startswith(("wagtail", "django"))
            and find_spec(module_name := f"{config.name}.demo")
        ]
        with quiet_logs(verbosity < 2):
            with index_once_at_the_end():
                for step, (label, module_name) in enumerate(loaders, start=1):
                    self.progress(f"[{step}/{len(loaders) + 1}] Demo content of {label}")
                    step_started = time.monotonic()
                    import_module(module_name).load()
                    self.stdout.write(f" {time.monotonic() - step_started:.1f} s")
                self.progress(f"[{len(loaders) + 1}/{len(loaders) + 1}] Search index")
                step_started = time.monotonic()
            self.stdout.write(f" {time.monotonic() - step_started:.1f} s")
        added = Page.objects.count() - pages_before
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content loaded in {time.monotonic() - started:.1f} s ({added} pages added)."
            )
        )

    def progress(self, text: str) -> None:
        """Name the step before it runs, on the line its time will end."""
        self.stdout.write(f"{text} …", ending="")
        self.stdout.flush()
