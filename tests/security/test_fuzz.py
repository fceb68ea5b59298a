"""Every public address, every parameter, wrong values: never a 5xx, never input sent back
unescaped, 404 for what does not exist, 400 where the API's request is malformed.

The addresses come from the URLconf and from the routes of the Wagtail pages; a test checks
that the table below covers all of them, so a new address cannot escape the fuzzing.
"""

import datetime
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, get_page_models

from alerts.models import Subscription
from alerts.tokens import MANAGE, make_token
from contact.models import ContactFormPage
from news.models import NewsPage
from quotes.models import QuoteRequest, Recipient, State
from quotes.tokens import ANSWER, BUYER
from quotes.tokens import make_token as make_quote_token
from register.models import Cooperative
from representatives.invitations import make_token as invitation_token
from representatives.models import Invitation
from shortlist.tokens import make_token as share_token

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
WRONG_VALUES = [
    "abc",
    "-1",
    "0",
    "1.5",
    "9" * 40,
    "-" + "9" * 40,
    "1e309",
    "NaN",
    "x" * 10_000,
    "città ☃ 💥 \u202e\u200b",
    "\x00",
    "a\x00b",
    "\x01\x02\x1f\x7f",
    "\r\nSet-Cookie: injected=1",
    "' OR '1'='1",
    "1; DROP TABLE register_cooperative; --",
    "%_\\",
    SCRIPT,
    ATTRIBUTE,
    "javascript:alert(1)",
    "../../../../etc/passwd",
    "2026-02-30",
]
LISTING = ["q", "sector", "area", "form", "status", "sort", "page", "near", "radius"]


def pages_of(model: type[Page]) -> Page:
    return model.objects.live().public().filter(locale__language_code="it").first()


def cooperative_slug() -> str:
    return Cooperative.objects.filter(live=True, locale__language_code="it").first().slug


def vat() -> str:
    return Cooperative.objects.filter(live=True, locale__language_code="it").first().vat_number


def alert_token() -> str:
    """A working manage link's token, for the alerts' personal pages."""
    subscription, _created = Subscription.objects.get_or_create(
        email="fuzz@example.org", defaults={"language": "it", "confirmed_at": timezone.now()}
    )
    return make_token(subscription, MANAGE)


def quote_tokens() -> tuple[str, str]:
    """Working links of a request for quotes, approved and sent to one demo cooperative: the
    buyer's (its page and the outcome form) and the cooperative's (its answer)."""
    today = timezone.localdate()
    request, _created = QuoteRequest.objects.get_or_create(
        email="fuzz-buyer@example.org",
        defaults={
            "language": "it",
            "state": State.APPROVED,
            "title": "Fuzz",
            "description": "Fuzz",
            "sectors": ["pulizie"],
            "area": "bg",
            "expected_start": today + datetime.timedelta(days=30),
            "answer_by": today + datetime.timedelta(days=10),
            "company": "Fuzz S.p.A.",
            "contact_name": "Fuzz",
        },
    )
    cooperative = Cooperative.objects.filter(live=True, locale__language_code="it").first()
    recipient, _created = Recipient.objects.get_or_create(
        request=request,
        cooperative=cooperative,
        defaults={"name": cooperative.name, "email": "fuzz@example.org", "language": "it"},
    )
    return make_quote_token(request, BUYER), make_quote_token(recipient, ANSWER)


def shortlist_token() -> str:
    """A working share link's token: two of the register's cooperatives."""
    keys = Cooperative.objects.filter(live=True, locale__language_code="it")
    return share_token([str(key) for key in keys.values_list("translation_key", flat=True)[:2]])


