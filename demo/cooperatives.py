"""Fictional cooperatives of the province of Bergamo for the demo.

Every name, number, address, phone and web address is invented (web addresses use the reserved
example.org domain); only the comuni and their postcodes are real. The certification histories
are written in months before today, so the mix of statuses stays the same whenever the demo is
loaded: most active, three suspended, two revoked, two expired and one still pending.
"""

import calendar
import datetime
import math
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from stdnum import luhn
from wagtail.models import Locale

from home.localization import publish_translation
from register.models import Area, CertificationEvent, Cooperative, EventKind, LegalForm, Sector

from .tools import Rich, T, italian, translations

WORKER = LegalForm.WORKER
SOCIAL_A = LegalForm.SOCIAL_A
SOCIAL_B = LegalForm.SOCIAL_B
CONSORTIUM = LegalForm.CONSORTIUM

# Real comuni of the province and their postcodes.
POSTCODES = {
    "Bergamo": "24121",
    "Seriate": "24068",
    "Dalmine": "24044",
    "Stezzano": "24040",
    "Curno": "24035",
    "Grassobbio": "24050",
    "Torre Boldone": "24020",
    "Alzano Lombardo": "24022",
    "Nembro": "24027",
    "Albino": "24021",
    "Clusone": "24023",
    "Gazzaniga": "24025",
    "Vertova": "24029",
    "Gandino": "24024",
    "Zogno": "24019",
    "San Pellegrino Terme": "24016",
    "Piazza Brembana": "24014",
    "Villa d'Almè": "24018",
    "Almenno San Bartolomeo": "24030",
    "Almenno San Salvatore": "24031",
    "Sant'Omobono Terme": "24038",
    "Trescore Balneario": "24069",
    "Casazza": "24060",
    "Ponte San Pietro": "24036",
    "Brembate": "24041",
    "Calusco d'Adda": "24033",
    "Treviglio": "24047",
    "Romano di Lombardia": "24058",
    "Caravaggio": "24043",
    "Martinengo": "24057",
    "Verdello": "24049",
    "Cologno al Serio": "24055",
    "Ghisalba": "24050",
    "Lovere": "24065",
    "Sarnico": "24067",
    "Costa Volpino": "24062",
}

CCNL_SOCIAL = "CCNL Cooperative sociali"
CCNL_CLEANING = "CCNL Multiservizi"
CCNL_LOGISTICS = "CCNL Logistica, trasporto merci e spedizione"
CCNL_CATERING = "CCNL Turismo e pubblici esercizi"
CCNL_METAL = "CCNL Cooperative metalmeccaniche"

QUALITY_STARTED = T("Percorso ISO 9001 avviato", "ISO 9001 certification under way")
QUALITY_ISO = T("Certificazione ISO 9001 ottenuta", "ISO 9001 certified")
QUALITY_ENV = T("ISO 9001 ottenuta, ISO 14001 in corso", "ISO 9001 certified, ISO 14001 under way")
QUALITY_SAFETY = T(
    "ISO 9001 ottenuta, ISO 45001 in corso", "ISO 9001 certified, ISO 45001 under way"
)
QUALITY_SA8000 = T("ISO 9001 ottenuta, SA8000 in corso", "ISO 9001 certified, SA8000 under way")

TRAINING_FUND = T(
    "Piano formativo annuale finanziato da Fon.Coop", "Annual training plan funded by Fon.Coop"
)
TRAINING_SAFETY = T(
    "Corsi su sicurezza e primo soccorso per tutto il personale",
    "Safety and first-aid courses for all staff",
)
TRAINING_FOOD = T("Formazione HACCP e sicurezza alimentare", "HACCP and food safety training")
TRAINING_PLACEMENT = T(
    "Tutoraggio e formazione sul lavoro per le persone inserite",
    "Mentoring and on-the-job training for the people in placement",
)
TRAINING_CARE = T(
    "Aggiornamento professionale per educatori e operatori socio-sanitari",
    "Continuing training for educators and care workers",
)
TRAINING_DRIVING = T(
    "Guida sicura e aggiornamento CQC per gli autisti",
    "Safe-driving and CQC refresher courses for drivers",
)


# A certification event: kind, months before today, years of validity, public note.
def issued(months: int, note: str = "Prima certificazione Impact.") -> tuple:
    return (EventKind.ISSUED, months, 3, note)


def renewed(months: int, note: str = "Rinnovo dopo la verifica dei requisiti.") -> tuple:
    return (EventKind.RENEWED, months, 3, note)


def suspended(months: int, note: str) -> tuple:
    return (EventKind.SUSPENDED, months, None, note)


def reinstated(months: int, note: str) -> tuple:
    return (EventKind.REINSTATED, months, None, note)


def revoked(months: int, note: str) -> tuple:
    return (EventKind.REVOKED, months, None, note)


@dataclass(frozen=True)
class Coop:
    name: str
    legal_form: str
    comune: str
    street: str
    sectors: tuple[str, ...]
    areas: tuple[str, ...]
    workers: int
    members: int
    description: T
    services: tuple[T, ...]
    history: tuple[tuple, ...]
    ccnl: str = CCNL_SOCIAL
    quality: T = QUALITY_STARTED
    training: T = TRAINING_FUND
    albo_section: str = "prevalente"
    translated: bool = True


