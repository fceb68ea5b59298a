"""Each editor group can do exactly what its role allows, in the admin itself.

Editors write pages and news and submit them (no publishing); Moderators also publish,
unpublish and delete pages, keep the news categories and press contacts and read the
enquiries; Register managers keep cooperatives, certification events, sectors and areas
(with their logos) and the cooperatives' yearly figures, find and erase alert subscriptions
when their owners ask, review and decide renewals and edit their settings, and nothing else.
Cooperative representatives open the admin, upload and choose images (in their own
cooperative's collection) and their own renewals: everything they do on cooperatives is on
their own record alone, tested in tests/representatives. Nobody but an administrator manages
people, other settings, redirects or deletes a cooperative, and nobody changes a
certification event or an alert subscription.
"""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from alerts.models import Subscription
from contact.models import ContactFormPage
from impact.models import YearlyFigures
from news.models import NewsCategory, NewsIndexPage, PressContact
from register.models import Area, CertificationEvent, Cooperative, Sector
from renewals.models import RenewalSettings
from representatives.invitations import accept
from representatives.models import Invitation

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

EDITORS, MODERATORS, MANAGERS = "Editors", "Moderators", "Register managers"
REPRESENTATIVES = "Cooperative representatives"
GROUPS = (EDITORS, MODERATORS, MANAGERS, REPRESENTATIVES)


class Things:
    """What the actions act on: demo content plus a cooperative made for the test."""

    def __init__(self, cooperative) -> None:
        self.page = Page.objects.get(slug="marchio-impact", locale__language_code="it")
        self.news_index = NewsIndexPage.objects.get(locale__language_code="it")
        self.form_page = ContactFormPage.objects.get(locale__language_code="it")
        self.cooperative = cooperative
        self.event = CertificationEvent.objects.filter(cooperative=cooperative).first()
        self.sector = Sector.objects.first()
        self.area = Area.objects.first()
        self.category = NewsCategory.objects.first()
        self.press_contact = PressContact.objects.first()
        self.subscription = Subscription.objects.create(email="iscritto@example.org", language="it")
        self.figures = YearlyFigures.objects.filter(cooperative__live=True).first()


def opens(url: Callable[[Things], str]) -> Callable[[Client, User, Things], bool]:
    """The action is allowed when its admin page opens (Wagtail redirects or refuses otherwise)."""
    return lambda client, user, things: client.get(url(things)).status_code == 200


def page_permission(name: str) -> Callable[[Client, User, Things], bool]:
    return lambda client, user, things: getattr(
        things.page.permissions_for_user(user), f"can_{name}"
    )()


def snippet(model: str, view: str, pk: Callable[[Things], object] | None = None):
    def url(things: Things) -> str:
        args = [pk(things).pk] if pk else []
        return reverse(f"wagtailsnippets_{model}:{view}", args=args)

    return opens(url)


def publishes_cooperatives(client: Client, user: User, things: Things) -> bool:
    """The edit view offers the Publish action (and the permission behind it is held)."""
    url = reverse("wagtailsnippets_register_cooperative:edit", args=[things.cooperative.pk])
    response = client.get(url)
    offered = response.status_code == 200 and 'name="action-publish"' in response.content.decode()
    return offered and user.has_perm("register.publish_cooperative")