# name: (address, its parameters). Names are URL names, or "<page model>:<route name>".
def targets() -> dict[str, tuple[str, list[str]]]:
    news_page = pages_of(NewsPage)
    token = alert_token()
    buyer, answer = quote_tokens()
    shared = f"/it/selezione/condivisa/{shortlist_token()}/"
    return {
        "sitemap": ("/sitemap.xml", ["p"]),
        "robots_txt": ("/robots.txt", []),
        "health": ("/health/", []),
        "search": ("/it/cerca/", ["q", "type", "page"]),
        "register_export": ("/it/registro/export.csv", LISTING),
        "register_badge": (f"/it/registro/bollino/{vat()}.svg", []),
        "wagtaildocs_serve": ("/documents/999999/nothing.pdf", []),
        "wagtaildocs_authenticate_with_password": (
            "/documents/authenticate_with_password/999999/",
            ["next"],
        ),
        "wagtailcore_authenticate_with_password": (
            "/it/_util/authenticate_with_password/999999/999999/",
            ["next"],
        ),
        "wagtailcore_login": ("/it/_util/login/", ["next"]),
        "wagtail_serve": ("/it/marchio-impact/", []),
        "openapi-json": ("/api/v1/openapi.json", []),
        "openapi-view": ("/api/v1/docs", []),
        "api-root": ("/api/v1/", []),
        "list_cooperatives": ("/api/v1/cooperatives/", [*LISTING, "page_size", "lang"]),
        "cooperative": (f"/api/v1/cooperatives/{vat()}", ["lang"]),
        "list_sectors": ("/api/v1/sectors/", ["lang"]),
        "list_areas": ("/api/v1/areas/", ["lang"]),
        "verify_supplier": ("/api/v1/verify", ["q", "lang"]),
        "verify_bulk": ("/api/v1/verify/bulk", ["lang"]),  # its POST: test_the_bulk_api_…
        "list_changes": ("/api/v1/changes/", ["since", "lang", "page", "page_size"]),
        "api": ("/api/v2/anything", []),  # every other address under /api/
        "HomePage:": ("/it/", []),
        "EditorialPage:": ("/it/come-aderire/", []),
        "ContactFormPage:": ("/it/chiedi-del-marchio/", []),
        "NewsPage:": (news_page.url, []),
        "RegisterPage:listing": ("/it/registro/", LISTING),
        "RegisterPage:feed": ("/it/registro/feed/", LISTING),
        "RegisterPage:export_csv": ("/it/registro/export.csv", LISTING),
        "RegisterPage:export_json": ("/en/register/export.json", LISTING),
        "RegisterPage:export_xlsx": ("/it/registro/export.xlsx", LISTING),
        "RegisterPage:open_data_en": ("/en/register/open-data/", []),
        "RegisterPage:open_data_it": ("/it/registro/dati-aperti/", []),
        "RegisterPage:map_it": ("/it/registro/mappa/", []),
        "RegisterPage:map_en": ("/en/register/map/", []),
        "RegisterPage:verify_en": ("/en/register/verify/", ["q", "format"]),
        "RegisterPage:verify_it": ("/it/registro/verifica/", ["q", "format"]),
        "RegisterPage:bulk_verify_en": ("/en/register/verify-list/", ["numbers", "format"]),
        "RegisterPage:bulk_verify_it": ("/it/registro/verifica-elenco/", ["numbers", "format"]),
        "RegisterPage:cooperative": (f"/it/registro/{cooperative_slug()}/", []),
        "RegisterPage:badge_it": (f"/it/registro/bollino/{vat()}.svg", []),
        "RegisterPage:badge_en": (f"/en/register/badge/{vat()}.svg", []),
        "RegisterPage:attestation_it": (f"/it/registro/attestato/{vat()}.pdf", []),
        "RegisterPage:attestation_en": (f"/en/register/attestation/{vat()}.pdf", []),
        "NewsIndexPage:listing": ("/it/notizie/", ["year", "category", "page"]),
        "NewsIndexPage:feed": ("/it/notizie/feed/", ["year", "category"]),
        "alerts_index": ("/it/avvisi/", ["done"]),
        "alerts_suppliers": ("/it/avvisi/fornitori/", ["number"]),
        "alerts_listing": ("/en/alerts/listing/", ["sector", "area", "form"]),
        "alerts_sent": ("/it/avvisi/inviato/", []),
        "alerts_new_link": ("/it/avvisi/nuovo-link/", []),
        "alerts_confirm": ("/it/avvisi/conferma/not-a-token/", []),
        "alerts_manage": (f"/it/avvisi/gestione/{token}/", ["done", "added", "left_out"]),
        "alerts_export": (f"/it/avvisi/gestione/{token}/dati.json", []),
        "alerts_unsubscribe": (f"/en/alerts/unsubscribe/{token}/", []),
        "alerts_one_click": (f"/alerts/unsubscribe/{token}/", []),
        "quotes_new": ("/it/richiesta-preventivo/", []),
        "quotes_sent": ("/en/request-a-quote/sent/", []),
        "quotes_confirm": ("/it/richiesta-preventivo/conferma/not-a-token/", []),
        "quotes_buyer": (f"/it/richiesta-preventivo/richiesta/{buyer}/", ["done"]),
        "quotes_outcome": (f"/en/request-a-quote/outcome/{buyer}/", []),
        "quotes_answer": (f"/it/richiesta-preventivo/risposta/{answer}/", ["done"]),
        "quotes_results": ("/it/risultati-del-patto/", []),
        "quotes_results_csv": ("/it/risultati-del-patto/data.csv", []),
        "quotes_results_json": ("/en/pact-results/data.json", []),
        "quotes_results_xlsx": ("/en/pact-results/data.xlsx", []),
        "pact_results": ("/api/v1/pact-results/", ["lang"]),
        "representatives_accept": (f"/it/invito/{invitation()}/", []),
        "representatives_opt_out": ("/en/invitation/reminders/not-a-token/", []),
        "impact_download": ("/it/dati-annuali.csv", []),
        "yearly_figures": ("/api/v1/yearly-figures/", ["year"]),
        "shortlist_index": ("/it/selezione/", ["done", "problem", "next"]),
        "shortlist_add": ("/it/selezione/aggiungi/", []),  # POSTs: test_the_shortlist_…
        "shortlist_remove": ("/en/shortlist/remove/", []),
        "shortlist_clear": ("/it/selezione/svuota/", []),
        "shortlist_compare": ("/it/selezione/confronta/", ["k"]),
        "shortlist_download": ("/en/shortlist/shortlist.xlsx", []),
        "shortlist_shared": (shared, []),
        "shortlist_shared_add": (f"{shared}aggiungi/", []),
        "shortlist_shared_download": (f"{shared}selezione.csv", []),
    }


