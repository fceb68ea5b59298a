"""Evidence uploads: PDF, PNG and JPEG by their content, within the size of the settings,
under a plain name. A wrong type, an oversized file, a misleading extension and a name with a
path are refused with a message saying so, and nothing is written to disk."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from renewals import workflow
from renewals.models import Evidence, RenewalSettings

from .conftest import JPEG, PDF, PNG, ZIP, pdf, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def renewal(cooperative, representative):
    return workflow.open_renewal(cooperative, representative)


def post_file(client, renewal, upload, language="it"):
    item = renewal.items.first()
    data = {f"item{item.pk}-facts": "Revisione superata", f"item{item.pk}-fact_date": "2026-03-01"}
    data[f"item{item.pk}-document"] = upload
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    return client.post(f"/admin/renewals/{renewal.pk}/item/{item.pk}/", data, **headers)


@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("verbale.pdf", PDF, "application/pdf"),
        ("foto.PNG", PNG, "image/png"),
        ("scansione.jpeg", JPEG, "image/jpeg"),
        ("scansione.jpg", JPEG, "image/jpeg"),
    ],
)
def test_pdf_png_and_jpeg_are_kept_privately(
    client, renewal, representative, private_root, settings, name, content, kind
):
    client.force_login(representative)
    response = post_file(client, renewal, SimpleUploadedFile(name, content))
    assert response.status_code == 302
    document = Evidence.objects.get()
    assert document.content_type == kind
    assert document.name == name.rsplit(".", 1)[0] + "." + name.rsplit(".", 1)[1].lower()
    [path] = stored_files(private_root)
    assert path.read_bytes() == content
    # Under a name of our own, outside the public media.
    assert name not in str(path)
    assert not str(path).startswith(str(settings.MEDIA_ROOT))


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("archivio.pdf", ZIP), "archivio ZIP"),
        (SimpleUploadedFile("note.txt", b"solo testo"), "non è un file PDF, PNG o JPEG"),
        (SimpleUploadedFile("foto.pdf", PNG), "immagine PNG: dagli la sua vera estensione (.png)"),
        (SimpleUploadedFile("verbale.png", PDF), "ma il suo contenuto è un documento PDF"),
        (SimpleUploadedFile("..%2F..%2Fetc%2Fpasswd.pdf", PDF), "non è un semplice nome"),
        (SimpleUploadedFile(".htaccess.pdf", PDF), "non è un semplice nome"),
        (SimpleUploadedFile("vuoto.pdf", b""), "vuoto"),
    ],
)
def test_wrong_files_are_refused_and_nothing_is_stored(
    client, renewal, representative, private_root, upload, message
):
    client.force_login(representative)
    response = post_file(client, renewal, upload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Correggi" in response.content.decode() or "nulla" in response.content.decode()
    assert not Evidence.objects.exists()
    assert stored_files(private_root) == []
    item = renewal.items.first()
    item.refresh_from_db()
    assert item.facts == ""  # nothing of the form was saved


def test_an_oversized_file_is_refused(client, renewal, representative, private_root):
    settings = RenewalSettings.load()
    settings.max_evidence_mb = 1
    settings.save()
    client.force_login(representative)
    big = pdf("grande.pdf", PDF + b"0" * (1024 * 1024))
    response = post_file(client, renewal, big)
    assert response.status_code == 400
    assert "il massimo accettato è 1 MB" in response.content.decode()
    assert not Evidence.objects.exists()
    assert stored_files(private_root) == []


def test_messages_in_english_for_an_english_admin(client, renewal, django_user_model):
    from wagtail.users.models import UserProfile

    user = renewal.cooperative.representatives.get().user
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    response = post_file(client, renewal, SimpleUploadedFile("foto.pdf", PNG), language="en")
    assert response.status_code == 400
    assert "but its content is a PNG image" in response.content.decode()


def test_a_raw_path_in_the_multipart_name_never_leaves_the_private_root(
    client, renewal, representative, private_root, tmp_path
):
    """Django keeps only the last part of a name sent with a path; whatever arrives is
    stored under our own name inside the private root."""
    client.force_login(representative)
    item = renewal.items.first()
    boundary = "BoUnDaRy"
    body = (
        (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="item{item.pk}-facts"\r\n\r\nFatti\r\n'
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="item{item.pk}-fact_date"\r\n\r\n2026-03-01\r\n'
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="item{item.pk}-document"; '
            f'filename="../../../../{tmp_path.name}/evil.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + PDF
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = client.generic(
        "POST",
        f"/admin/renewals/{renewal.pk}/item/{item.pk}/",
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 302
    [path] = stored_files(private_root)
    assert path.resolve().is_relative_to(private_root.resolve())
    assert Evidence.objects.get().name == "evil.pdf"
    assert not (tmp_path / "evil.pdf").exists()
