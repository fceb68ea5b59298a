"""The attestation PDF (register/attestation.py): what a buyer downloads to prove, on the day of
a contract, what the register said of a supplier. Read back with pypdf: the text in both
languages, the status as of the minute of download, the tags and language, the headers; never
a network fetch, never in a cache, never a 500."""

import datetime
import io
import logging
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pypdf
import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from infrastructure import pdf as pdf_rendering
from infrastructure import ratelimit
from register import attestation
from tests.factories import (
    EXPIRED,
    REVOKED,
    SUSPENDED,
    WITHDRAWN,
    CertificationEventFactory,
    days,
    valid_vat,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]

IT = "/it/registro/attestato/"
EN = "/en/register/attestation/"
ITALIAN_MONTHS = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
]


def pdf_of(response) -> pypdf.PdfReader:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return pypdf.PdfReader(io.BytesIO(response.content))


def text_of(reader: pypdf.PdfReader) -> str:
    """The PDF's text, on one line: words broken across lines by the layout joined again."""
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def frozen(monkeypatch):
    """Now is 17:42 today in Rome (the day kept, so the histories' relative dates hold), told
    by the clock in UTC as Django's is."""
    moment = timezone.localtime().replace(hour=17, minute=42, second=5, microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.UTC))
    return moment


@pytest.fixture
def verde(make_cooperative):
    cooperative = make_cooperative(
        "Verde Attiva",
        certificate_number="IMP-TEST-0042",
        fiscal_code="",
        albo_number="A123456",
        albo_section="prevalente",
        street="Via Roma 1",
        postcode="24121",
        province="BG",
        history=[("issued", -800, -300)],
    )
    CertificationEventFactory(
        cooperative=cooperative,
        kind="renewed",
        date=days(-310),
        valid_until=days(790),
        public_note="Rinnovo dopo la revisione",
        public_note_en="Renewed after the audit",
    )
    cooperative.refresh_from_db()
    return cooperative


def test_the_italian_attestation_says_what_the_register_says_as_of_the_minute(
    client, verde, frozen
):
    reader = pdf_of(client.get(f"{IT}{verde.vat_number}.pdf"))
    text = text_of(reader)
    today = frozen.date()
    with translation.override("it"):
        day = date_format(today, "DATE_FORMAT")
        renewed, until = (date_format(days(n), "DATE_FORMAT") for n in (-310, 790))
        issued = date_format(days(-800), "DATE_FORMAT")
    assert ITALIAN_MONTHS[today.month - 1] in day
    # The mark, the cooperative's identifiers, its seat.
    assert "Impact – Effetto cooperativo" in text
    assert "Attestato del marchio Impact" in text
    for shown in (
        "Verde Attiva",
        "Cooperativa di produzione e lavoro",
        f"Partita IVA IT{verde.vat_number}",
        "A123456, Cooperative a mutualità prevalente",
        "Numero di certificato IMP-TEST-0042",
        "Via Roma 1, 24121 Bergamo (BG)",
    ):
        assert shown in text, shown
    # Its status as of the moment of download, in Rome's time, and until when it is valid.
    assert f"Stato al {day}, 17:42 (ora Europe/Rome)" in text
    assert "Attivo Il marchio è valido: questa cooperativa è certificata." in text
    assert f"Rinnovato il {renewed}" in text
    assert f"Valido fino al {until}" in text
    # The history, oldest first, with its public notes.
    history = text[text.index("Storia della certificazione") :]
    assert history.index(f"{issued} Rilasciato") < history.index(f"{renewed} Rinnovato")
    assert "Rinnovo dopo la revisione" in history
    # Valid only as of its date; the live status at the verification's address.
    assert f"Questo attestato vale solo alla sua data, {day}, 17:42." in text
    url = f"http://testserver/it/registro/verifica/?q={verde.vat_number}"
    assert url in text
    assert "NON VALIDO" not in text


def test_the_english_attestation_is_in_english(client, verde, frozen):
    reader = pdf_of(client.get(f"{EN}{verde.vat_number}.pdf"))
    text = text_of(reader)
    with translation.override("en"):
        day = date_format(frozen.date(), "DATE_FORMAT")
        until = date_format(days(790), "DATE_FORMAT")
    assert "Attestation of the Impact mark" in text
    assert "Legal form Worker cooperative" in text
    assert f"Status as of {day}, 17:42 (Europe/Rome time)" in text
    assert "Active The mark is valid: this cooperative is certified." in text
    assert f"Valid until {until}" in text
    assert "Renewed after the audit" in text  # the note's English
    assert "Nota issued (note in Italian)" in text  # a note without English, marked
    assert f"This attestation is valid only as of its date, {day}, 17:42." in text
    assert f"http://testserver/en/register/verify/?q={verde.vat_number}" in text