COOPERATIVES = [
    # --- Cleaning in Valle Seriana: the demo journey -------------------------------------------
    Coop(
        "Cooperativa Sociale Il Ponte",
        SOCIAL_B,
        "Alzano Lombardo",
        "Via Provinciale 48",
        ("pulizie", "manutenzione-verde"),
        ("bg-valle-seriana", "bg-citta"),
        46,
        31,
        T(
            "Dal 1998 la cooperativa offre un lavoro stabile a persone che escono da percorsi "
            "di fragilità. Pulisce uffici, scuole e capannoni della bassa Valle Seriana con "
            "squadre fisse, seguite ogni giorno da un caposquadra.",
            "Since 1998 the cooperative has offered steady work to people leaving difficult "
            "situations. It cleans offices, schools and industrial buildings in the lower "
            "Seriana Valley with fixed teams, each followed daily by a team leader.",
        ),
        (
            T(
                "Pulizie ordinarie di uffici e reparti produttivi",
                "Routine cleaning of offices and production areas",
            ),
            T("Sanificazione di scuole e palestre", "Sanitising of schools and gyms"),
            T("Cura del verde condominiale", "Upkeep of residential gardens"),
        ),
        (issued(30),),
        quality=QUALITY_ISO,
        training=TRAINING_PLACEMENT,
    ),
    Coop(
        "Lavoro Pulito Società Cooperativa",
        WORKER,
        "Nembro",
        "Via Roma 112",
        ("pulizie", "servizi-integrati"),
        ("bg-valle-seriana", "bg-valle-cavallina"),
        88,
        64,
        T(
            "Una cooperativa di produzione e lavoro nata da un gruppo di addette alle pulizie "
            "che hanno deciso di mettersi in proprio. Oggi lavora per aziende e enti pubblici "
            "tra Valle Seriana e Valle Cavallina, con turni anche notturni e festivi.",
            "A worker cooperative founded by a group of cleaners who decided to go it alone. "
            "Today it works for companies and public bodies across the Seriana and Cavallina "
            "valleys, with night and holiday shifts when needed.",
        ),
        (
            T("Pulizie industriali e di magazzini", "Industrial and warehouse cleaning"),
            T("Pulizia di vetrate e superfici in quota", "Window and high-level cleaning"),
            T(
                "Servizi integrati per grandi sedi aziendali",
                "Integrated services for large company sites",
            ),
        ),
        (issued(45), renewed(10)),
        ccnl=CCNL_CLEANING,
        quality=QUALITY_SAFETY,
        training=TRAINING_SAFETY,
    ),
    Coop(
        "Cooperativa Sociale Vetri Chiari",
        SOCIAL_B,
        "Albino",
        "Via Mazzini 7",
        ("pulizie",),
        ("bg-valle-seriana",),
        23,
        17,
        T(
            "Piccola cooperativa sociale di tipo B che inserisce al lavoro persone con "
            "disabilità e giovani alla prima esperienza. Si occupa di pulizie civili per studi "
            "professionali, ambulatori e condomini della media valle.",
            "A small type-B social cooperative that brings people with disabilities and young "
            "people into their first job. It provides cleaning for professional offices, "
            "surgeries and apartment buildings in the middle of the valley.",
        ),
        (
            T("Pulizie di studi e ambulatori", "Cleaning of offices and surgeries"),
            T(
                "Pulizia delle parti comuni dei condomini",
                "Cleaning of shared areas in apartment buildings",
            ),
            T("Interventi straordinari dopo lavori edili", "One-off cleaning after building works"),
        ),
        (issued(20),),
        training=TRAINING_PLACEMENT,
    ),
    Coop(
        "Cooperativa Sociale Brezza di Valle",
        SOCIAL_B,
        "Gazzaniga",
        "Via Marconi 21",
        ("pulizie", "accoglienza"),
        ("bg-valle-seriana", "bg-sebino"),
        34,
        22,
        T(
            "Nata per dare lavoro in valle a chi rischiava di restarne escluso, la cooperativa "
            "gestisce pulizie e portinerie per aziende dell'alta e media Valle Seriana.",
            "Set up to give work in the valley to people at risk of being left out, the "
            "cooperative runs cleaning and reception desks for companies in the upper and "
            "middle Seriana Valley.",
        ),
        (
            T("Pulizie di aziende e spogliatoi", "Cleaning of factories and changing rooms"),
            T("Portineria e controllo accessi", "Reception and access control"),
        ),
        (issued(16),),
        training=TRAINING_PLACEMENT,
        translated=False,
    ),
    Coop(
        "Cooperativa Spazi Lindi",
        WORKER,
        "Vertova",
        "Via San Rocco 5",
        ("pulizie",),
        ("bg-valle-seriana",),
        27,
        20,
        T(
            "Cooperativa di lavoro specializzata nelle pulizie di fine cantiere e di locali "
            "commerciali. Opera soprattutto nei comuni della media Valle Seriana.",
            "A worker cooperative specialising in post-construction cleaning and in shops and "
            "commercial premises. It works mainly in the towns of the middle Seriana Valley.",
        ),
        (
            T("Pulizie di fine cantiere", "Post-construction cleaning"),
            T("Pulizie di negozi e supermercati", "Cleaning of shops and supermarkets"),
        ),
        (
            issued(26),
            suspended(
                2,
                "Sospeso in attesa della documentazione sull'applicazione del contratto "
                "collettivo.",
            ),
        ),
        ccnl=CCNL_CLEANING,
        training=TRAINING_SAFETY,
    ),
    Coop(
        "Cooperativa Sociale Colle Aperto",
        SOCIAL_B,
        "Gandino",
        "Via Castello 3",
        ("pulizie", "manutenzione-verde"),
        ("bg-valle-seriana",),
        19,
        15,
        T(
            "Cooperativa sociale della Val Gandino che affianca alle pulizie la cura di parchi "
            "e sentieri. Ogni squadra unisce lavoratori esperti e persone in inserimento.",
            "A social cooperative of Val Gandino that combines cleaning with the care of parks "
            "and footpaths. Every team mixes experienced workers with people in placement.",
        ),
        (
            T("Pulizie di edifici pubblici", "Cleaning of public buildings"),
            T("Manutenzione di parchi e sentieri", "Upkeep of parks and footpaths"),
        ),
        (issued(41),),
        training=TRAINING_PLACEMENT,
    ),
    # --- Cleaning and facility services elsewhere ----------------------------------------------
    Coop(
        "Brillante Multiservizi Società Cooperativa",
        WORKER,
        "Dalmine",
        "Via Kennedy 30",
        ("pulizie", "servizi-integrati"),
        ("bg-citta", "bg-isola", "mi"),
        152,
        98,
        T(
            "Una delle cooperative di servizi più strutturate della pianura a ovest di Bergamo. "
            "Segue sedi direzionali e stabilimenti tra Dalmine, l'Isola e l'area milanese, con "
            "un responsabile di commessa per ogni cliente.",
            "One of the best-organised service cooperatives of the plain west of Bergamo. It "
            "looks after head offices and plants between Dalmine, the Isola and the Milan area, "
            "with a contract manager for each client.",
        ),
        (
            T("Pulizie di uffici e stabilimenti", "Cleaning of offices and plants"),
            T(
                "Facility management e piccola manutenzione",
                "Facility management and minor repairs",
            ),
            T("Gestione dei rifiuti aziendali", "Handling of business waste"),
        ),
        (issued(47), renewed(12)),
        ccnl=CCNL_CLEANING,
        quality=QUALITY_ENV,
        training=TRAINING_SAFETY,
    ),
    Coop(
        "Cooperativa Sociale La Spola",
        SOCIAL_B,
        "Treviglio",
        "Viale Piave 16",
        ("pulizie", "data-entry"),
        ("bg-bassa", "mi"),
        41,
        26,
        T(
            "Nella Bassa Bergamasca la cooperativa crea posti di lavoro per persone con "
            "disabilità psichica. Alterna servizi di pulizia a lavori d'ufficio, così ciascuno "
            "trova la mansione più adatta.",
            "In the Lower Bergamo plain the cooperative creates jobs for people with mental "
            "health conditions. It alternates cleaning with office work, so that everyone finds "
            "the task that suits them best.",
        ),
        (
            T("Pulizie di uffici e banche", "Cleaning of offices and banks"),
            T("Archiviazione e digitalizzazione di documenti", "Filing and scanning of documents"),
        ),
        (issued(33),),
        training=TRAINING_PLACEMENT,
    ),
    Coop(
        "Cooperativa Sociale Soglia",
        SOCIAL_B,
        "Bergamo",
        "Via Borgo Palazzo 90",
        ("accoglienza", "pulizie"),
        ("bg-citta",),
        29,
        18,
        T(
            "La cooperativa gestisce reception e portinerie in città, dando una seconda "
            "possibilità a persone che hanno concluso un percorso di recupero.",
            "The cooperative runs reception desks and concierge services in the city, giving "
            "a second chance to people who have completed a recovery programme.",
        ),
        (
            T("Reception di uffici e musei", "Reception for offices and museums"),
            T("Portierato di complessi residenziali", "Concierge for residential complexes"),
            T("Pulizie leggere degli ingressi", "Light cleaning of entrance areas"),
        ),
        (issued(28),),
        training=TRAINING_PLACEMENT,
    ),
    Coop(
        "Cooperativa Portineria di Quartiere",
        WORKER,
        "Torre Boldone",
        "Via Reich 11",
        ("accoglienza", "servizi-integrati"),
        ("bg-citta", "bg-valle-seriana"),
        38,
        30,
        T(
            "Soci lavoratori che presidiano ingressi e servizi di condomini, uffici e "
            "strutture sanitarie alle porte della Valle Seriana. Il servizio funziona anche "
            "di notte e nei giorni festivi.",
            "Worker members who staff the entrances and services of apartment blocks, offices "
            "and health facilities at the mouth of the Seriana Valley. The service also runs "
            "at night and on holidays.",
        ),
        (
            T("Portierato diurno e notturno", "Day and night concierge"),
            T("Gestione della posta e delle consegne", "Handling of mail and deliveries"),
        ),
        (issued(14),),
        ccnl=CCNL_CLEANING,
        training=TRAINING_SAFETY,
    ),
    Coop(
        "Cooperativa Chiave Inglese",
        WORKER,
        "Verdello",
        "Via dell'Artigianato 9",
        ("servizi-integrati",),
        ("bg-bassa", "bg-isola"),
        24,
        21,
        T(
            "Elettricisti, idraulici e manutentori riuniti in cooperativa per seguire la "
            "manutenzione di capannoni e sedi aziendali della pianura.",
            "Electricians, plumbers and maintenance workers joined in a cooperative to look "
            "after the upkeep of industrial buildings and company sites on the plain.",
        ),
        (
            T("Manutenzione elettrica e idraulica", "Electrical and plumbing maintenance"),
            T("Piccole riparazioni edili", "Minor building repairs"),
            T("Reperibilità per le urgenze", "On-call service for emergencies"),
        ),
        (issued(9),),
        ccnl=CCNL_METAL,
        quality=QUALITY_SAFETY,
        training=TRAINING_SAFETY,
    ),
    # --- Logistics and transport ----------------------------------------------------------------
    Coop(
        "Cooperativa Carico Giusto",
        WORKER,
        "Romano di Lombardia",
        "Via Cremasca 140",
        ("logistica", "trasporti"),
        ("bg-bassa", "bs", "mi"),
        210,
        132,
        T(
            "Cooperativa di logistica che ha scelto di applicare il contratto nazionale di "
            "settore a tutti i soci, senza appalti a cascata. Gestisce magazzini conto terzi "
            "lungo l'asse tra Bergamo, Brescia e Milano.",
            "A logistics cooperative that chose to apply the national sector agreement to all "
            "its members, with no chains of subcontracting. It runs third-party warehouses "
            "along the Bergamo–Brescia–Milan corridor.",
        ),
        (
            T("Gestione di magazzini conto terzi", "Third-party warehouse management"),
            T("Picking e preparazione degli ordini", "Picking and order preparation"),
            T("Consegne nell'ultimo miglio", "Last-mile deliveries"),
        ),
        (issued(44), renewed(7)),
        ccnl=CCNL_LOGISTICS,
        quality=QUALITY_SAFETY,
        training=TRAINING_SAFETY,
        translated=False,
    ),
    Coop(
        "Cooperativa Interporto Orobico",
        WORKER,
        "Grassobbio",
        "Via Zanica 55",
        ("logistica",),
        ("bg-citta", "bg-bassa"),
        95,
        60,
        T(
            "Cooperativa di movimentazione merci attiva nelle aree logistiche a sud della "
            "città, vicino all'aeroporto.",
            "A goods-handling cooperative working in the logistics areas south of the city, "
            "near the airport.",
        ),
        (
            T("Carico e scarico merci", "Loading and unloading of goods"),
            T("Inventari di magazzino", "Warehouse stocktaking"),
        ),
        (
            issued(39),
            suspended(9, "Sospeso: la revisione cooperativa ha rilevato irregolarità da sanare."),
            revoked(
                5,
                "Revocato: le irregolarità rilevate dalla revisione cooperativa non sono state "
                "sanate nei termini.",
            ),
        ),
        ccnl=CCNL_LOGISTICS,
        albo_section="diversa",
        training=TRAINING_SAFETY,
    ),
    Coop(
        "Cooperativa Sociale Ruote Amiche",
        SOCIAL_B,
        "Ponte San Pietro",
        "Via Piave 4",
        ("trasporti", "logistica"),
        ("bg-isola", "bg-citta"),
        32,
        19,
        T(
            "Autisti e magazzinieri, molti dei quali assunti dopo un periodo di "
            "disoccupazione lunga, svolgono consegne e piccoli traslochi per aziende ed enti "
            "dell'Isola Bergamasca.",
            "Drivers and warehouse staff, many of them hired after long unemployment, carry out "
            "deliveries and small removals for companies and public bodies in the Isola "
            "Bergamasca.",
        ),
        (
            T("Consegne con furgoni", "Van deliveries"),
            T("Traslochi di uffici e archivi", "Office and archive removals"),
        ),
        (issued(22),),
        training=TRAINING_DRIVING,
    ),
    Coop(
        "Cooperativa Sociale Andata e Ritorno",
        SOCIAL_B,
        "Villa d'Almè",
        "Via Ventolosa 2",
        ("trasporti",),
        ("bg-valle-brembana", "bg-citta"),
        21,
        16,
        T(
            "La cooperativa accompagna persone anziane e con disabilità verso ospedali, centri "
            "diurni e scuole, con mezzi attrezzati. Molti dei suoi autisti sono lavoratori in "
            "inserimento.",
            "The cooperative takes elderly and disabled people to hospitals, day centres and "
            "schools in adapted vehicles. Many of its drivers are workers in placement.",
        ),
        (
            T(
                "Trasporto con mezzi attrezzati per carrozzine",
                "Transport in wheelchair-accessible vehicles",
            ),
            T("Accompagnamento a visite ed esami", "Escort to medical appointments"),
        ),
        (issued(11),),
        training=TRAINING_DRIVING,
    ),
    Coop(
        "Cooperativa Trasporti Sebino",
        WORKER,
        "Costa Volpino",
        "Via Nazionale 77",
        ("trasporti", "logistica"),
        ("bg-sebino", "bs"),
        57,
        44,
        T(
            "Soci autisti che gestiscono trasporti di merci per le industrie del lago d'Iseo e "
            "della Val Camonica, con una flotta rinnovata di recente.",
            "Driver members who haul goods for the industries of Lake Iseo and Val Camonica, "
            "with a recently renewed fleet.",
        ),
        (
            T("Trasporto merci su gomma", "Road haulage"),
            T("Navette per il personale aziendale", "Staff shuttles for companies"),
        ),
        (issued(37), renewed(2)),
        ccnl=CCNL_LOGISTICS,
        training=TRAINING_DRIVING,
    ),
    # --- Catering --------------------------------------------------------------------------------
    Coop(
        "Cooperativa Sociale Mensa Comune",
        SOCIAL_B,
        "Seriate",
        "Via Italia 60",
        ("ristorazione",),
        ("bg-citta", "bg-valle-cavallina"),
        48,
        33,
        T(
            "Un centro cottura che prepara ogni giorno pasti per mense aziendali e scolastiche, "
            "con ingredienti di produttori bergamaschi. In cucina lavorano fianco a fianco cuochi "
            "esperti e persone in inserimento.",
            "A central kitchen that prepares meals every day for company and school canteens, "
            "with ingredients from Bergamo producers. Experienced cooks work side by side with "
            "people in placement.",
        ),
        (
            T("Pasti per mense aziendali", "Meals for company canteens"),
            T("Refezione scolastica", "School meals"),
            T("Catering per eventi", "Catering for events"),
        ),
        (issued(35),),
        quality=QUALITY_ISO,
        training=TRAINING_FOOD,
    ),
    Coop(
        "Cooperativa Pentola d'Oro",
        WORKER,
        "Caravaggio",
        "Via Bergamo 23",
        ("ristorazione",),
        ("bg-bassa",),
        36,
        27,
        T(
            "Cooperativa di cuochi e addetti di sala che gestisce mense aziendali nella Bassa. "
            "Cucina sul posto, con menù stagionali e diete personalizzate.",
            "A cooperative of cooks and serving staff running company canteens in the Lower "
            "plain. It cooks on site, with seasonal menus and tailored diets.",
        ),
        (
            T("Gestione di mense aziendali", "Running of company canteens"),
            T("Menù per diete speciali", "Menus for special diets"),
        ),
        (
            issued(32),
            suspended(15, "Sospeso in attesa del verbale della seconda assemblea dei soci."),
            reinstated(13, "Riattivato: l'assemblea dei soci si è svolta ed è documentata."),
        ),
        ccnl=CCNL_CATERING,
        training=TRAINING_FOOD,
    ),
    Coop(
        "Cooperativa Sociale Tavola Larga",
        SOCIAL_B,
        "Zogno",
        "Via Locatelli 8",
        ("ristorazione", "accoglienza"),
        ("bg-valle-brembana",),
        18,
        14,
        T(
            "In Valle Brembana la cooperativa gestisce una mensa aperta e il bar di un centro "
            "sportivo, dove giovani con disabilità imparano il mestiere.",
            "In the Brembana Valley the cooperative runs an open canteen and the bar of a sports "
            "centre, where young people with disabilities learn the trade.",
        ),
        (
            T("Mensa per lavoratori e studenti", "Canteen for workers and students"),
            T("Gestione di bar e punti ristoro", "Running of bars and snack points"),
        ),
        (issued(8),),
        training=TRAINING_FOOD,
    ),
    # --- Green maintenance -----------------------------------------------------------------------
    Coop(
        "Cooperativa Sociale Radici Brembane",
        SOCIAL_B,
        "San Pellegrino Terme",
        "Via San Carlo 14",
        ("manutenzione-verde",),
        ("bg-valle-brembana", "bg-valle-imagna"),
        26,
        20,
        T(
            "Giardinieri e boscaioli che curano il verde pubblico e privato tra Valle Brembana "
            "e Valle Imagna, dal taglio dell'erba alla pulizia dei boschi.",
            "Gardeners and woodsmen looking after public and private green spaces in the "
            "Brembana and Imagna valleys, from mowing to clearing woodland.",
        ),
        (
            T("Manutenzione di parchi e giardini", "Upkeep of parks and gardens"),
            T("Pulizia di boschi e sentieri", "Clearing of woods and footpaths"),
            T("Sgombero neve", "Snow clearing"),
        ),
        (issued(43), renewed(6)),
        quality=QUALITY_ENV,
        training=TRAINING_PLACEMENT,
    ),
    Coop(
        "Cooperativa Sociale Foglia Verde",
        SOCIAL_B,
        "Trescore Balneario",
        "Via Nazionale 31",
        ("manutenzione-verde", "pulizie"),
        ("bg-valle-cavallina", "bg-sebino"),
        22,
        17,
        T(
            "Cooperativa di tipo B che si occupa di aree verdi e pulizie per i comuni della "
            "Val Cavallina e del basso Sebino.",
            "A type-B cooperative looking after green areas and cleaning for the towns of the "
            "Cavallina Valley and the southern shore of Lake Iseo.",
        ),
        (
            T("Sfalci e potature", "Mowing and pruning"),
            T("Pulizia di aree pubbliche", "Cleaning of public spaces"),
        ),
        (
            issued(29),
            suspended(
                3,
                "Sospeso: la quota di lavoratori svantaggiati è in corso di verifica.",
            ),
        ),
        training=TRAINING_PLACEMENT,
    ),
    Coop(
        "Cooperativa Sociale Siepi e Sentieri",
        SOCIAL_B,
        "Sant'Omobono Terme",
        "Via Vittorio Veneto 19",
        ("manutenzione-verde",),
        ("bg-valle-imagna",),
        14,
        12,
        T(
            "Una cooperativa di montagna che tiene puliti sentieri, prati e cigli stradali "
            "della Valle Imagna, dando lavoro vicino a casa a chi ne aveva bisogno.",
            "A mountain cooperative that keeps the footpaths, meadows and roadsides of the "
            "Imagna Valley in order, offering work close to home to people who needed it.",
        ),
        (
            T("Manutenzione di sentieri e cigli stradali", "Upkeep of footpaths and roadsides"),
            T("Taglio dell'erba e potature", "Mowing and pruning"),
        ),
        (issued(5),),
        training=TRAINING_PLACEMENT,
    ),
    Coop(
        "Cooperativa Sociale Campo Fiorito",
        SOCIAL_B,
        "Ghisalba",
        "Via Roma 70",
        ("manutenzione-verde", "pulizie"),
        ("bg-bassa",),
        12,
        10,
        T(
            "Giovane cooperativa sociale che cura il verde e le pulizie di piccole aziende "
            "della pianura. Ha chiesto il marchio e attende l'esito della verifica.",
            "A young social cooperative that looks after the gardens and cleaning of small "
            "firms on the plain. It has applied for the mark and awaits the outcome of the "
            "assessment.",
        ),
        (
            T("Cura del verde aziendale", "Upkeep of company grounds"),
            T("Pulizie di uffici", "Office cleaning"),
        ),
        (),
        training=TRAINING_PLACEMENT,
    ),
    # --- Social, health and education services -------------------------------------------------
    Coop(
        "Cooperativa Sociale Casa Aperta",
        SOCIAL_A,
        "Bergamo",
        "Via Moroni 102",
        ("socio-sanitari",),
        ("bg-citta",),
        74,
        51,
        T(
            "Cooperativa di tipo A che offre assistenza domiciliare e gestisce un centro "
            "diurno per anziani in città. Le famiglie hanno un unico referente per tutto il "
            "percorso di cura.",
            "A type-A cooperative offering home care and running a day centre for elderly "
            "people in the city. Families have a single contact person throughout the care.",
        ),
        (
            T("Assistenza domiciliare", "Home care"),
            T("Centro diurno per anziani", "Day centre for elderly people"),
            T("Sostegno ai caregiver familiari", "Support for family carers"),
        ),
        (issued(46), renewed(11)),
        quality=QUALITY_ISO,
        training=TRAINING_CARE,
    ),
    Coop(
        "Cooperativa Sociale Passo Lento",
        SOCIAL_A,
        "Clusone",
        "Via Gusmini 6",
        ("socio-sanitari",),
        ("bg-valle-seriana",),
        39,
        28,
        T(
            "Nell'alta Valle Seriana la cooperativa porta servizi socio-sanitari nei paesi "
            "più lontani, con operatori che si spostano casa per casa.",
            "In the upper Seriana Valley the cooperative brings social and health services to "
            "the most remote villages, with care workers travelling from home to home.",
        ),
        (
            T("Assistenza domiciliare in montagna", "Home care in mountain villages"),
            T("Servizi infermieristici", "Nursing services"),
        ),
        (issued(24),),
        training=TRAINING_CARE,
    ),
    Coop(
        "Cooperativa Sociale Cortile Solidale",
        SOCIAL_A,
        "Lovere",
        "Via Marconi 40",
        ("socio-sanitari", "educativi"),
        ("bg-sebino", "bs"),
        52,
        37,
        T(
            "Sulle due sponde del lago d'Iseo la cooperativa gestisce comunità per minori e "
            "servizi educativi per famiglie in difficoltà.",
            "On both shores of Lake Iseo the cooperative runs children's homes and education "
            "services for families in difficulty.",
        ),
        (
            T("Comunità educative per minori", "Residential homes for children"),
            T("Educativa domiciliare", "Home-based educational support"),
        ),
        (issued(19),),
        quality=QUALITY_SA8000,
        training=TRAINING_CARE,
    ),
    Coop(
        "Cooperativa Sociale Nido delle Rondini",
        SOCIAL_A,
        "Almenno San Bartolomeo",
        "Via Brembate 25",
        ("educativi",),
        ("bg-valle-imagna", "bg-isola"),
        28,
        22,
        T(
            "Educatrici e educatori che gestiscono asili nido e servizi per la prima infanzia "
            "tra la Valle Imagna e l'Isola, anche per conto di aziende del territorio.",
            "Educators running nurseries and early-years services between the Imagna Valley "
            "and the Isola, including on behalf of local companies.",
        ),
        (
            T("Asili nido comunali e aziendali", "Municipal and workplace nurseries"),
            T("Centri estivi", "Summer camps"),
        ),
        (issued(31),),
        training=TRAINING_CARE,
    ),
    Coop(
        "Cooperativa Sociale Gessetti Colorati",
        SOCIAL_A,
        "Martinengo",
        "Via Allegreni 12",
        ("educativi",),
        ("bg-bassa",),
        44,
        30,
        T(
            "La cooperativa affianca le scuole della Bassa con educatori per alunni con "
            "disabilità, doposcuola e progetti contro la dispersione scolastica.",
            "The cooperative supports schools in the Lower plain with educators for pupils "
            "with disabilities, after-school clubs and projects against early school leaving.",
        ),
        (
            T("Assistenza educativa scolastica", "Educational support in schools"),
            T("Doposcuola e spazi compiti", "After-school and homework clubs"),
        ),
        (issued(13),),
        training=TRAINING_CARE,
    ),
    Coop(
        "Cooperativa Sociale Aquilone Blu",
        SOCIAL_A,
        "Calusco d'Adda",
        "Via Vittorio Emanuele 33",
        ("educativi", "socio-sanitari"),
        ("bg-isola", "mi"),
        25,
        18,
        T(
            "Cooperativa che gestiva servizi educativi per ragazzi lungo l'Adda, tra Isola "
            "Bergamasca e provincia di Milano.",
            "A cooperative that ran youth education services along the Adda, between the Isola "
            "Bergamasca and the province of Milan.",
        ),
        (
            T("Centri di aggregazione giovanile", "Youth centres"),
            T("Educativa di strada", "Street outreach work"),
        ),
        (
            issued(34),
            revoked(
                4,
                "Revocato su richiesta della cooperativa, che ha cessato l'attività e "
                "conferito i servizi a un'altra cooperativa.",
            ),
        ),
        training=TRAINING_CARE,
    ),
    Coop(
        "Cooperativa Sociale Sentiero Comune",
        SOCIAL_A,
        "Piazza Brembana",
        "Via Belotti 4",
        ("socio-sanitari",),
        ("bg-valle-brembana",),
        20,
        16,
        T(
            "Nell'alta Valle Brembana la cooperativa gestisce un servizio di assistenza per "
            "anziani che vivono soli e un piccolo centro diurno.",
            "In the upper Brembana Valley the cooperative runs a care service for elderly "
            "people living alone and a small day centre.",
        ),
        (
            T("Assistenza ad anziani soli", "Care for elderly people living alone"),
            T("Centro diurno", "Day centre"),
        ),
        (issued(40),),
        training=TRAINING_CARE,
    ),
    # --- Industrial subcontracting and office services ------------------------------------------
    Coop(
        "Cooperativa Sociale Officina Ventiquattro",
        SOCIAL_B,
        "Brembate",
        "Via Oberdan 51",
        ("conto-terzi",),
        ("bg-isola",),
        63,
        35,
        T(
            "Un laboratorio di assemblaggio e confezionamento che lavora per le imprese "
            "metalmeccaniche dell'Isola. Qui persone con disabilità e lavoratori esperti "
            "rispettano gli stessi tempi e standard dei clienti industriali.",
            "An assembly and packaging workshop working for the engineering firms of the Isola. "
            "Here people with disabilities and experienced workers meet the same deadlines and "
            "standards as industrial clients.",
        ),
        (
            T("Assemblaggio di componenti", "Assembly of components"),
            T("Confezionamento ed etichettatura", "Packaging and labelling"),
            T("Controllo qualità su lotti", "Batch quality checks"),
        ),
        (issued(42), renewed(5)),
        quality=QUALITY_ISO,
        training=TRAINING_PLACEMENT,
    ),
    Coop(
        "Cooperativa Assemblaggi Orobici",
        WORKER,
        "Stezzano",
        "Via Guzzanica 18",
        ("conto-terzi", "logistica"),
        ("bg-citta", "bg-bassa"),
        81,
        59,
        T(
            "Cooperativa di produzione e lavoro che esegue lavorazioni meccaniche leggere e "
            "imballaggi per aziende del polo industriale a sud di Bergamo.",
            "A worker cooperative carrying out light machining and packing for firms in the "
            "industrial area south of Bergamo.",
        ),
        (
            T("Lavorazioni meccaniche leggere", "Light machining"),
            T("Imballaggio e spedizione", "Packing and dispatch"),
        ),
        (issued(27),),
        ccnl=CCNL_METAL,
        quality=QUALITY_SAFETY,
        training=TRAINING_SAFETY,
    ),
    Coop(
        "Cooperativa Sociale Incastro",
        SOCIAL_B,
        "Sarnico",
        "Via Predore 10",
        ("conto-terzi", "data-entry"),
        ("bg-sebino",),
        30,
        21,
        T(
            "Sul basso Sebino la cooperativa svolge piccole lavorazioni per le aziende della "
            "gomma e della plastica e servizi di inserimento dati.",
            "On the southern shore of Lake Iseo the cooperative does small jobs for rubber and "
            "plastics firms, as well as data entry.",
        ),
        (
            T("Sbavatura e selezione di pezzi", "Deburring and sorting of parts"),
            T("Inserimento dati", "Data entry"),
        ),
        (issued(18),),
        training=TRAINING_PLACEMENT,
    ),
    Coop(
        "Cooperativa Sociale Tasti e Carte",
        SOCIAL_B,
        "Bergamo",
        "Via Baioni 36",
        ("data-entry", "accoglienza"),
        ("bg-citta", "mi"),
        27,
        19,
        T(
            "La cooperativa digitalizza archivi e gestisce centralini per enti e studi "
            "professionali. Molti operatori hanno una disabilità motoria e lavorano anche "
            "da remoto.",
            "The cooperative digitises archives and runs switchboards for public bodies and "
            "professional firms. Many of its staff have a physical disability and also work "
            "remotely.",
        ),
        (
            T("Digitalizzazione di archivi", "Archive digitisation"),
            T("Centralino e prenotazioni", "Switchboard and bookings"),
            T("Inserimento e verifica di dati", "Data entry and checking"),
        ),
        (issued(36), renewed(1)),
        training=TRAINING_PLACEMENT,
    ),
    Coop(
        "Cooperativa Archivio Vivo",
        WORKER,
        "Curno",
        "Via Dante 15",
        ("data-entry",),
        ("bg-citta", "bg-isola"),
        17,
        15,
        T(
            "Archivisti e operatori d'ufficio che riordinano e digitalizzano documenti di "
            "aziende e comuni.",
            "Archivists and office workers who sort and digitise the records of companies and "
            "town councils.",
        ),
        (
            T("Riordino di archivi cartacei", "Sorting of paper archives"),
            T("Scansione e indicizzazione", "Scanning and indexing"),
        ),
        (
            issued(21),
            suspended(1, "Sospeso in attesa dell'esito della revisione cooperativa."),
        ),
        ccnl=CCNL_CLEANING,
    ),
    # --- Consortia -------------------------------------------------------------------------------
    Coop(
        "Consorzio Orobie Lavoro",
        CONSORTIUM,
        "Bergamo",
        "Via San Giorgio 4",
        ("servizi-integrati", "pulizie", "logistica", "manutenzione-verde"),
        ("bg-citta", "bg-isola", "bg-bassa", "mi"),
        12,
        14,
        T(
            "Il consorzio riunisce quattordici cooperative di lavoro e sociali e partecipa per "
            "loro a gare e grandi appalti. Un unico contratto copre servizi diversi, svolti "
            "dalle cooperative associate.",
            "The consortium brings together fourteen worker and social cooperatives and bids "
            "for tenders and large contracts on their behalf. A single contract covers several "
            "services, carried out by the member cooperatives.",
        ),
        (
            T("Appalti di servizi integrati", "Integrated service contracts"),
            T("Coordinamento delle cooperative associate", "Coordination of member cooperatives"),
        ),
        (issued(38), renewed(3)),
        ccnl=CCNL_CLEANING,
        quality=QUALITY_ENV,
        albo_section="diversa",
    ),
    Coop(
        "Consorzio Sociale Cavallina Insieme",
        CONSORTIUM,
        "Casazza",
        "Via Nazionale 102",
        ("servizi-integrati", "socio-sanitari", "manutenzione-verde"),
        ("bg-valle-cavallina", "bg-sebino"),
        6,
        9,
        T(
            "Consorzio di cooperative sociali della Val Cavallina che coordina servizi di cura e "
            "progetti di inserimento lavorativo con i comuni della valle.",
            "A consortium of social cooperatives of the Cavallina Valley that coordinates care "
            "services and job-placement projects with the valley's town councils.",
        ),
        (
            T("Progettazione di servizi sociali", "Design of social services"),
            T("Inserimento lavorativo in rete", "Job placement across the network"),
        ),
        (issued(23),),
        quality=QUALITY_ISO,
    ),
    Coop(
        "Consorzio Pianura Cooperativa",
        CONSORTIUM,
        "Cologno al Serio",
        "Via Circonvallazione 6",
        ("logistica", "conto-terzi", "trasporti"),
        ("bg-bassa", "bs", "mi"),
        9,
        11,
        T(
            "Il consorzio mette in rete undici cooperative della pianura che lavorano per "
            "l'industria: logistica, trasporti e lavorazioni conto terzi.",
            "The consortium links eleven cooperatives of the plain that work for industry: "
            "logistics, transport and subcontracted production.",
        ),
        (
            T("Appalti logistici per l'industria", "Logistics contracts for industry"),
            T("Lavorazioni conto terzi in rete", "Networked subcontracted production"),
        ),
        (issued(17),),
        ccnl=CCNL_LOGISTICS,
        quality=QUALITY_SAFETY,
    ),
    Coop(
        "Consorzio Imagna Servizi",
        CONSORTIUM,
        "Almenno San Salvatore",
        "Via Repubblica 28",
        ("servizi-integrati", "manutenzione-verde", "ristorazione"),
        ("bg-valle-imagna", "bg-valle-brembana"),
        5,
        7,
        T(
            "Consorzio di sette cooperative delle valli Imagna e Brembana. Dopo una revoca e una "
            "riorganizzazione interna ha ottenuto di nuovo il marchio.",
            "A consortium of seven cooperatives of the Imagna and Brembana valleys. After a "
            "revocation and an internal reorganisation it has been awarded the mark again.",
        ),
        (
            T("Manutenzione di edifici e aree verdi", "Upkeep of buildings and green areas"),
            T("Mense e ristorazione collettiva", "Canteens and catering"),
        ),
        (
            issued(47),
            revoked(
                30,
                "Revocato: il consorzio non ha applicato il contratto collettivo previsto a "
                "tutte le cooperative associate.",
            ),
            issued(12, "Nuova certificazione dopo la verifica completa dei requisiti."),
        ),
        quality=QUALITY_STARTED,
    ),
    # --- More social and worker cooperatives ----------------------------------------------------
    Coop(
        "Cooperativa Sociale Scuola Bottega",
        SOCIAL_B,
        "Albino",
        "Via Serio 2",
        ("conto-terzi", "ristorazione"),
        ("bg-valle-seriana",),
        35,
        23,
        T(
            "Una bottega di lavorazioni artigianali e un piccolo bistrot dove ragazzi usciti "
            "dalla scuola imparano un mestiere sotto la guida di artigiani in pensione.",
            "A craft workshop and a small bistro where young people who have left school learn "
            "a trade under the guidance of retired craftsmen.",
        ),
        (
            T("Piccole lavorazioni in legno e metallo", "Small wood and metal work"),
            T("Bistrot e catering leggero", "Bistro and light catering"),
        ),
        (issued(10),),
        training=TRAINING_PLACEMENT,
    ),
]


