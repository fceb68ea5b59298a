"""Find, and with --repair put right, register records that break its rules of consistency."""

from django.core.management.base import BaseCommand, CommandError

from infrastructure.invalidation import content_changed
from register.integrity import find_wrong_locale_links, repair_wrong_locale_links
from register.models import Cooperative


class Command(BaseCommand):
    help = (
        "Check that every cooperative's sectors and areas are terms of its own language. "
        "With --repair, point each wrong link at the same term in the cooperative's language; "
        "links whose term has no translation there are reported for a person to fix. Exits "
        "with status 1 while any problem remains."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--repair", action="store_true", help="Repair what can be repaired, then report."
        )

    def handle(self, *args, repair: bool = False, **options) -> None:
        links = find_wrong_locale_links(Cooperative)
        if not links:
            self.stdout.write("Sectors and areas: every cooperative has terms of its language.")
            return
        remaining = links
        if repair:
            remaining = repair_wrong_locale_links(Cooperative, links)
            # Raw writes send no signals: drop the cached vocabulary, figures and pages.
            content_changed()
            for link in links:
                if link not in remaining:
                    self.stdout.write(f"Repaired: {link.describe()}.")
        for link in remaining:
            self.stdout.write(f"{'Not repaired' if repair else 'Found'}: {link.describe()}.")
        if remaining:
            hint = (
                "translate the term into the cooperative's language, or choose another one in "
                "its edit form, then run this again"
                if repair
                else "run with --repair to fix what can be fixed"
            )
            raise CommandError(f"{len(remaining)} wrong sector or area link(s): {hint}.")
        self.stdout.write(f"{len(links)} link(s) repaired.")