def test_the_verification_address_is_a_link_and_the_qr_code_names_it(client, verde):
    reader = pdf_of(client.get(f"{IT}{verde.vat_number}.pdf"))
    url = f"http://testserver/it/registro/verifica/?q={verde.vat_number}"
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
    ]
    assert links == [url]
    figures = dict(structure_elements(reader.trailer["/Root"]["/StructTreeRoot"]))
    assert f"Codice QR dell'indirizzo di verifica: {url}" in figures.get("/Figure", [])


def structure_elements(node, found=None) -> dict:
    """Every structure element's type, with the alternative texts of those that have one."""
    found = {} if found is None else found
    node = node.get_object()
    if "/S" in node:
        found.setdefault(str(node["/S"]), []).append(str(node.get("/Alt", "")))
    children = node.get("/K", [])
    children = children if isinstance(children, list) else [children]
    for child in children:
        child = child.get_object()
        if isinstance(child, dict):
            structure_elements(child, found)
    return found


@pytest.mark.parametrize(("prefix", "language"), [(IT, "it"), (EN, "en")])
def test_the_pdf_is_tagged_in_its_language_with_its_metadata(client, verde, prefix, language):
    reader = pdf_of(client.get(f"{prefix}{verde.vat_number}.pdf"))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == language
    assert catalog["/MarkInfo"]["/Marked"].value is True
    elements = structure_elements(catalog["/StructTreeRoot"])
    assert {"/H1", "/H2", "/Table", "/TH", "/Figure", "/Link"} <= set(elements)
    assert all(elements["/Figure"]), "every figure has its alternative text"
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp  # PDF/UA-1
    title = "Attestato del marchio Impact" if language == "it" else "Attestation of the Impact"
    assert reader.metadata.title.startswith(title)
    assert reader.metadata.title.endswith("Verde Attiva")
    assert reader.metadata.author == "Confcooperative Bergamo"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True


def test_the_sites_own_fonts_are_embedded(client, verde):
    reader = pdf_of(client.get(f"{IT}{verde.vat_number}.pdf"))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descendant["/FontDescriptor"]
    assert fonts, "the text has fonts"
    assert all(name.split("+")[-1].startswith("Titillium-Web") for name in fonts), fonts
    assert all(fonts.values()), "every font is embedded"


@pytest.mark.parametrize(
    ("history", "italian", "english", "meaning"),
    [
        (
            SUSPENDED,
            "NON VALIDO: il marchio è sospeso",
            "NOT VALID: the mark is suspended",
            "The mark is suspended: do not treat this cooperative as certified",
        ),
        (
            REVOKED,
            "NON VALIDO: il marchio è revocato",
            "NOT VALID: the mark is revoked",
            "The mark has been revoked: this cooperative is no longer certified",
        ),
        (
            WITHDRAWN,
            "NON VALIDO: la cooperativa è uscita dal registro",
            "NOT VALID: the cooperative has withdrawn from the register",
            "The cooperative has left the register at its own request",
        ),
        (
            EXPIRED,
            "NON VALIDO: il marchio è scaduto",
            "NOT VALID: the mark has expired",
            "The mark has expired and has not been renewed",
        ),
    ],
    ids=["suspended", "revoked", "withdrawn", "expired"],
)
def test_a_mark_not_valid_is_said_in_the_title_and_a_banner(
    client, make_cooperative, history, italian, english, meaning
):
    cooperative = make_cooperative("Stato Vario", history=history)
    italian_pdf = pdf_of(client.get(f"{IT}{cooperative.vat_number}.pdf"))
    assert italian_pdf.metadata.title == f"{italian} – Stato Vario"
    text = text_of(italian_pdf)
    assert text.count(italian) == 1  # the title; the banner says it in capitals
    assert italian.upper() in text
    assert "Attestato del marchio Impact" not in text
    english_pdf = pdf_of(client.get(f"{EN}{cooperative.vat_number}.pdf"))
    text = text_of(english_pdf)
    assert english in text and english.upper() in text
    assert meaning in text  # the status rule's own explanation
    assert "NOT VALID" in text.replace(english, "").replace(english.upper(), "")  # across it
    assert "The mark is valid" not in text


