"""Synthetic cooperatives for scale tests: `generate_cooperatives --count 10000 --seed 1`.

The same seed gives the same data. Records are written through the register's one write path
(register.writing), like imported ones: published, with a revision and their history.
Generated records are recognisable and never collide with real or demo ones: slugs start with
"gen-", certificate numbers with "GEN-", and VAT numbers come from their own range (7000000…).
"""

import calendar
import datetime
import random
import time
import uuid
from collections.abc import Iterator

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from stdnum import luhn
from wagtail.models import Locale

from infrastructure.progress import TerminalProgress
from register.models import Area, CertificationEvent, Cooperative, EventKind, LegalForm, Sector
from register.writing import CooperativeWrite, write_cooperatives

VAT_BASE = 7_000_000  # first seven digits of generated VAT numbers; then 016, the Bergamo office

# Real comuni and postcodes of each zone of the province.
COMUNI = {
    "bg-citta": [
        ("Bergamo", "24121"),
        ("Bergamo", "24125"),
        ("Bergamo", "24128"),
        ("Seriate", "24068"),
        ("Dalmine", "24044"),
        ("Stezzano", "24040"),
        ("Curno", "24035"),
        ("Grassobbio", "24050"),
        ("Torre Boldone", "24020"),
        ("Azzano San Paolo", "24052"),
    ],
    "bg-valle-seriana": [
        ("Alzano Lombardo", "24022"),
        ("Nembro", "24027"),
        ("Albino", "24021"),
        ("Clusone", "24023"),
        ("Gazzaniga", "24025"),
        ("Vertova", "24029"),
        ("Gandino", "24024"),
        ("Ponte Nossa", "24028"),
    ],
    "bg-valle-brembana": [
        ("Zogno", "24019"),
        ("San Pellegrino Terme", "24016"),
        ("San Giovanni Bianco", "24015"),
        ("Piazza Brembana", "24014"),
        ("Villa d'Almè", "24018"),
    ],
    "bg-valle-imagna": [
        ("Almenno San Bartolomeo", "24030"),
        ("Almenno San Salvatore", "24031"),
        ("Sant'Omobono Terme", "24038"),
        ("Strozza", "24030"),
    ],
    "bg-valle-cavallina": [
        ("Trescore Balneario", "24069"),
        ("Casazza", "24060"),
        ("Entratico", "24060"),
        ("Endine Gaiano", "24060"),
    ],
    "bg-isola": [
        ("Ponte San Pietro", "24036"),
        ("Brembate", "24041"),
        ("Calusco d'Adda", "24033"),
        ("Capriate San Gervasio", "24042"),
        ("Terno d'Isola", "24030"),
        ("Bonate Sopra", "24040"),
    ],
    "bg-bassa": [
        ("Treviglio", "24047"),
        ("Romano di Lombardia", "24058"),
        ("Caravaggio", "24043"),
        ("Martinengo", "24057"),
        ("Verdello", "24049"),
        ("Cologno al Serio", "24055"),
        ("Ghisalba", "24050"),
        ("Calcio", "24054"),
    ],
    "bg-sebino": [
        ("Lovere", "24065"),
        ("Sarnico", "24067"),
        ("Costa Volpino", "24062"),
        ("Grumello del Monte", "24064"),
        ("Villongo", "24060"),
    ],
}

