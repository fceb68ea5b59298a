"""Evidence is served only through its view: to the representative of its cooperative and to
register managers, as an attachment that no cache keeps and no search engine indexes."""

import pytest
from django.urls import reverse

from renewals.models import Evidence

from .conftest import PDF

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["representative", "manager"])
def test_the_document_comes_as_a_private_attachment(client, request, submitted, who):
    client.force_login(request.getfixturevalue(who))
    document = Evidence.objects.filter(item__renewal=submitted).first()
    response = client.get(reverse("renewals_evidence", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert document.name in response["Content-Disposition"]
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control
    assert "noindex" in response["X-Robots-Tag"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_files_are_not_under_the_public_media(settings, submitted, private_root):
    document = Evidence.objects.filter(item__renewal=submitted).first()
    assert document.file.path.startswith(str(private_root))
    assert not document.file.path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        document.file.url  # noqa: B018 (no public address exists)


def test_a_document_whose_file_is_gone_is_404(client, submitted, manager):
    document = Evidence.objects.filter(item__renewal=submitted).first()
    document.file.storage.delete(document.file.name)
    client.force_login(manager)
    assert client.get(reverse("renewals_evidence", args=[document.pk])).status_code == 404


def test_an_unknown_document_is_404(client, manager):
    client.force_login(manager)
    assert client.get(reverse("renewals_evidence", args=[999999])).status_code == 404