def test_a_revoked_mark_says_its_validity_no_longer_applies(client, make_cooperative):
    cooperative = make_cooperative("Revocata", history=REVOKED)
    text = text_of(pdf_of(client.get(f"{EN}{cooperative.vat_number}.pdf")))
    with translation.override("en"):
        revoked, end = (date_format(days(n), "DATE_FORMAT") for n in (-10, 700))
    assert f"Revoked on {revoked}" in text
    assert f"End of validity {end}. It no longer applies: the mark was revoked." in text


def test_the_certificate_number_leads_to_the_same_attestation(client, verde):
    by_vat = text_of(pdf_of(client.get(f"{IT}IT{verde.vat_number}.pdf")))
    by_certificate = text_of(pdf_of(client.get(f"{IT}imp-test-0042.pdf")))
    assert f"IT{verde.vat_number}" in by_vat and f"IT{verde.vat_number}" in by_certificate


def test_the_answer_is_a_whole_pdf_that_no_cache_keeps(client, verde, frozen):
    response = client.get(f"{IT}{verde.vat_number}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="attestato-impact-{verde.vat_number}-{frozen:%Y-%m-%d}.pdf"'
    )
    assert int(response["Content-Length"]) == len(response.content)
    assert response.content.startswith(b"%PDF-") and response.content.rstrip().endswith(b"%%EOF")
    assert response["Cache-Control"] == "no-store"
    english = client.get(f"{EN}{verde.vat_number}.pdf")
    assert english["Content-Disposition"] == (
        f'attachment; filename="attestation-impact-{verde.vat_number}-{frozen:%Y-%m-%d}.pdf"'
    )


def test_the_page_cache_never_stores_an_attestation(client, verde, page_cache):
    server, prefix = page_cache
    page = f"/it/registro/{verde.slug}/"
    client.get(page)  # the factories' site gets its settings on the first request: a change
    # The cooperative's page, which links the attestation, is stored and served from the cache…
    assert [client.get(page)["X-Wagtail-Cache"] for _ in range(2)] == ["miss", "hit"]
    stored = set(server.scan_iter(f"{prefix}:*"))
    # …its attestation never: each download is made afresh, dated to its minute.
    for _ in range(2):
        response = client.get(f"{IT}{verde.vat_number}.pdf")
        assert response.status_code == 200
        assert response["X-Wagtail-Cache"] == "skip"
        assert response["Cache-Control"] == "no-store"
    assert set(server.scan_iter(f"{prefix}:*")) == stored


def test_the_other_languages_slug_leads_to_the_pages_own(client, verde):
    response = client.get(f"/it/registro/attestation/{verde.vat_number}.pdf")
    assert response.status_code == 301
    assert response["Location"] == f"{IT}{verde.vat_number}.pdf"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (f"{IT}{{unknown}}.pdf", "Nessuna cooperativa con partita IVA IT{unknown}"),
        (f"{IT}IMP-9999-0001.pdf", "Nessuna cooperativa con numero di certificato IMP-9999-0001"),
        (f"{IT}12345.pdf", "Una partita IVA ha 11 cifre; questa ne ha 5."),
        (f"{IT}{'9' * 60}.pdf", "Il testo è troppo lungo per una partita IVA"),
        (f"{EN}{{unknown}}.pdf", "No cooperative with VAT number IT{unknown}"),
        (f"{EN}IMP_!.pdf", None),  # not even a number's characters: no route
    ],
)
def test_an_unknown_or_invalid_number_is_a_clear_404_page(client, path, message):
    unknown = valid_vat()
    response = client.get(path.format(unknown=unknown))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    if message:
        assert message.format(unknown=unknown) in html
        heading = "Nessun attestato per questo numero" if path.startswith(IT) else "No attestation"
        assert heading in html
        assert 'href="/it/registro/verifica/?q=' in html or 'href="/en/register/verify/?q=' in html


def test_drafts_and_records_never_certified_have_no_attestation(client, make_cooperative):
    for cooperative in (
        make_cooperative("Bozza", publish=False),
        make_cooperative("Mai Certificata", history=[]),
    ):
        response = client.get(f"{IT}{cooperative.vat_number}.pdf")
        assert response.status_code == 404
        assert cooperative.name not in response.content.decode()


def test_a_rendering_failure_is_a_503_page_and_a_log_line(client, verde, monkeypatch, caplog):
    def broken(html: str, base_url: str) -> bytes:
        raise OSError("Pango is missing")

    monkeypatch.setattr(attestation, "render_pdf", broken)
    with caplog.at_level(logging.ERROR, logger="register.attestation"):
        response = client.get(f"{EN}{verde.vat_number}.pdf")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert html.index('<section lang="en"') < html.index('<section lang="it"')
    assert "The attestation cannot be made right now." in html
    assert [r.message for r in caplog.records if r.name == "register.attestation"] == [
        f"Attestation {EN}{verde.vat_number}.pdf could not be made"
    ]


