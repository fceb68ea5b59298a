"""A representative, in the admin, reaches their own cooperative and nothing else; what they
change goes to the review workflow and only a register manager publishes it."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import rich_text

from register.models import Cooperative
from tests.factories import ImageFactory

from .conftest import signed_in

pytestmark = pytest.mark.django_db


def refused(response) -> bool:
    """Refused: a 403, or Wagtail's redirect to the dashboard with its "no permission"."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def snippet(view: str, *args) -> str:
    return reverse(f"wagtailsnippets_register_cooperative:{view}", args=args)


def edit_data(cooperative: Cooperative, **changes) -> dict:
    data = {
        "description": rich_text(cooperative.description),
        "services": rich_text(cooperative.services or "<p></p>"),
        "website": cooperative.website,
        "email": cooperative.email,
        "phone": cooperative.phone,
        "logo": "",
        "workers": "",
        "members": "",
        "disadvantaged_workers": "",
        "quality_path": cooperative.quality_path,
        "training": cooperative.training,
        "operating_sites-TOTAL_FORMS": "0",
        "operating_sites-INITIAL_FORMS": "0",
        "operating_sites-MIN_NUM_FORMS": "0",
        "operating_sites-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


OTHERS_VIEWS = [
    "edit",
    "inspect",
    "history",
    "workflow_history",
    "lock",
    "unlock",
    "delete",
    "usage",
    "unpublish",
]


@pytest.mark.parametrize("view", OTHERS_VIEWS)
def test_another_cooperative_is_out_of_reach(two, view):
    assert refused(two.client.get(snippet(view, two.other.pk)))
    assert refused(two.client.post(snippet(view, two.other.pk)))


@pytest.mark.parametrize("view", ["edit", "inspect", "history", "workflow_history"])
def test_their_own_cooperative_opens(two, view):
    assert two.client.get(snippet(view, two.own.pk)).status_code == 200


@pytest.mark.parametrize("view", ["lock", "delete", "usage", "unpublish"])
def test_on_their_own_record_they_cannot_lock_delete_or_unpublish(two, view):
    assert refused(two.client.get(snippet(view, two.own.pk)))
    assert refused(two.client.post(snippet(view, two.own.pk)))


def test_the_listing_holds_only_their_cooperative_and_cannot_be_exported(two):
    listing = two.client.get(snippet("list")).content.decode()
    assert "Cooperativa Propria" in listing and "Cooperativa Altrui" not in listing
    assert refused(two.client.get(snippet("list"), {"export": "csv"}))
    assert refused(two.client.get(snippet("add")))


ADMIN_AREAS = [
    "/admin/users/",
    "/admin/groups/",
    "/admin/pages/",
    "/admin/documents/",
    "/admin/forms/",
    "/admin/reports/site-history/",
    "/admin/reports/workflow/",
    "/admin/settings/chrome/sitesettings/",
    "/admin/redirects/",
    "/admin/snippets/register/certificationevent/",
    "/admin/snippets/register/sector/",
    "/admin/snippets/news/newscategory/",
    "/admin/register/import/",
    "/admin/alerts/subscription/",
    "/admin/quote_requests/",
    "/admin/representatives/invitations/",
    "/admin/localize/submit/snippet/register/cooperative/1/",
    "/admin/workflows/list/",
]


@pytest.mark.parametrize("path", ADMIN_AREAS)
def test_no_other_admin_area(two, path):
    assert refused(two.client.get(path))


def test_the_menu_shows_only_their_areas(two):
    home = two.client.get("/admin/").content.decode()
    assert "Cooperative" in home
    for absent in ("Pagine", "Documenti", "Impostazioni", "Rapporti", "Utenti", "Aiuto"):
        assert f'"label": "{absent}"' not in home
    assert '"label": "Immagini"' in home


def test_images_of_others_are_out_of_reach(two, site):
    other = ImageFactory()
    assert two.client.get(f"/admin/images/{other.pk}/").status_code in (302, 403)
    chooser = two.client.get("/admin/images/chooser/").content.decode()
    assert other.title not in chooser


def test_changes_go_to_review_and_identifiers_stay(two, manager, client):
    vat = two.own.vat_number
    data = edit_data(
        two.own,
        description=rich_text("<p>Nuova descrizione della cooperativa.</p>"),
        vat_number="01234567897",
        name="Nome cambiato",
        **{"action-submit": "Invia"},
    )
    response = two.client.post(snippet("edit", two.own.pk), data)
    body = response.content.decode()
    assert response.status_code == 302, (
        response.context["form"].errors,
        body[body.find("w-message") :][:800],
    )
    own = Cooperative.objects.get(pk=two.own.pk)
    # Nothing public changed: the live record keeps its texts until a manager publishes.
    assert "Nuova descrizione" not in own.description and own.has_unpublished_changes
    assert (own.vat_number, own.name) == (vat, "Cooperativa Propria")
    state = WorkflowState.objects.get(object_id=str(own.pk), status="in_progress")
    assert state.workflow.name == "Cooperative profile review"
    page = client.get(f"/it/registro/{own.slug}/").content.decode()
    assert "Nuova descrizione" not in page

    # The manager publishes (the task's approval).
    task_state = state.current_task_state
    url = snippet("workflow_action", own.pk, "approve", task_state.pk)
    approved = signed_in(manager).post(url, {"comment": "Va bene"})
    assert approved.status_code in (200, 302)
    own.refresh_from_db()
    assert "Nuova descrizione" in own.description and own.vat_number == vat
    assert "Nuova descrizione" in client.get(f"/it/registro/{own.slug}/").content.decode()


def test_a_representative_cannot_publish_directly(two):
    data = edit_data(two.own, website="https://nuovo.example.org", **{"action-publish": "1"})
    two.client.post(snippet("edit", two.own.pk), data)
    assert Cooperative.objects.get(pk=two.own.pk).website == "https://propria.example.org"


def test_the_logo_is_one_of_their_own_images(two, site):
    other = ImageFactory()
    data = edit_data(two.own, logo=str(other.pk))
    response = two.client.post(snippet("edit", two.own.pk), data)
    assert response.status_code == 200  # the form, with the error
    assert Cooperative.objects.get(pk=two.own.pk).latest_revision.content.get("logo") != other.pk


def test_the_cached_public_page_changes_when_the_manager_publishes(
    two, manager, client, page_cache, django_capture_on_commit_callbacks
):
    path = f"/it/registro/{two.own.slug}/"
    # Warm: the first answer after the records were made may be rendered under an older token.
    statuses = [client.get(path)["X-Wagtail-Cache"] for _attempt in range(3)]
    assert statuses[-1] == "hit"
    data = edit_data(
        two.own,
        description=rich_text("<p>Testo rivisto dal rappresentante.</p>"),
        **{"action-submit": "Invia"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert two.client.post(snippet("edit", two.own.pk), data).status_code == 302
    # Submitted, not published: the cached page stays as it is.
    assert "Testo rivisto" not in client.get(path).content.decode()
    state = WorkflowState.objects.get(object_id=str(two.own.pk), status="in_progress")
    url = snippet("workflow_action", two.own.pk, "approve", state.current_task_state.pk)
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(manager).post(url, {"comment": ""})
    fresh = client.get(path)
    assert fresh["X-Wagtail-Cache"] == "miss"
    assert "Testo rivisto dal rappresentante" in fresh.content.decode()


def test_a_manager_sends_it_back_with_a_comment(two, manager):
    data = edit_data(two.own, website="https://rivisto.example.org", **{"action-submit": "Invia"})
    two.client.post(snippet("edit", two.own.pk), data)
    state = WorkflowState.objects.get(object_id=str(two.own.pk), status="in_progress")
    url = snippet("workflow_action", two.own.pk, "reject", state.current_task_state.pk)
    signed_in(manager).post(url, {"comment": "Manca il sito corretto"})
    state.refresh_from_db()
    assert state.status == "needs_changes"
    assert Cooperative.objects.get(pk=two.own.pk).website == "https://propria.example.org"
    # The representative sees the comment in their workflow history.
    history = two.client.get(snippet("workflow_history_detail", two.own.pk, state.pk))
    assert "Manca il sito corretto" in history.content.decode()


def test_approving_later_keeps_what_a_manager_changed_meanwhile(two, manager):
    data = edit_data(two.own, website="https://rivisto.example.org", **{"action-submit": "Invia"})
    assert two.client.post(snippet("edit", two.own.pk), data).status_code == 302
    # Meanwhile an import renames the cooperative and corrects its REA number (the import
    # writes the record's rows, register.writing): the revision was made from it before that.
    Cooperative.objects.filter(pk=two.own.pk).update(
        name="Cooperativa Propria Rinominata", rea_number="BG-999999"
    )
    record = Cooperative.objects.get(pk=two.own.pk)
    state = WorkflowState.objects.get(object_id=str(two.own.pk), status="in_progress")
    url = snippet("workflow_action", two.own.pk, "approve", state.current_task_state.pk)
    signed_in(manager).post(url, {"comment": ""})
    record.refresh_from_db()
    # The representative's change is published; the manager's stays.
    assert record.website == "https://rivisto.example.org"
    assert (record.name, record.rea_number) == ("Cooperativa Propria Rinominata", "BG-999999")