# Served only with DEBUG, or not pages of their own.
NOT_FUZZED = {"RegisterPage:index_route", "NewsIndexPage:index_route", None}


def url_names(patterns, prefix: str = "") -> set:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if not str(pattern.pattern).startswith("admin/"):  # the admin is not public
                names |= url_names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            names.add(pattern.name or getattr(pattern.callback, "__name__", None))
    return names


def route_names() -> set[str]:
    names = set()
    for model in get_page_models():
        if model is Page or not model.objects.live().exists():
            continue
        if issubclass(model, RoutablePageMixin):
            names |= {f"{model.__name__}:{route.name}" for route in model.get_subpage_urls()}
        else:
            names.add(f"{model.__name__}:")
    return names


def test_the_fuzz_table_covers_every_public_address():
    covered = set(targets())
    served = (url_names(get_resolver().url_patterns) | route_names()) - NOT_FUZZED
    served.discard("serve")  # django.views.static, with DEBUG only
    assert served - covered == set()


def text_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def check(client: Client, url: str, problems: list[str], data=None, **extra) -> None:
    response = client.get(url, data, **extra) if data is not None else client.get(url, **extra)
    shown = f"{url} {str(data)[:120]}{extra.get('QUERY_STRING', '')[:80]}"
    if response.status_code >= 500:
        problems.append(f"{response.status_code} {shown}")
        return
    kind = response.get("Content-Type", "")
    if kind.startswith(
        ("text/html", "application/xml", "application/atom+xml", "text/xml", "image/svg+xml")
    ):
        body = text_of(response)
        if SCRIPT in body or ATTRIBUTE in body:
            problems.append(f"unescaped {shown}")
    if "injected" in response.cookies:
        problems.append(f"header injection {shown}")


