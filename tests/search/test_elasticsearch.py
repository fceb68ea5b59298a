"""Elasticsearch: the index mappings are checked here always; the live searches run only
when ELASTICSEARCH_URL points at a server (see the README), and are skipped otherwise."""

import os

import pytest
from django.core.management import call_command
from django.test import override_settings
from modelsearch.backends.elasticsearch8 import Elasticsearch8SearchBackend

from news.models import NewsPage
from register.models import Cooperative


def offline_backend(analyser: str) -> Elasticsearch8SearchBackend:
    # Building the backend opens no connection: mappings and settings are computed locally.
    return Elasticsearch8SearchBackend(
        {
            "URLS": ["http://127.0.0.1:9"],
            "INDEX_PREFIX": "test-",
            "INDEX_SETTINGS": {
                "settings": {"analysis": {"analyzer": {"default": {"type": analyser}}}}
            },
        }
    )


def test_cooperative_mapping_has_searchable_and_filterable_fields():
    properties = offline_backend("italian").mapping_class(Cooperative).get_mapping()["properties"]
    for searchable in ("name", "description", "services", "comune", "vat_number"):
        assert properties[searchable]["type"] == "text", searchable
    assert "name_edgengrams" in properties  # autocomplete on names
    for filterable in ("live", "locale_id", "translation_key", "legal_form", "certified_until"):
        assert f"{filterable}_filter" in properties, filterable


def test_news_mapping_has_searchable_and_filterable_fields():
    properties = offline_backend("english").mapping_class(NewsPage).get_mapping()["properties"]
    # Fields of a page type are prefixed with its model, those of Page are not.
    for searchable in ("title", "news_newspage__standfirst", "news_newspage__body"):
        assert properties[searchable]["type"] == "text", searchable
    assert "title_edgengrams" in properties
    for filterable in ("news_newspage__date", "live", "locale_id"):
        assert f"{filterable}_filter" in properties, filterable


@pytest.mark.parametrize(("language", "analyser"), [("it", "italian"), ("en", "english")])
def test_each_language_has_its_analyser(language, analyser):
    backend = offline_backend(analyser)
    analysis = backend.settings["settings"]["analysis"]["analyzer"]
    assert analysis["default"] == {"type": analyser}
    assert "edgengram_analyzer" in analysis  # the built-in analysers are kept


ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
live = pytest.mark.skipif(
    not ELASTICSEARCH_URL,
    reason="ELASTICSEARCH_URL is not set: no Elasticsearch server to run the live searches on",
)


@live
@pytest.mark.django_db
@pytest.mark.demo
def test_live_register_and_site_search(client, settings):
    prefix = "registroimpact-test-"
    backends = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": f"{prefix}it-",
            "INDEX_SETTINGS": {
                "settings": {"analysis": {"analyzer": {"default": {"type": "italian"}}}}
            },
        },
        "en": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": f"{prefix}en-",
            "INDEX_SETTINGS": {
                "settings": {"analysis": {"analyzer": {"default": {"type": "english"}}}}
            },
        },
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        call_command("update_index", stdout=open(os.devnull, "w"))  # noqa: SIM115
        italian = client.get("/it/registro/", {"q": "pulizie", "area": "bg-valle-seriana"})
        assert "Cooperativa Sociale Il Ponte" in italian.content.decode()
        english = client.get("/en/search/", {"q": "cleaning"}).content.decode()
        assert "/en/register/cooperativa-sociale-il-ponte/" in english
        news = client.get("/it/cerca/", {"q": "Patto", "type": "news"}).content.decode()
        assert "Rinnovato il Patto" in news
