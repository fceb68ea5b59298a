"""Factories (wagtail-factories, factory_boy): each test builds only the records it needs.

`build_site()` gives the skeleton every public URL needs, the same pages under the same slugs
as the demo (Italian and English home pages as translations,
the register page, the newsroom), and the record factories below add cooperatives, their
certification events, sectors, areas, news pages and categories. Translations go through
wagtail-localize (`publish_translation`), as the demo and the import do, so translated records
are ordinary translations an editor could open.

Tests that are about the demo site itself carry `@pytest.mark.demo` (tests/README.md).
"""

import datetime
import itertools
from dataclasses import dataclass

import factory
import wagtail_factories
from django.test import TestCase
from django.utils import timezone
from stdnum import luhn
from wagtail.models import Collection, Locale, Page, Site

from home.models import EditorialPage, HomePage
from infrastructure.localization import publish_translation
from news.models import NewsCategory, NewsIndexPage, NewsPage, NewsPageCategory, PressContact
from register.models import (
    Area,
    CertificationEvent,
    Cooperative,
    ImportJob,
    JobState,
    RegisterPage,
    Sector,
)


def locale(language_code: str = "it") -> Locale:
    return Locale.objects.get(language_code=language_code)


# Numbers and dates ------------------------------------------------------------------------

_serial = itertools.count(9_000_000)


def valid_vat() -> str:
    """A VAT number that passes the check digit, never one of the demo's."""
    first_ten = f"{next(_serial):07d}016"  # 016: the Bergamo tax office
    return first_ten + luhn.calc_check_digit(first_ten)


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


# Certification histories: (event, days from today, valid until in days from today).
ACTIVE = [("issued", -400, 700)]
SUSPENDED = [("issued", -400, 700), ("suspended", -10, None)]
REVOKED = [("issued", -400, 700), ("revoked", -10, None)]
WITHDRAWN = [("issued", -400, 700), ("withdrawn", -10, None)]
EXPIRED = [("issued", -800, -5)]


# Pages ------------------------------------------------------------------------------------


class TranslatedPageFactory(wagtail_factories.PageFactory):
    """An Italian page, published with a revision as an editor would; `english={source:
    translation}` publishes its English translation too (every translatable string covered)."""

    locale = factory.LazyFunction(locale)

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        page = super()._create(model_class, *args, **kwargs)
        page.save_revision().publish()
        return page

    @factory.post_generation
    def english(page, create: bool, strings: dict[str, str] | None, **kwargs) -> None:
        if create and strings:
            # wagtail-localize publishes a translated page on commit, which a test's
            # transaction never reaches: run its callbacks here, as the commit would.
            with TestCase.captureOnCommitCallbacks(execute=True):
                publish_translation(page, "en", strings)


class HomePageFactory(TranslatedPageFactory):
    title = "Registro Impact"
    slug = "home"
    hero_title = "Cooperative di qualità, verificate"
    parent = factory.LazyFunction(Page.get_first_root_node)

    class Meta:
        model = HomePage


class RegisterPageFactory(TranslatedPageFactory):
    title = "Registro delle cooperative"
    slug = "registro"
    show_in_menus = True

    class Meta:
        model = RegisterPage


class EditorialPageFactory(TranslatedPageFactory):
    """An editorial page (about the mark, the pact…), under the home page unless `parent=`."""

    title = factory.Sequence(lambda n: f"Pagina {n}")
    introduction = factory.LazyAttribute(lambda page: f"Introduzione a {page.title}.")
    body = factory.LazyAttribute(lambda page: [("paragraph", f"<p>Testo di {page.title}.</p>")])
    parent = factory.LazyFunction(lambda: HomePage.objects.get(locale=locale()))

    class Meta:
        model = EditorialPage


class NewsIndexPageFactory(TranslatedPageFactory):
    title = "Notizie"
    slug = "notizie"
    show_in_menus = True

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(TranslatedPageFactory):
    title = factory.Sequence(lambda n: f"Notizia {n}")
    standfirst = factory.LazyAttribute(lambda page: f"Sommario di {page.title}.")
    date = datetime.date(2026, 1, 1)
    body = factory.LazyAttribute(lambda page: [("paragraph", f"<p>Testo di {page.title}.</p>")])

    class Meta:
        model = NewsPage

    @factory.post_generation
    def english(page, create: bool, strings: dict[str, str] | None, **kwargs) -> None:
        """As for any page; the place (Bergamo) reads the same in English unless given."""
        if strings:
            strings = {page.place: page.place, **strings} if page.place else strings
        TranslatedPageFactory.english.function(page, create, strings, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, publish: bool = True, categories=(), **kwargs):
        """`publish=False` leaves a draft (one revision, not live); `categories` are codes."""
        kwargs["live"] = publish
        if categories:
            kwargs["category_links"] = [
                NewsPageCategory(category=NewsCategory.objects.get(code=code, locale=locale()))
                for code in categories
            ]
        page = super(TranslatedPageFactory, cls)._create(model_class, *args, **kwargs)
        revision = page.save_revision()
        if publish:
            revision.publish()
        page.refresh_from_db()
        return page