# Sent to each parameter on its own too (the rest go to all of an address's parameters at
# once, which keeps the run short).
ONE_BY_ONE = ["\x00", SCRIPT, "9" * 40]
# What addresses without parameters of their own get, as an unknown parameter.
UNKNOWN_ONLY = ["\x00", "x" * 10_000, SCRIPT, "\r\nSet-Cookie: injected=1"]


def test_wrong_values_in_every_parameter_never_break_the_site():
    client = Client(raise_request_exception=False)
    problems: list[str] = []
    addresses = dict(targets().values())  # one round per address, whatever leads to it
    for url, parameters in addresses.items():
        for value in WRONG_VALUES if parameters else UNKNOWN_ONLY:
            check(client, url, problems, {**dict.fromkeys(parameters, value), "unknown": value})
        for parameter in parameters:
            for value in ONE_BY_ONE:
                check(client, url, problems, {parameter: value})
        if parameters:
            repeated = {parameter: ["a", "b", SCRIPT] for parameter in parameters}
            check(client, url, problems, repeated)
            not_utf8 = "&".join(f"{parameter}=%FF%FE%00" for parameter in parameters)
            check(client, url, problems, QUERY_STRING=not_utf8)
        check(client, url, problems, QUERY_STRING="&&==&%&" + "x" * 3000 + "=1")
    assert problems == []


def test_wrong_numbers_in_the_badge_address_never_break_it():
    """The live badge's number is part of its address, not a parameter."""
    client = Client(raise_request_exception=False)
    problems: list[str] = []
    for value in WRONG_VALUES:
        for prefix in ("/it/registro/bollino/", "/en/register/badge/"):
            url = f"{prefix}{quote(value, safe='')}.svg"
            response = client.get(url, follow=True)
            if response.status_code >= 500:
                problems.append(f"{response.status_code} {url[:120]}")
            elif "/" not in value and not (
                response.status_code == 404 and response["Content-Type"].startswith("image/svg+xml")
            ):  # a value with a slash is another address, which is not a badge
                problems.append(f"{response.status_code} {response['Content-Type']} {url[:120]}")
            check(client, url, problems)
    assert problems == []


def test_the_enquiry_form_takes_wrong_values_without_breaking():
    client = Client(raise_request_exception=False)
    page = ContactFormPage.objects.get(locale__language_code="it")
    fields = [
        *(field.clean_name for field in page.form_fields.all()),
        "privacy_consent",
        "contact_website",
    ]
    problems: list[str] = []
    for value in WRONG_VALUES:
        response = client.post(page.url, dict.fromkeys(fields, value))
        if response.status_code >= 500:
            problems.append(f"{response.status_code} {value[:40]!r}")
        elif SCRIPT in text_of(response) or ATTRIBUTE in text_of(response):
            problems.append(f"unescaped {value[:40]!r}")
    assert problems == []


BULK_PAGES = ["/it/registro/verifica-elenco/", "/en/register/verify-list/"]
# What a file upload may hold besides a list: every wrong value as a file's content, and a few
# kinds of file under names that say otherwise.
WRONG_FILES = [
    ("lista.csv", b"\x89PNG\r\n\x1a\n\x00\x00"),
    ("lista.xlsx", b"PK\x03\x04\x14\x00\x00\x00garbage"),
    ("lista.xlsx", b"not a zip at all"),
    ("lista.csv", b"partita iva;nome\r\n=cmd|' /C calc'!A0;x\r\n"),
    ("lista.csv", b"\xff\xfe\x00"),
    ("lista.csv", b"\xfe\xff" + "Partita IVA".encode("utf-16-be")),
    ("lista.csv", b'"unterminated\n' * 50),
    ("lista.csv", ("a;" * 5000 + "\n").encode()),
    ("../../etc/passwd", b"01234567897"),
    (SCRIPT + ".csv", SCRIPT.encode()),
]


