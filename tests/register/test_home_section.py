import re

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]


@pytest.mark.parametrize(
    ("url", "register"), [("/it/", "/it/registro/"), ("/en/", "/en/register/")]
)
def test_home_page_offers_register_search_and_verification(client, url, register):
    html = client.get(url).content.decode()
    assert f'action="{register}#results"' in html  # lands on the results
    assert f'action="{register}{"verifica" if "/it/" in url else "verify"}/"' in html
    assert re.search(r'<select[^>]*name="sector"', html)
    assert re.search(r'<select[^>]*name="area"', html)
    assert html.count("<h1") == 1


def test_language_switcher_keeps_register_filters(client):
    html = client.get("/it/registro/?sector=pulizie&area=bg-valle-seriana").content.decode()
    assert re.search(
        r'<a [^>]*href="/en/register/\?sector=pulizie&amp;area=bg-valle-seriana"[^>]*hreflang="en"',
        html,
    )