@dataclass
class SiteSkeleton:
    home_it: HomePage
    home_en: HomePage
    register_it: RegisterPage
    register_en: RegisterPage
    news_it: NewsIndexPage
    news_en: NewsIndexPage


def build_site() -> SiteSkeleton:
    """The demo's page tree without its content: the default Site's root is the Italian home
    page (Wagtail's "Welcome" page removed, as the demo does), with the register at
    /it/registro/ and /en/register/ and the newsroom at /it/notizie/ and /en/news/."""
    site = Site.objects.get(is_default_site=True)
    welcome = site.root_page
    site.root_page = Page.get_first_root_node()
    site.save()
    welcome.delete()  # its slug is "home" too
    home = HomePageFactory(
        english={
            "Registro Impact": "Impact register",
            "home": "home",
            "Cooperative di qualità, verificate": "Quality cooperatives, checked",
        }
    )
    site.root_page = home
    site.site_name = "Registro Impact"
    site.save()
    register = RegisterPageFactory(
        parent=home,
        english={"Registro delle cooperative": "Register of cooperatives", "registro": "register"},
    )
    news = NewsIndexPageFactory(parent=home, english={"Notizie": "News", "notizie": "news"})
    return SiteSkeleton(
        home_it=home,
        home_en=home.get_translation(locale("en")),
        register_it=register,
        register_en=register.get_translation(locale("en")),
        news_it=news,
        news_en=news.get_translation(locale("en")),
    )


# Vocabularies -----------------------------------------------------------------------------


class TranslatedTermFactory(factory.django.DjangoModelFactory):
    """A sector, area or news category in Italian; `english="…"` publishes its English term."""

    locale = factory.LazyFunction(locale)
    code = factory.Sequence(lambda n: f"termine-{n}")
    name = factory.LazyAttribute(lambda term: term.code.replace("-", " ").capitalize())

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def english(term, create: bool, name: str | None, **kwargs) -> None:
        if create and name:
            publish_translation(term, "en", {term.name: name})


class SectorFactory(TranslatedTermFactory):
    class Meta:
        model = Sector


class AreaFactory(TranslatedTermFactory):
    """A province, or a zone within one with `parent=province`."""

    class Meta:
        model = Area


class NewsCategoryFactory(TranslatedTermFactory):
    class Meta:
        model = NewsCategory


# The demo's vocabulary ------------------------------------------------------------------

# Some of the demo's sectors and areas, under its codes and names (demo/register.py), for the
# tests that read files or addresses naming them (the import's files and template…).
DEMO_SECTORS = {
    "pulizie": ("Pulizie", "Cleaning"),
    "servizi-integrati": ("Servizi integrati e facility", "Facility services"),
    "logistica": ("Logistica e magazzino", "Logistics and warehousing"),
    "ristorazione": ("Ristorazione collettiva", "Catering"),
    "manutenzione-verde": ("Manutenzione del verde", "Green maintenance"),
    "trasporti": ("Trasporti", "Transport"),
}
DEMO_PROVINCE = ("bg", ("Provincia di Bergamo", "Province of Bergamo"))
DEMO_ZONES = {
    "bg-citta": ("Bergamo e hinterland", "Bergamo and surroundings"),
    "bg-isola": ("Isola Bergamasca", "Isola Bergamasca"),
    "bg-valle-seriana": ("Valle Seriana", "Seriana Valley"),
}


def demo_terms(*codes: str, english: bool) -> dict[str, dict]:
    """{"sectors": {code: Sector}, "areas": {code: Area}}: all of DEMO_SECTORS, DEMO_PROVINCE
    and DEMO_ZONES, or only those of `codes` (a zone brings its province); in English too
    (published translations, as the demo's) when `english`, ~50 ms a term."""

    def wanted(code: str) -> bool:
        return not codes or code in codes

    def names(pair: tuple[str, str]) -> dict:
        return {"name": pair[0], "english": pair[1] if english else None}

    sectors = {
        code: SectorFactory(code=code, **names(pair))
        for code, pair in DEMO_SECTORS.items()
        if wanted(code)
    }
    zones = {code: pair for code, pair in DEMO_ZONES.items() if wanted(code)}
    areas = {}
    province_code, province_names = DEMO_PROVINCE
    if wanted(province_code) or zones:
        province = areas[province_code] = AreaFactory(code=province_code, **names(province_names))
        for code, pair in zones.items():
            areas[code] = AreaFactory(code=code, parent=province, **names(pair))
    return {"sectors": sectors, "areas": areas}