def test_the_bulk_verification_takes_wrong_values_without_breaking():
    client = Client(raise_request_exception=False)
    problems: list[str] = []

    def check_post(url: str, data: dict, shown: str) -> None:
        response = client.post(url, data)
        if response.status_code >= 500:
            problems.append(f"{response.status_code} {url} {shown}")
        elif response.get("Content-Type", "").startswith("text/html") and (
            SCRIPT in text_of(response) or ATTRIBUTE in text_of(response)
        ):
            problems.append(f"unescaped {url} {shown}")

    for url in BULK_PAGES:
        for value in WRONG_VALUES:
            for format_ in ("", "csv", "xlsx", value):
                check_post(url, {"numbers": value, "format": format_}, f"{value[:40]!r}")
            check_post(url, {"numbers": "\n".join([value] * 600)}, f"600 × {value[:20]!r}")
            file = SimpleUploadedFile("lista.csv", value.encode("utf-8", "surrogatepass"))
            check_post(url, {"file": file}, f"file {value[:40]!r}")
        for name, content in WRONG_FILES:
            for format_ in ("", "xlsx"):
                file = SimpleUploadedFile(name, content)
                check_post(url, {"file": file, "format": format_}, f"{name} {content[:20]!r}")
        check_post(url, {"numbers": ["a", "b", SCRIPT]}, "repeated")
    assert problems == []


@pytest.mark.parametrize(
    "body",
    [
        "[" * 10_000,
        '{"a": ' * 500 + "1" + "}" * 500,
        "[" + ",".join(['"x"'] * 501) + "]",
        r'["\u0000", "\ud800", "' + SCRIPT + '"]',
        "[null, true, 1.5, [], {}]",
        "\x00",
        '"just a string"',
    ],
)
def test_the_bulk_api_refuses_malformed_bodies_with_a_400(client, body):
    response = client.post("/api/v1/verify/bulk", body, content_type="application/json")
    assert response.status_code in (200, 400), body[:40]
    assert response.json()


def test_the_alert_forms_take_wrong_values_without_breaking():
    client = Client(raise_request_exception=False)
    token = alert_token()
    manage = f"/it/avvisi/gestione/{token}/"
    forms = [
        ("/it/avvisi/fornitori/", {}, ["email", "numbers", "website"]),
        ("/en/alerts/listing/", {}, ["email", "sector", "area", "form", "website"]),
        ("/it/avvisi/nuovo-link/", {}, ["email", "website"]),
        ("/it/avvisi/conferma/a.b.c/", {}, ["anything"]),
        (manage, {"action": "add"}, ["add-numbers"]),
        (manage, {"action": "remove"}, ["remove-numbers", "remove-listings"]),
        (manage, {"action": "settings"}, ["settings-frequency", "settings-language"]),
        (manage, {}, ["action"]),
        (f"/alerts/unsubscribe/{token}x/", {}, ["List-Unsubscribe"]),
        (manage, {"action": "erase"}, ["erase-sure"]),  # last: it erases
    ]
    problems: list[str] = []
    for url, fixed, fields in forms:
        for value in WRONG_VALUES:
            response = client.post(url, {**dict.fromkeys(fields, value), **fixed})
            shown = f"{url} {fixed} {value[:40]!r}"
            if response.status_code >= 500:
                problems.append(f"{response.status_code} {shown}")
            elif SCRIPT in text_of(response) or ATTRIBUTE in text_of(response):
                problems.append(f"unescaped {shown}")
    assert problems == []


