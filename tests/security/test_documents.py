"""Uploaded documents: visitors get only those that published, public content uses, always as
a download (attachment, nosniff, a policy that runs nothing); editors get all of them."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from home.models import EditorialPage, HomePage

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def upload(name: str, content: bytes = b"Verbale di revisione.\n", collection=None) -> Document:
    document = Document(title=name, collection=collection or Collection.get_first_root_node())
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def page_with(documents: list[Document], slug: str, *, publish: bool = True) -> EditorialPage:
    page = EditorialPage(
        title=slug.title(),
        slug=slug,
        live=False,
        body=[("downloads", {"title": "Allegati", "documents": documents})],
    )
    HomePage.objects.get(locale__language_code="it").add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def make_private(page: EditorialPage) -> None:
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def download(document: Document, client: Client | None = None):
    return (client or Client()).get(document.url)


def test_a_document_of_a_public_page_downloads_safely():
    document = upload("requisiti.txt")
    page_with([document], "allegati-pubblici")
    response = download(document)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Verbale di revisione.\n"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    # Wagtail's own policy for documents: nothing in the file loads or runs.
    assert response["Content-Security-Policy"].startswith("default-src 'none'")


def test_a_pdf_downloads_rather_than_opening_in_the_site():
    document = upload("domanda.pdf", b"%PDF-1.4\n%%EOF\n")
    page_with([document], "modulo-pdf")
    response = download(document)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_document_only_on_a_private_page_is_not_found():
    document = upload("riservato.txt")
    make_private(page_with([document], "allegati-riservati"))
    assert download(document).status_code == 404


def test_a_document_only_on_a_draft_is_not_found():
    document = upload("bozza.txt")
    page_with([document], "allegati-in-bozza", publish=False)
    assert download(document).status_code == 404


def test_a_document_no_page_uses_is_not_found():
    assert download(upload("caricato.txt")).status_code == 404


def test_a_document_also_on_a_public_page_downloads():
    document = upload("condiviso.txt")
    make_private(page_with([document], "riservata-con-allegato"))
    page_with([document], "pubblica-con-allegato")
    assert download(document).status_code == 200


def test_a_document_in_a_private_collection_asks_for_a_login():
    private = Collection.get_first_root_node().add_child(name="Riservati")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = upload("interno.txt", collection=private)
    page_with([document], "pubblica-con-allegato-interno")
    response = download(document)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_editors_download_what_visitors_cannot():
    document = upload("da-rivedere.txt")
    make_private(page_with([document], "allegati-per-la-redazione"))
    editor = User.objects.create_user("redattrice-documenti", password="unused")
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    assert download(document, client).status_code == 200
    assert download(document).status_code == 404  # and still not for visitors