def _months_before(day: datetime.date, months: int) -> datetime.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))


def _years_after(day: datetime.date, years: int) -> datetime.date:
    return _months_before(day, -12 * years)


def _vat(index: int) -> str:
    first_ten = f"{3_904_170 + index * 13:07d}016"  # 016: the Bergamo tax office
    return first_ten + luhn.calc_check_digit(first_ten)


def _host(slug: str) -> str:
    for prefix in ("cooperativa-sociale-", "consorzio-sociale-", "cooperativa-", "consorzio-"):
        slug = slug.removeprefix(prefix)
    return slug.removesuffix("-societa-cooperativa").replace("-", "") + ".example.org"


def _events(history: tuple, today: datetime.date) -> list[dict]:
    """The history as event fields; a renewal extends the validity it follows."""
    events, valid_until = [], None
    for kind, months, years, note in history:
        on = _months_before(today, months)
        fields = {"kind": kind, "date": on, "public_note": note, "valid_until": None}
        if kind == EventKind.ISSUED:
            valid_until = fields["valid_until"] = _years_after(on, years)
        elif kind == EventKind.RENEWED:
            start = valid_until if valid_until and valid_until > on else on
            valid_until = fields["valid_until"] = _years_after(start, years)
        events.append(fields)
    return events


def _terms(model, codes: tuple[str, ...]) -> list:
    terms = list(model.objects.filter(locale=italian(), code__in=codes))
    if len(terms) != len(codes):
        raise ValueError(f"Unknown {model.__name__} codes in {codes}: load the taxonomies first.")
    return terms