def test_the_quote_forms_take_wrong_values_without_breaking():
    client = Client(raise_request_exception=False)
    buyer, answer = quote_tokens()
    request_fields = [
        "title",
        "description",
        "sectors",
        "area",
        "comune",
        "answer_by",
        "expected_start",
        "budget",
        "purpose",
        "company",
        "contact_name",
        "email",
        "phone",
        "consent",
        "website",
    ]
    forms = [
        ("/it/richiesta-preventivo/", {}, request_fields),
        ("/en/request-a-quote/", {"consent": "on", "website": ""}, request_fields[:-2]),
        ("/it/richiesta-preventivo/conferma/a.b.c/", {}, ["anything"]),
        (
            f"/it/richiesta-preventivo/risposta/{answer}/",
            {},
            ["answer", "message", "contact_name", "contact_email", "contact_phone"],
        ),
        (
            f"/it/richiesta-preventivo/risposta/{answer}/",
            {"answer": "interested"},
            ["message", "contact_name", "contact_email", "contact_phone"],
        ),
        (f"/en/request-a-quote/outcome/{buyer}/", {}, ["outcome", "cooperatives"]),
        (f"/en/request-a-quote/outcome/{buyer}/", {"outcome": "order"}, ["cooperatives"]),
    ]
    problems: list[str] = []
    for url, fixed, fields in forms:
        for value in WRONG_VALUES:
            response = client.post(url, {**dict.fromkeys(fields, value), **fixed})
            shown = f"{url} {fixed} {value[:40]!r}"
            if response.status_code >= 500:
                problems.append(f"{response.status_code} {shown}")
            elif SCRIPT in text_of(response) or ATTRIBUTE in text_of(response):
                problems.append(f"unescaped {shown}")
    assert problems == []


def invitation() -> str:
    cooperative = Cooperative.objects.canonical().first()
    return invitation_token(
        Invitation.objects.create(email="invitata@example.org", cooperative=cooperative)
    )


def test_the_invitation_form_takes_wrong_values_without_breaking():
    client = Client(raise_request_exception=False)
    token = invitation()
    forms = [
        (f"/it/invito/{token}/", {}, ["password1", "password2"]),
        (f"/it/invito/{token}/", {"password1": "Una-password-lunga-2026"}, ["password2"]),
        (f"/it/invito/{token}x/", {}, ["password1", "password2"]),
        ("/en/invitation/a.b.c/", {}, ["password1"]),
        ("/it/invito/promemoria/a.b.c/", {}, ["anything"]),
    ]
    problems: list[str] = []
    for url, fixed, fields in forms:
        for value in WRONG_VALUES:
            response = client.post(url, {**dict.fromkeys(fields, value), **fixed})
            shown = f"{url} {fixed} {value[:40]!r}"
            if response.status_code >= 500:
                problems.append(f"{response.status_code} {shown}")
            elif SCRIPT in text_of(response) or ATTRIBUTE in text_of(response):
                problems.append(f"unescaped {shown}")
    # Some wrong values are good passwords (long, not common): the first of them makes the
    # account, and the link answers "already used" from then on.
    assert problems == []


def test_the_shortlist_takes_wrong_values_without_breaking():
    client = Client(raise_request_exception=False)
    shared = f"/it/selezione/condivisa/{shortlist_token()}/"
    forms = [
        ("/it/selezione/aggiungi/", ["key", "next"]),
        ("/en/shortlist/remove/", ["key", "next"]),
        (f"{shared}aggiungi/", ["anything"]),
        ("/it/selezione/condivisa/a.b/aggiungi/", ["anything"]),
        ("/it/selezione/svuota/", ["anything"]),
    ]
    problems: list[str] = []
    for url, fields in forms:
        for value in WRONG_VALUES:
            response = client.post(url, dict.fromkeys(fields, value), follow=True)
            shown = f"{url} {value[:40]!r}"
            if response.status_code >= 500:
                problems.append(f"{response.status_code} {shown}")
            elif SCRIPT in text_of(response) or ATTRIBUTE in text_of(response):
                problems.append(f"unescaped {shown}")
    for value in WRONG_VALUES:  # the share token is part of the address
        url = f"/en/shortlist/shared/{quote(value, safe='')}/"
        check(client, url, problems)
        check(client, f"{url}shortlist.pdf", problems)
    assert problems == []


