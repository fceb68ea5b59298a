"""What every page shares (menu, footer, register figures and vocabularies) is cached between
requests, and a visitor sees an editor's change on the very next request."""

import io
import re

import pytest
from django.core.management import call_command
from wagtail.models import Site

from chrome.models import SiteSettings
from home.models import EditorialPage
from register.models import Cooperative, Sector, Status

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def menu_titles(html: str) -> list[str]:
    menu = re.search(r'<ul class="navbar-nav">(.*?)</ul>', html, re.S).group(1)
    return re.findall(r"<span>([^<]+)</span>", menu)


def test_a_page_published_in_the_menu_shows_on_the_next_request(client, home_it):
    assert "Novità in menu" not in menu_titles(client.get("/it/").content.decode())
    page = EditorialPage(title="Novità in menu", slug="novita-in-menu", show_in_menus=True)
    home_it.add_child(instance=page)
    page.save_revision().publish()
    assert "Novità in menu" in menu_titles(client.get("/it/chi-siamo/").content.decode())


def test_changed_contacts_show_in_the_footer_on_the_next_request(client):
    assert "035 000 1234" not in client.get("/it/").content.decode()
    contacts = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    contacts.phone = "035 000 1234"
    contacts.save()
    assert "035 000 1234" in client.get("/en/").content.decode()


def test_a_new_cooperative_counts_in_the_figures_on_the_next_request(client, make_cooperative):
    def holders(url: str) -> int:
        html = client.get(url).content.decode()
        return int(re.search(r"(\d+) cooperative hanno oggi il marchio", html).group(1))

    on_register, on_home = holders("/it/registro/"), holders("/it/")
    make_cooperative("Cooperativa appena certificata")
    assert holders("/it/registro/") == on_register + 1
    assert holders("/it/") == on_home + 1


def test_a_renamed_sector_shows_in_the_filters_on_the_next_request(client):
    assert ">Pulizie (" in client.get("/it/registro/").content.decode()
    sector = Sector.objects.get(code="pulizie", locale__language_code="it")
    sector.name = "Igiene degli ambienti"
    sector.save()
    html = client.get("/it/registro/").content.decode()
    assert "Igiene degli ambienti" in html


def test_generated_cooperatives_count_in_the_figures_at_once(client):
    def holders() -> int:
        html = client.get("/it/registro/").content.decode()
        return int(re.search(r"(\d+) cooperative hanno oggi il marchio", html).group(1))

    before = holders()
    call_command("generate_cooperatives", "--count", "40", "--seed", "5", stdout=io.StringIO())
    active = Cooperative.objects.public().in_status(Status.ACTIVE).count()
    assert active > before
    assert holders() == active


def test_the_listing_and_its_counts_follow_a_change_on_the_next_request(client, make_cooperative):
    def listing() -> str:
        return client.get("/it/registro/?q=Girasole&status=any").content.decode()

    assert "Cooperativa Girasole" not in listing()
    cooperative = make_cooperative("Cooperativa Girasole")
    html = listing()
    assert "Cooperativa Girasole" in html
    assert re.search(r'<option value="active"[^>]*>[^<]*\(1\)</option>', html)
    cooperative.live = False
    cooperative.save()
    assert "Cooperativa Girasole" not in listing()


def test_a_change_made_by_another_process_is_seen_once_the_cache_times_out(
    client, make_cooperative, settings
):
    """With the per-process memory cache, a change saved by another process (here: written
    without this process's signals) shows here after CONTENT_CACHE_TIMEOUT at most."""
    make_cooperative("Cooperativa Altrove")
    assert "Cooperativa Altrove" in client.get("/it/registro/?q=Altrove").content.decode()
    Cooperative.objects.filter(name="Cooperativa Altrove").update(live=False)
    assert "Cooperativa Altrove" in client.get("/it/registro/?q=Altrove").content.decode()
    settings.CONTENT_CACHE_TIMEOUT = 0  # as if the timeout had passed
    assert "Cooperativa Altrove" not in client.get("/it/registro/?q=Altrove").content.decode()