NOUNS = [
    "Approdo",
    "Bussola",
    "Cantiere",
    "Cortile",
    "Crocevia",
    "Filo",
    "Focolare",
    "Fonte",
    "Granaio",
    "Intreccio",
    "Lanterna",
    "Mulino",
    "Officina",
    "Orizzonte",
    "Ponte",
    "Quadrifoglio",
    "Radice",
    "Rifugio",
    "Seme",
    "Sentiero",
    "Sorgente",
    "Telaio",
    "Torchio",
    "Varco",
    "Vela",
    "Bottega",
    "Ancora",
    "Navetta",
    "Cardo",
    "Tralcio",
]
STREETS = (
    "Via Roma",
    "Via Marconi",
    "Via Mazzini",
    "Via Garibaldi",
    "Via Dante",
    "Via Europa",
    "Via dell'Industria",
    "Via dell'Artigianato",
    "Via Kennedy",
    "Via Provinciale",
    "Via San Giovanni Bosco",
    "Via Papa Giovanni XXIII",
)
FORMS = [  # legal form, weight, name prefix, Albo category
    (LegalForm.WORKER, 35, "Cooperativa", "Cooperative di produzione e lavoro"),
    (LegalForm.SOCIAL_B, 30, "Cooperativa Sociale", "Cooperative sociali"),
    (LegalForm.SOCIAL_A, 25, "Cooperativa Sociale", "Cooperative sociali"),
    (LegalForm.CONSORTIUM, 10, "Consorzio", "Consorzi cooperativi"),
]
CCNL = {
    "pulizie": "CCNL Multiservizi",
    "servizi-integrati": "CCNL Multiservizi",
    "accoglienza": "CCNL Multiservizi",
    "logistica": "CCNL Logistica, trasporto merci e spedizione",
    "trasporti": "CCNL Logistica, trasporto merci e spedizione",
    "ristorazione": "CCNL Turismo e pubblici esercizi",
    "conto-terzi": "CCNL Cooperative metalmeccaniche",
}
QUALITY = (
    "Percorso ISO 9001 avviato",
    "Certificazione ISO 9001 ottenuta",
    "ISO 9001 ottenuta, ISO 14001 in corso",
    "ISO 9001 ottenuta, ISO 45001 in corso",
)
TRAINING = (
    "Piano formativo annuale finanziato da Fon.Coop",
    "Corsi su sicurezza e primo soccorso per tutto il personale",
    "Tutoraggio e formazione sul lavoro per le persone inserite",
)
OPENINGS = (
    "La cooperativa ha sede {at} {comune} ed è attiva dal {year}.",
    "Nata {at} {comune} nel {year}, lavora per imprese ed enti della provincia.",
    "Fondata nel {year} da un gruppo di lavoratori di {comune}.",
)
WORK = (
    "Si occupa di {sectors}.",
    "Offre servizi di {sectors}, con squadre stabili e un referente per ogni cliente.",
    "Il suo lavoro riguarda {sectors}, anche su turni e nei giorni festivi.",
)
CLOSINGS = {
    LegalForm.WORKER: "I {members} soci lavoratori decidono insieme in assemblea.",
    LegalForm.SOCIAL_B: "Dà lavoro a {workers} persone, di cui {disadvantaged} in inserimento.",
    LegalForm.SOCIAL_A: "Gestisce servizi alla persona insieme ai comuni del territorio.",
    LegalForm.CONSORTIUM: "Riunisce {members} cooperative e partecipa per loro a gare e appalti.",
}
NOTES = {
    EventKind.ISSUED: "Prima certificazione Impact.",
    EventKind.RENEWED: "Rinnovo dopo la verifica dei requisiti.",
    EventKind.SUSPENDED: "Sospeso in attesa della verifica dei requisiti.",
    EventKind.REINSTATED: "Riattivato dopo la verifica positiva dei requisiti.",
    EventKind.REVOKED: "Revocato: i requisiti del marchio non sono più rispettati.",
}


def vat_number(number: int) -> str:
    first_ten = f"{VAT_BASE + number:07d}016"
    return first_ten + luhn.calc_check_digit(first_ten)


def years_after(day: datetime.date, years: int) -> datetime.date:
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def history(rng: random.Random, today: datetime.date) -> list[tuple]:
    """A plausible history as (kind, date, valid_until) tuples, in date order, none in the
    future: ~4% never certified, then issued within four years, mostly renewed before
    expiry, and a few suspended (some reinstated) or revoked."""
    if rng.random() < 0.04:
        return []
    day = today - datetime.timedelta(days=rng.randint(0, 4 * 365))
    valid_until = years_after(day, 3)
    events = [(EventKind.ISSUED, day, valid_until)]
    while valid_until <= today and rng.random() < 0.8:  # renewed shortly before it expires
        day = max(day, valid_until - datetime.timedelta(days=rng.randint(1, 60)))
        valid_until = years_after(valid_until, 3)
        events.append((EventKind.RENEWED, day, valid_until))
    draw = rng.random()
    if draw < 0.09:
        day += datetime.timedelta(days=rng.randint(0, (today - day).days))
        events.append((EventKind.SUSPENDED, day, None))
        if draw < 0.04:
            day += datetime.timedelta(days=rng.randint(0, (today - day).days))
            events.append((EventKind.REINSTATED, day, None))
        elif draw < 0.06:
            day += datetime.timedelta(days=rng.randint(0, (today - day).days))
            events.append((EventKind.REVOKED, day, None))
    elif draw < 0.12:
        day += datetime.timedelta(days=rng.randint(0, (today - day).days))
        events.append((EventKind.REVOKED, day, None))
    return events


def joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " e " + words[-1]


class Command(BaseCommand):
    help = (
        "Add N synthetic cooperatives (with sectors, areas and certification history) for "
        "scale tests. The same --seed gives the same data. Needs the sectors and areas "
        "(load_demo_content)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--count", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=1_000)
        # The database search backends rescan the whole index after each batch (title norms):
        # fewer, larger batches keep that cost from growing with the square of the count.
        parser.add_argument("--index-batch-size", type=int, default=5_000)

    def handle(
        self, *args, count: int, seed: int, batch_size: int, index_batch_size: int, **options
    ) -> None:
        if min(count, batch_size, index_batch_size) < 1:
            raise CommandError("--count and the batch sizes must be positive.")
        started = time.monotonic()
        italian = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
        sectors = dict(Sector.objects.filter(locale=italian).values_list("code", "id"))
        sector_names = dict(Sector.objects.filter(locale=italian).values_list("id", "name"))
        areas = dict(Area.objects.filter(locale=italian).values_list("code", "id"))
        # Serve a zone or a province without zones; a province with zones is too coarse.
        servable = [
            code for code, pk in areas.items() if not Area.objects.filter(parent_id=pk).exists()
        ]
        seats = [zone for zone in COMUNI if zone in areas] or [None]
        if not sectors or not servable:
            raise CommandError("No sectors or areas: run load_demo_content first.")
        first = self.first_number(italian)
        if first + count > 1_000_000:
            raise CommandError("The range of generated VAT numbers (7000000…) is exhausted.")
        context = {
            "rng": random.Random(seed),
            "italian": italian,
            "today": timezone.localdate(),
            "sectors": sectors,
            "sector_names": sector_names,
            "sector_codes": sorted(sectors),
            "area_codes": sorted(servable),
            "seats": seats,
            "forms": [form for form in FORMS for _ in range(form[1])],
        }
        sector_terms = {term.code: term for term in Sector.objects.filter(locale=italian)}
        area_terms = {term.code: term for term in Area.objects.filter(locale=italian)}
        totals = {"events": 0, "sectors": 0, "areas": 0}

        def writes() -> Iterator[CooperativeWrite]:
            """Built one at a time as the write path asks for them: memory stays flat."""
            for number in range(first, first + count):
                cooperative, own_sectors, own_areas, events = build(number, **context)
                totals["events"] += len(events)
                totals["sectors"] += len(own_sectors)
                totals["areas"] += len(own_areas)
                yield CooperativeWrite(
                    cooperative=cooperative,
                    sectors=[sector_terms[code] for code in own_sectors],
                    areas=[area_terms[code] for code in own_areas],
                    events=[
                        CertificationEvent(
                            kind=kind, date=day, valid_until=valid_until, public_note=NOTES[kind]
                        )
                        for kind, day, valid_until in events
                    ],
                )

        progress = TerminalProgress(
            self.stderr,
            verbosity=options["verbosity"],
            labels={"apply": "Writing"},
            unit="cooperatives",
        )
        write_cooperatives(
            writes(),
            total=count,
            progress=progress,
            batch_size=batch_size,
            index_batch_size=index_batch_size,
        )
        finished = time.monotonic()
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {count} cooperatives, {totals['events']} certification events, "
                f"{totals['sectors']} sector and {totals['areas']} area links, published and "
                f"indexed, in {finished - started:.1f} s."
            )
        )

    @staticmethod
    def first_number(italian: Locale) -> int:
        """The number after the highest generated record, so that runs add up."""
        highest = (
            Cooperative.objects.filter(locale=italian, slug__startswith="gen-")
            .filter(vat_number__gte=f"{VAT_BASE}0000", vat_number__lt=f"{VAT_BASE + 1_000_000}0000")
            .aggregate(Max("vat_number"))["vat_number__max"]
        )
        return int(highest[:7]) - VAT_BASE + 1 if highest else 0