ACTIONS: dict[str, tuple[Callable[[Client, User, Things], bool], set[str]]] = {
    "open the admin": (
        opens(lambda t: "/admin/"),
        {EDITORS, MODERATORS, MANAGERS, REPRESENTATIVES},
    ),
    "edit a page": (opens(lambda t: f"/admin/pages/{t.page.pk}/edit/"), {EDITORS, MODERATORS}),
    "add a news item": (
        opens(lambda t: f"/admin/pages/add/news/newspage/{t.news_index.pk}/"),
        {EDITORS, MODERATORS},
    ),
    "publish a page": (page_permission("publish"), {MODERATORS}),
    "unpublish a page": (page_permission("unpublish"), {MODERATORS}),
    "delete a page": (opens(lambda t: f"/admin/pages/{t.page.pk}/delete/"), {MODERATORS}),
    "translate a page": (
        opens(lambda t: f"/admin/localize/submit/page/{t.page.pk}/"),
        {EDITORS, MODERATORS},
    ),
    "translate a cooperative": (
        opens(lambda t: f"/admin/localize/submit/snippet/register/cooperative/{t.cooperative.pk}/"),
        {MANAGERS},
    ),
    "translate a news category": (
        opens(lambda t: f"/admin/localize/submit/snippet/news/newscategory/{t.category.pk}/"),
        {MODERATORS},
    ),
    "upload a document": (opens(lambda t: "/admin/documents/multiple/add/"), {EDITORS, MODERATORS}),
    "upload an image": (
        opens(lambda t: "/admin/images/multiple/add/"),
        {EDITORS, MODERATORS, MANAGERS, REPRESENTATIVES},
    ),
    "choose a logo": (
        opens(lambda t: "/admin/images/chooser/"),
        {EDITORS, MODERATORS, MANAGERS, REPRESENTATIVES},
    ),
    "read the enquiries": (
        opens(lambda t: f"/admin/forms/submissions/{t.form_page.pk}/"),
        {MODERATORS},
    ),
    "edit news categories": (
        snippet("news_newscategory", "edit", lambda t: t.category),
        {MODERATORS},
    ),
    "edit press contacts": (
        snippet("news_presscontact", "edit", lambda t: t.press_contact),
        {MODERATORS},
    ),
    "add a cooperative": (snippet("register_cooperative", "add"), {MANAGERS}),
    "edit a cooperative": (
        snippet("register_cooperative", "edit", lambda t: t.cooperative),
        {MANAGERS},
    ),
    "publish a cooperative": (publishes_cooperatives, {MANAGERS}),
    "delete a cooperative": (
        snippet("register_cooperative", "delete", lambda t: t.cooperative),
        set(),
    ),
    "import cooperatives": (opens(lambda t: reverse("register_import")), {MANAGERS}),
    "see the import jobs": (opens(lambda t: reverse("register_import_jobs")), {MANAGERS}),
    "record a certification event": (
        snippet("register_certificationevent", "add"),
        {MANAGERS},
    ),
    "change a certification event": (
        snippet("register_certificationevent", "edit", lambda t: t.event),
        set(),
    ),
    "delete a certification event": (
        snippet("register_certificationevent", "delete", lambda t: t.event),
        set(),
    ),
    "edit sectors": (snippet("register_sector", "edit", lambda t: t.sector), {MANAGERS}),
    "edit areas": (snippet("register_area", "edit", lambda t: t.area), {MANAGERS}),
    "see alert subscriptions": (
        opens(lambda t: reverse("alert_subscriptions:index")),
        {MANAGERS},
    ),
    "erase an alert subscription": (
        opens(lambda t: reverse("alert_subscriptions:delete", args=[t.subscription.pk])),
        {MANAGERS},
    ),
    "change an alert subscription": (
        opens(lambda t: reverse("alert_subscriptions:edit", args=[t.subscription.pk])),
        set(),
    ),
    "see the yearly figures": (
        opens(lambda t: reverse("wagtailsnippets_impact_yearlyfigures:list")),
        {MANAGERS},
    ),
    "enter yearly figures": (snippet("impact_yearlyfigures", "add"), {MANAGERS}),
    "change yearly figures": (
        snippet("impact_yearlyfigures", "edit", lambda t: t.figures),
        {MANAGERS},
    ),
    "delete yearly figures": (
        snippet("impact_yearlyfigures", "delete", lambda t: t.figures),
        {MANAGERS},
    ),
    "import yearly figures": (opens(lambda t: reverse("impact_import")), {MANAGERS}),
    "review requests for quotes": (opens(lambda t: reverse("quote_requests:index")), {MANAGERS}),
    "add a request for quotes": (opens(lambda t: reverse("quote_requests:add")), set()),
    "invite representatives": (
        opens(lambda t: reverse("representatives_invitation:add")),
        {MANAGERS},
    ),
    "see the representatives": (
        opens(lambda t: reverse("representatives_representative:index")),
        {MANAGERS},
    ),
    # A representative's list holds their own cooperative's renewals (tests/renewals).
    "review renewals": (
        opens(lambda t: reverse("renewals_index")),
        {MANAGERS, REPRESENTATIVES},
    ),
    "change the renewal settings": (
        opens(lambda t: f"/admin/settings/renewals/renewalsettings/{RenewalSettings.load().pk}/"),
        {MANAGERS},
    ),
    "manage users": (opens(lambda t: "/admin/users/"), set()),
    "manage groups": (opens(lambda t: "/admin/groups/"), set()),
    "change site settings": (opens(lambda t: "/admin/settings/chrome/sitesettings/"), set()),
    "manage redirects": (opens(lambda t: "/admin/redirects/"), set()),
}


@pytest.fixture
def things(make_cooperative) -> Things:
    return Things(make_cooperative("Cooperativa dei Permessi"))


def member_of(group: str, things: Things) -> tuple[User, Client]:
    if group == REPRESENTATIVES:
        # A representative of another cooperative than the one the actions act on.
        theirs = Cooperative.objects.canonical().exclude(pk=things.cooperative.pk).first()
        invitation = Invitation.objects.create(email="rep@example.org", cooperative=theirs)
        user = accept(invitation, "Una-password-lunga-2026")
    else:
        user = User.objects.create_user(group.lower().replace(" ", "-"), password="unused")
        user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return user, client


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("action", ACTIONS, ids=ACTIONS.keys())
def test_each_group_does_exactly_what_its_role_allows(things, group, action):
    check, allowed_groups = ACTIONS[action]
    user, client = member_of(group, things)
    assert check(client, user, things) is (group in allowed_groups)


def test_an_editor_who_presses_publish_only_submits_for_moderation(things):
    """Editors have the publish button's request refused by the workflow, not just hidden."""
    _user, client = member_of(EDITORS, things)
    page = things.page.specific
    edit_url = f"/admin/pages/{page.pk}/edit/"
    form = client.get(edit_url)
    assert form.status_code == 200
    assert 'name="action-publish"' not in form.content.decode()
    assert 'name="action-submit"' in form.content.decode()