# Media and newsroom records ---------------------------------------------------------------


class ImageFactory(wagtail_factories.ImageFactory):
    """A picture of the root collection, 1200 by 630 (a share image), drawn by factory_boy."""

    title = factory.Sequence(lambda n: f"Immagine {n}")
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.ImageField(width=1200, height=630, color="teal", filename="foto.png")


class DocumentFactory(wagtail_factories.DocumentFactory):
    """A document of the root collection (`collection=` another), a small PDF-named file."""

    title = factory.Sequence(lambda n: f"Documento {n}")
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.FileField(filename="documento.pdf", data=b"%PDF-1.4\n%%EOF\n")


class PressContactFactory(factory.django.DjangoModelFactory):
    """The newsroom's press office in Italian; `english="…"` publishes its English name."""

    locale = factory.LazyFunction(locale)
    office = "Ufficio stampa Confcooperative Bergamo"
    email = "stampa@example.org"
    phone = "+39 035 000 0001"

    class Meta:
        model = PressContact
        skip_postgeneration_save = True

    @factory.post_generation
    def english(contact, create: bool, office: str | None, **kwargs) -> None:
        if create and office:
            publish_translation(contact, "en", {contact.office: office})


# Cooperatives and their certification ----------------------------------------------------


class CertificationEventFactory(factory.django.DjangoModelFactory):
    kind = "issued"
    date = factory.LazyFunction(lambda: days(-400))
    valid_until = factory.LazyAttribute(
        lambda event: (
            event.date + datetime.timedelta(days=1100)
            if event.kind in ("issued", "renewed")
            else None
        )
    )
    public_note = factory.LazyAttribute(lambda event: f"Nota {event.kind}")

    class Meta:
        model = CertificationEvent


class CooperativeFactory(factory.django.DjangoModelFactory):
    """A validated Italian cooperative with a published revision and a certification history.

    `sectors`, `areas`: terms; `history`: (event, days from today, valid until in days) as in
    ACTIVE (the default), SUSPENDED, REVOKED, WITHDRAWN, EXPIRED or [] for none yet;
    `publish=False` leaves a draft; `english="…"` publishes the English translation with that
    description.
    """

    locale = factory.LazyFunction(locale)
    name = factory.Sequence(lambda n: f"Cooperativa {n}")
    slug = factory.LazyAttribute(lambda cooperative: cooperative.name.lower().replace(" ", "-"))
    legal_form = "lavoro"
    vat_number = factory.LazyFunction(valid_vat)
    comune = "Bergamo"
    description = factory.LazyAttribute(
        lambda cooperative: f"<p>Descrizione di {cooperative.name}.</p>"
    )

    class Meta:
        model = Cooperative

    @classmethod
    def _create(
        cls,
        model_class,
        *args,
        sectors=(),
        areas=(),
        history=ACTIVE,
        publish: bool = True,
        english: str | None = None,
        **fields,
    ) -> Cooperative:
        cooperative = model_class(live=publish, **fields)
        cooperative.full_clean()
        cooperative.save()
        cooperative.sectors.set(sectors)
        cooperative.areas.set(areas)
        cooperative.save()
        revision = cooperative.save_revision()
        if publish:
            revision.publish()
        for kind, start, until in history:
            CertificationEventFactory(
                cooperative=cooperative,
                kind=kind,
                date=days(start),
                valid_until=days(until) if until is not None else None,
            )
        if english:
            text = cooperative.description.removeprefix("<p>").removesuffix("</p>")
            publish_translation(cooperative, "en", {text: english})
        cooperative.refresh_from_db()
        return cooperative


# Import jobs ------------------------------------------------------------------------------


class ImportJobFactory(factory.django.DjangoModelFactory):
    """An admin import job, as the tasks leave it: `state=` "done" (the default, with its
    counts), "failed", "ready", "queued" or "running"; `user=` the manager who uploaded."""

    filename = factory.Sequence(lambda n: f"cooperative-{n}.csv")
    state = JobState.DONE
    step = "import"
    rows_total = 3
    rows_processed = factory.LazyAttribute(
        lambda job: job.rows_total if job.state in ImportJob.FINISHED else 0
    )
    counts = factory.LazyAttribute(
        lambda job: (
            {"create": 2, "update": 1, "unchanged": 0}
            if job.state in (JobState.DONE, JobState.READY)
            else None
        )
    )
    data = factory.LazyAttribute(
        lambda job: None if job.state in ImportJob.FINISHED else b"name;vat_number\n"
    )

    class Meta:
        model = ImportJob