@pytest.mark.parametrize(
    "url",
    [
        "/it/registro/cooperativa-che-non-esiste/",
        "/en/register/no-such-cooperative/",
        "/it/notizie/notizia-che-non-esiste/",
        "/it/pagina/che/non/esiste/",
        "/it/registro/feed/altro/",
        "/api/v1/cooperatives/IT01234560165",  # well formed, in no record
        "/api/v1/nothing/",
        "/documents/999999/nothing.pdf",
        "/it/registro/sottocartella/export.csv",
        "/it/registro/citt%C3%A0/",
        "/it/notizie/%E2%98%83/",
        "/it/registro/%00/",
        "/it/%3Cscript%3E/",
        "/it/registro/export.csv%00",
        "/documents/1/%00.pdf",
        "/it/registro/" + "a" * 5000 + "/",
        # Attestations of numbers in no record, or no number at all.
        "/it/registro/attestato/IT01234560165.pdf",
        "/en/register/attestation/IMP-0000-0000.pdf",
        "/it/registro/attestato/12345.pdf",
        "/it/registro/attestato/" + "9" * 5000 + ".pdf",
        "/it/registro/attestato/%3Cscript%3E.pdf",
        "/it/registro/attestato/%00.pdf",
        "/it/registro/attestato/.pdf",
        "/it/registro/attestato/01234567890.pdf/",
        "/it/registro/attestato/citt%C3%A0.pdf",
        "/it/registro/attestato/",
        "/it/registro/attestato/sub/01234567890.pdf",
    ],
)
def test_unknown_addresses_are_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "<script>" not in response.content.decode()


@pytest.mark.parametrize("vat", ["%00", "9" * 200, "%3Cscript%3E", "IT%20%20"])
def test_a_malformed_vat_number_in_the_api_is_400(client, vat):
    response = client.get(f"/api/v1/cooperatives/{vat}")
    assert response.status_code == 400
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=-1",
        "page_size=100000",
        "page_size=abc",
        f"page={'9' * 40}",
        "status=unknown",
        "sector=%00",
        "lang=xx",
    ],
)
def test_malformed_api_requests_are_400(client, query):
    response = client.get(f"/api/v1/cooperatives/?{query}")
    assert response.status_code == 400, query
    assert response.json()["detail"]


def test_the_evidence_upload_takes_wrong_values_without_breaking(make_cooperative, settings):
    """A renewal's requirement form (facts, date, answer, document) and the evidence's
    address, signed in as the cooperative's representative: wrong values and wrong files get
    a message, never a 5xx, never sent back unescaped."""
    from django.contrib.auth.models import Group, User

    from renewals import workflow
    from renewals.models import Evidence
    from representatives.models import GROUP_NAME, Representative

    cooperative = make_cooperative("Coop Fuzz Rinnovo", history=[("issued", -1000, 30)])
    user = User.objects.create_user("fuzz-rappresentante", "fuzz-r@example.org", "unused")
    user.groups.add(Group.objects.get(name=GROUP_NAME))
    Representative.objects.create(user=user, cooperative=cooperative)
    renewal = workflow.open_renewal(cooperative, user)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    problems: list[str] = []
    contents = [b"", b"%PDF-", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", SCRIPT.encode(), b"\x00" * 64]
    for item in renewal.items.all():
        url = f"/admin/renewals/{renewal.pk}/item/{item.pk}/"
        prefix = f"item{item.pk}-"
        for number, value in enumerate(WRONG_VALUES):
            name = (value or "x")[:200] + (".pdf" if number % 2 else "")
            upload = SimpleUploadedFile(name, contents[number % len(contents)])
            fields = {f"{prefix}{field}": value for field in ("facts", "fact_date", "answer")}
            response = client.post(url, {**fields, f"{prefix}document": upload})
            shown = f"{url} {value[:40]!r}"
            if response.status_code >= 500:
                problems.append(f"{response.status_code} {shown}")
            elif SCRIPT in text_of(response) or ATTRIBUTE in text_of(response):
                problems.append(f"unescaped {shown}")
    for value in ["0", "-1", "9" * 40, "abc", quote(SCRIPT), "..%2F..%2Fetc%2Fpasswd"]:
        response = client.get(f"/admin/renewals/evidence/{value}/")
        if response.status_code != 404:
            problems.append(f"{response.status_code} evidence/{value}")
    assert problems == []
    # What was kept is a real PDF, PNG or JPEG under a plain name, inside the private root.
    for document in Evidence.objects.filter(item__renewal=renewal):
        assert document.content_type in {"application/pdf", "image/png", "image/jpeg"}
        assert "/" not in document.name and ".." not in document.name
        assert document.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