def _create(spec: Coop, index: int, serial: int, today: datetime.date) -> Cooperative:
    slug = slugify(spec.name)
    host = _host(slug)
    events = _events(spec.history, today)
    checked = max((e["date"] for e in events if e["kind"] != EventKind.SUSPENDED), default=today)
    if not events:  # applied for the mark: the requirements were checked last month
        checked = _months_before(today, 1)
    social = spec.legal_form in {SOCIAL_A, SOCIAL_B}
    vat = _vat(index)
    phone = f"{4_120_000 + index * 7_919:07d}"  # invented
    cooperative = Cooperative(
        locale=italian(),
        name=spec.name,
        slug=slug,
        legal_form=spec.legal_form,
        vat_number=vat,
        fiscal_code=vat,
        albo_number=f"A1{10234 + index * 1571:05d}",
        albo_section=spec.albo_section,
        albo_category=(
            "Cooperative sociali"
            if social or "Sociale" in spec.name
            else "Consorzi cooperativi"
            if spec.legal_form == CONSORTIUM
            else "Cooperative di produzione e lavoro"
        ),
        rea_number=f"BG-{318_000 + index * 2_371}",
        street=spec.street,
        postcode=POSTCODES[spec.comune],
        comune=spec.comune,
        province="BG",
        description=Rich(spec.description).html("it"),
        services=Rich(list(spec.services)).html("it"),
        website=f"https://{host}",
        email=f"info@{host}",
        phone=f"+39 035 {phone[:3]} {phone[3:]}",
        workers=spec.workers,
        members=spec.members,
        # Type B: at least 30% of the workers are disadvantaged people (law 381/1991).
        disadvantaged_workers=(
            math.ceil(spec.workers * (0.3 + index % 4 * 0.04))
            if spec.legal_form == SOCIAL_B
            else None
        ),
        audit_passed_on=_months_before(checked, 3),
        extra_assembly_on=_months_before(checked, 2),
        ccnl_applied=spec.ccnl,
        ccnl_verified_on=_months_before(checked, 1),
        quality_path=spec.quality.it,
        quality_verified_on=_months_before(checked, 1),
        training=spec.training.it,
        training_verified_on=_months_before(checked, 1),
        certificate_number=f"IMP-{events[0]['date'].year}-{serial:04d}" if events else "",
    )
    # Parental relations are held in memory and written by save(), like the revision's.
    cooperative.sectors = _terms(Sector, spec.sectors)
    cooperative.areas = _terms(Area, spec.areas)
    cooperative.full_clean()
    cooperative.save()
    cooperative.save_revision().publish()
    for fields in events:
        event = CertificationEvent(cooperative=cooperative, **fields)
        event.full_clean()
        event.save()  # recomputes the cooperative's dates and latest event
    return cooperative


def load_cooperatives() -> None:
    """Create what is missing; a cooperative that exists (by VAT number) is left as it is,
    apart from an English translation interrupted by an earlier run."""
    today = timezone.localdate()
    english = Locale.objects.get(language_code="en")
    serial = 0
    # Numbers (VAT, Albo, certificate) follow each entry's position: add new entries at the end.
    for index, spec in enumerate(COOPERATIVES):
        serial += bool(spec.history)
        cooperative = Cooperative.objects.filter(
            Q(vat_number=_vat(index)) | Q(slug=slugify(spec.name)), locale=italian()
        ).first()
        # One transaction per cooperative: a record never stays half made, and SQLite commits
        # once instead of after every statement. (Snippets only: wagtail-localize publishes the
        # English revision on commit, which is safe for them, unlike for pages.)
        with transaction.atomic():
            if cooperative is None:
                cooperative = _create(spec, index, serial, today)
            if spec.translated and not cooperative.has_translation(english):
                texts = [spec.description, list(spec.services), spec.quality, spec.training]
                publish_translation(cooperative, "en", translations(texts))
