"""With the page cache on, what `generate_cooperatives` writes is visible at once (it used to
drop only the register's cached figures, so the stored pages stayed until they expired)."""

import io

import pytest
from django.core.management import call_command

from register.models import Cooperative, RegisterPage

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

STATUS = "X-Wagtail-Cache"


def test_generated_cooperatives_are_visible_at_once_with_the_page_cache_on(
    client, page_cache, django_capture_on_commit_callbacks
):
    listing = RegisterPage.objects.get(locale__language_code="it").url
    assert client.get(listing)[STATUS] == "miss"
    before = client.get(listing)
    assert before[STATUS] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        call_command("generate_cooperatives", "--count", "30", "--seed", "3", stdout=io.StringIO())

    after = client.get(listing)
    assert after[STATUS] == "miss"
    generated = Cooperative.objects.filter(slug__startswith="gen-").in_status("active").first()
    assert generated is not None
    assert client.get(f"{listing}{generated.slug}/").status_code == 200