def build(
    number: int,
    *,
    rng,
    italian,
    today,
    sectors,
    sector_names,
    sector_codes,
    area_codes,
    seats,
    forms,
) -> tuple:
    """One cooperative (unsaved), its sector and area codes and its history."""
    legal_form, _weight, prefix, category = rng.choice(forms)
    seat = rng.choice(seats)
    comune, postcode = rng.choice(COMUNI[seat]) if seat else ("Bergamo", "24121")
    name = f"{prefix} {rng.choice(NOUNS)} di {comune}"
    own_sectors = rng.sample(sector_codes, rng.choice((1, 1, 2, 2, 3)))
    own_areas = {seat} if seat else set()
    own_areas.update(rng.sample(area_codes, rng.choice((0, 1, 1, 2))))
    if legal_form == LegalForm.CONSORTIUM:
        workers, members = rng.randint(2, 15), rng.randint(3, 30)
    else:
        workers = int(rng.lognormvariate(3.3, 0.9)) + 3
        members = max(3, int(workers * rng.uniform(0.4, 0.95)))
    # Social type B: at least 30% of the workers are disadvantaged people (law 381/1991).
    disadvantaged = None
    if legal_form == LegalForm.SOCIAL_B:
        disadvantaged = min(workers, -(-workers * 3 // 10) + rng.randint(0, workers // 5))
    events = history(rng, today)
    checked = events[-1][1] if events else today - datetime.timedelta(days=30)
    names = [sector_names[sectors[code]].lower() for code in own_sectors]
    description = " ".join(
        (
            rng.choice(OPENINGS).format(
                at="ad" if comune.startswith("A") else "a",
                comune=comune,
                year=rng.randint(1975, 2020),
            ),
            rng.choice(WORK).format(sectors=joined(names)),
            CLOSINGS[legal_form].format(
                members=members, workers=workers, disadvantaged=disadvantaged
            ),
        )
    )
    social = legal_form in {LegalForm.SOCIAL_A, LegalForm.SOCIAL_B}
    vat = vat_number(number)
    host = f"gen{number:06d}.example.org"
    cooperative = Cooperative(
        locale=italian,
        # Deterministic, and distinct across runs because numbers never repeat.
        translation_key=uuid.uuid5(uuid.NAMESPACE_URL, f"https://registroimpact.it/gen/{number}"),
        name=name,
        slug=f"gen-{number:06d}-{slugify(name)}"[:120],
        legal_form=legal_form,
        vat_number=vat,
        fiscal_code=vat,
        albo_number=f"A{200_000 + number % 800_000:06d}",
        albo_section="prevalente" if rng.random() < 0.9 else "diversa",
        albo_category=category,
        rea_number=f"BG-{100_000 + number % 900_000:06d}",
        street=f"{rng.choice(STREETS)} {rng.randint(1, 150)}",
        postcode=postcode,
        comune=comune,
        province="BG",
        description=f"<p>{escape(description)}</p>",
        services="<ul>" + "".join(f"<li>{escape(n.capitalize())}</li>" for n in names) + "</ul>",
        website=f"https://{host}",
        email=f"info@{host}",
        phone=f"+39 035 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
        workers=workers,
        members=members,
        disadvantaged_workers=disadvantaged,
        audit_passed_on=checked - datetime.timedelta(days=rng.randint(30, 120)),
        extra_assembly_on=checked - datetime.timedelta(days=rng.randint(20, 90)),
        ccnl_applied=(
            "CCNL Cooperative sociali" if social else CCNL.get(own_sectors[0], "CCNL Multiservizi")
        ),
        ccnl_verified_on=checked,
        quality_path=rng.choice(QUALITY),
        quality_verified_on=checked,
        training=rng.choice(TRAINING),
        training_verified_on=checked,
        certificate_number=f"GEN-{number:06d}" if events else "",
    )
    return cooperative, own_sectors, sorted(own_areas), events