# No network -------------------------------------------------------------------------------


class Recorder(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def outside_server():
    """An HTTP server on loopback that records every request it gets."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_weasyprint_fetches_nothing_but_the_sites_static_files(outside_server, tmp_path):
    outside = f"http://127.0.0.1:{outside_server.server_port}"
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    html = f"""<!DOCTYPE html><html lang="en"><head><title>t</title>
        <link rel="stylesheet" href="{outside}/style.css">
        <link rel="stylesheet" href="file://{secret}">
        <style>@import url("{outside}/imported.css");
        @font-face {{ font-family: X; src: url("{outside}/font.woff2"); }}
        body {{ font-family: X; background: url("{outside}/background.png"); }}</style></head>
        <body><p>Text</p><img src="{outside}/tracker.png" alt="t">
        <img src="/static/../config/settings/base.py" alt="t">
        <img src="/static/images/favicon.svg" alt="logo"></body></html>"""
    pdf = attestation.render_pdf(html, "http://testserver/")
    assert pdf.startswith(b"%PDF-")
    assert outside_server.requests == []


def test_the_static_files_fetcher_serves_only_static_files():
    fetcher = pdf_rendering.StaticFilesOnly("http://testserver/static/")
    logo = fetcher.fetch("http://testserver/static/images/favicon.svg")
    assert logo.read().startswith(b"<svg")
    for refused in (
        "http://testserver/static/../manage.py",
        "http://testserver/static/%2e%2e/manage.py",
        "http://testserver/media/anything.png",
        "http://example.org/static/images/favicon.svg",
        "file:///etc/passwd",
        "http://testserver/static/no-such-file.css",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(refused)


def test_an_attestation_reads_only_the_sites_static_files(client, verde, monkeypatch):
    fetched = []
    fetch = pdf_rendering.StaticFilesOnly.fetch

    def recording(self, url, headers=None):
        fetched.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(pdf_rendering.StaticFilesOnly, "fetch", recording)
    pdf_of(client.get(f"{IT}{verde.vat_number}.pdf"))
    assert fetched, "the fonts and the logo are fetched"
    assert all(url.startswith("http://testserver/static/") for url in fetched), fetched
    assert any(url.endswith(".woff2") for url in fetched)


# Where it is linked, and what keeps robots and floods away ------------------------------


def test_the_cooperative_page_links_its_attestation(client, verde):
    html = client.get(f"/it/registro/{verde.slug}/").content.decode()
    link = re.search(r'<a class="attestation-link" href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
    assert link.group(1) == f"{IT}{verde.vat_number}.pdf"
    assert "Scarica l'attestato (PDF in italiano)" in link.group(2)
    assert 'type="application/pdf" hreflang="it"' in link.group(0)
    english = client.get(f"/en/register/{verde.slug}/").content.decode()
    assert f'href="{EN}{verde.vat_number}.pdf"' in english
    assert "Download the attestation (PDF in English)" in english


def test_the_verification_answer_links_the_attestation_of_any_status(client, make_cooperative):
    revoked = make_cooperative("Revocata", history=REVOKED)
    html = client.get("/en/register/verify/", {"q": revoked.vat_number}).content.decode()
    assert f'href="{EN}{revoked.vat_number}.pdf"' in html
    assert "Download the attestation (PDF in English)" in html
    missing = client.get("/en/register/verify/", {"q": valid_vat()}).content.decode()
    assert "attestation-link" not in missing


def test_robots_txt_keeps_crawlers_out_of_the_attestations(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /it/registro/attestato/" in lines
    assert "Disallow: /en/register/attestation/" in lines


def test_attestations_are_rate_limited(client, verde, settings, monkeypatch):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMIT_STORAGE = "cache"
    settings.RATELIMITS = {"attestations": (2, 60)}
    monkeypatch.setattr(ratelimit, "now", lambda: 1_800_000_000.0)  # one window throughout
    address = f"{IT}{verde.vat_number}.pdf"
    assert [client.get(address).status_code for _ in range(2)] == [200, 200]
    refused = client.get(address)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    # Other addresses of the register are not counted by this rule.
    assert client.get(f"/it/registro/{verde.slug}/").status_code == 200
