"""The default Site carries the public address (infrastructure.site_address): the sitemap and
the CDN purges name the real host, not Wagtail's placeholder ``localhost``."""

import xml.etree.ElementTree as ET

import pytest
from django.core.management.sql import emit_post_migrate_signal
from wagtail.models import Page, Site

from infrastructure.receivers import page_urls as _page_urls
from infrastructure.site_address import check_default_site

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def fresh_site(settings):
    """A database as Wagtail's migrations leave it, with a production address configured."""
    settings.WAGTAILADMIN_BASE_URL = "https://registroimpact.it"
    settings.ALLOWED_HOSTS = ["registroimpact.it"]
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)


def addresses_in_sitemap(client) -> list[str]:
    response = client.get("/sitemap.xml", HTTP_HOST="registroimpact.it", secure=True)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = [element.text for element in root.iter(f"{SITEMAP}loc")]
    alternates = [element.get("href") for element in root.iter(f"{XHTML}link")]
    assert locations and alternates
    return locations + alternates


def test_migrate_gives_the_site_the_public_address_and_the_sitemap_uses_it(client, fresh_site):
    assert any(url.startswith("http://localhost/") for url in addresses_in_sitemap(client))
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # what migrate runs
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "https://registroimpact.it"
    urls = addresses_in_sitemap(client)
    assert [url for url in urls if not url.startswith("https://registroimpact.it/")] == []
    assert any("/registro/" in url for url in urls)  # the cooperatives' part too
    # The CDN is told to purge the addresses visitors use.
    page = Page.objects.get(url_path__endswith="/marchio-impact/")
    assert _page_urls(page) == [
        "https://registroimpact.it/it/marchio-impact/",
        "https://registroimpact.it/it/",
    ]


def test_check_deploy_fails_while_the_site_is_not_the_public_address(fresh_site, settings):
    [error] = check_default_site()
    assert error.id == "infrastructure.E003"
    assert "http://localhost" in error.msg and "migrate" in error.hint
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert check_default_site() == []
    settings.WAGTAILADMIN_BASE_URL = "https://www.registroimpact.it"
    assert [error.id for error in check_default_site()] == ["infrastructure.E003"]
