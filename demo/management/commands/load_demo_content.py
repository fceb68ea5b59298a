import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import BaseCommand
from wagtail.models import Page

from demo import contact, figures, news, pages, quotes, register
from infrastructure.deferred_indexing import index_once_at_the_end

# The demo content of each app, in the order it is loaded: the register page sits beside the
# home's pages, the news and contact pages link to both.
LOADERS = [
    ("home", pages.load),
    ("register", register.load),
    ("news", news.load),
    ("contact", contact.load),
    ("the Pact's results", quotes.load),
    ("the cooperatives' yearly figures", figures.load),
]


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
        # No outer transaction: wagtail-localize publishes translations on commit, from page
        # objects held in memory, and deferring all of them to one commit corrupts the page
        # tree. Every step checks what exists, so an interrupted load completes on a re-run.
        # The search and reference indexes are updated once per object, at the end.
        with quiet_logs(verbosity < 2):
            with index_once_at_the_end():
                for step, (label, load) in enumerate(LOADERS, start=1):
                    self.progress(f"[{step}/{len(LOADERS) + 1}] Demo content of {label}")
                    step_started = time.monotonic()
                    load()
                    self.stdout.write(f" {time.monotonic() - step_started:.1f} s")
                self.progress(f"[{len(LOADERS) + 1}/{len(LOADERS) + 1}] Search index")
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
