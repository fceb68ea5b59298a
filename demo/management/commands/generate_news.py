"""Synthetic news for scale tests: `generate_news --count 500 --seed 1`.

Each item is an Italian news page with its English translation (same translation key, under
the English newsroom), both published, dated over the last years and in one of the demo
categories. The same seed gives the same items; slugs start with "gen-" so generated news is
recognisable, and a second run adds the next items instead of repeating the first."""

import datetime
import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from wagtail.models import Locale

from infrastructure.deferred_indexing import index_once_at_the_end
from infrastructure.invalidation import bulk_changes
from news.models import NewsCategory, NewsIndexPage, NewsPage, NewsPageCategory

SUBJECTS = [
    ("una cooperativa di pulizie", "a cleaning cooperative"),
    ("una cooperativa sociale di tipo B", "a type B social cooperative"),
    ("un consorzio di servizi", "a services consortium"),
    ("una cooperativa di logistica", "a logistics cooperative"),
    ("una cooperativa di ristorazione", "a catering cooperative"),
]
EVENTS = [
    ("ottiene il marchio Impact", "is awarded the Impact mark"),
    ("rinnova il marchio Impact", "renews the Impact mark"),
    ("presenta il suo bilancio sociale", "presents its social report"),
    ("apre un corso di formazione", "opens a training course"),
    ("firma un accordo con un'impresa", "signs an agreement with a company"),
]
PLACES = ["Bergamo", "Seriate", "Dalmine", "Treviglio", "Albino", "Ponte San Pietro"]


class Command(BaseCommand):
    help = (
        "Add N synthetic news items in Italian, each with its English translation, for scale "
        "tests. The same --seed gives the same items. Needs the newsroom (load_demo_content)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--count", type=int, default=500)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, count: int, seed: int, **options) -> None:
        if count < 1:
            raise CommandError("--count must be positive.")
        italian = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
        english = Locale.objects.get(language_code="en")
        index = NewsIndexPage.objects.filter(locale=italian).first()
        categories = list(NewsCategory.objects.filter(locale=italian).order_by("code"))
        if index is None or not categories:
            raise CommandError("No newsroom or categories: run load_demo_content first.")
        if not NewsIndexPage.objects.filter(locale=english).exists():
            raise CommandError("The newsroom has no English translation.")
        first = NewsPage.objects.child_of(index).filter(slug__startswith="gen-").count()
        rng = random.Random(seed * 1_000_003 + first)
        today = timezone.localdate()
        started = time.monotonic()
        # Indexed once, and one change for the caches, at the end: each page is saved several
        # times on its way to publication.
        with index_once_at_the_end(), bulk_changes():
            for number in range(first, first + count):
                self.add_item(number, rng, today, index, categories, english)
                if (number - first + 1) % 100 == 0:
                    self.stdout.write(f"  {number - first + 1}/{count} news items")
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {count} news items in Italian and English "
                f"in {time.monotonic() - started:.1f} s."
            )
        )

    def add_item(self, number, rng, today, index, categories, english) -> None:
        subject, event = rng.choice(SUBJECTS), rng.choice(EVENTS)
        place = rng.choice(PLACES)
        date = today - datetime.timedelta(days=rng.randrange(0, 5 * 365))
        italian_title = f"{place}: {subject[0]} {event[0]} (n. {number + 1})"
        english_title = f"{place}: {subject[1]} {event[1]} (no. {number + 1})"
        page = NewsPage(
            title=italian_title[0].upper() + italian_title[1:],
            slug=f"gen-notizia-{number + 1:05d}",
            standfirst=f"A {place} {subject[0]} {event[0]}: la notizia in breve.",
            date=date,
            place=place,
            body=[("paragraph", f"<p>{subject[0].capitalize()} {event[0]} a {place}.</p>")],
            locale=index.locale,
        )
        page.category_links = [NewsPageCategory(category=rng.choice(categories))]
        index.add_child(instance=page)
        page.save_revision().publish()

        translation = page.copy_for_translation(english)
        translation.title = english_title
        translation.slug = f"gen-news-{number + 1:05d}"
        translation.standfirst = f"In {place}, {subject[1]} {event[1]}: the news in brief."
        translation.body = [("paragraph", f"<p>In {place}, {subject[1]} {event[1]}.</p>")]
        translation.save_revision().publish()
