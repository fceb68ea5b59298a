"""Every public address, every parameter, wrong values: never a 5xx, never input sent back
unescaped, 404 for what does not exist, 400 where the API's request is malformed.

The addresses come from the URLconf and from the routes of the Wagtail pages; a test checks
that the table below covers all of them, so a new address cannot escape the fuzzing.
"""

import time

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, get_page_models

from alerts.models import Subscription
from alerts.tokens import MANAGE, make_token
from contact.models import ContactFormPage
from news.models import NewsPage
from register.models import Cooperative

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
LISTING = ["q", "sector", "area", "form", "status", "sort", "page"]


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


# name: (address, its parameters). Names are URL names, or "<page model>:<route name>".
def targets() -> dict[str, tuple[str, list[str]]]:
    news_page = pages_of(NewsPage)
    token = alert_token()
    return {
        "sitemap": ("/sitemap.xml", ["p"]),
        "robots_txt": ("/robots.txt", []),
        "health": ("/health/", []),
        "search": ("/it/cerca/", ["q", "type", "page"]),
        "register_export": ("/it/registro/export.csv", LISTING),
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
        "RegisterPage:verify_en": ("/en/register/verify/", ["q", "format"]),
        "RegisterPage:verify_it": ("/it/registro/verifica/", ["q", "format"]),
        "RegisterPage:cooperative": (f"/it/registro/{cooperative_slug()}/", []),
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
    if kind.startswith(("text/html", "application/xml", "application/atom+xml", "text/xml")):
        body = text_of(response)
        if SCRIPT in body or ATTRIBUTE in body:
            problems.append(f"unescaped {shown}")
    if "injected" in response.cookies:
        problems.append(f"header injection {shown}")


# Sent to each parameter on its own too (the rest go to all of an address's parameters at
# once, which keeps the whole run well under a minute).
ONE_BY_ONE = ["\x00", SCRIPT, "9" * 40]
# What addresses without parameters of their own get, as an unknown parameter.
UNKNOWN_ONLY = ["\x00", "x" * 10_000, SCRIPT, "\r\nSet-Cookie: injected=1"]


def test_wrong_values_in_every_parameter_never_break_the_site():
    client = Client(raise_request_exception=False)
    problems: list[str] = []
    started = time.monotonic()
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
    assert time.monotonic() - started < 60, "the fuzzing must stay under a minute"


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
