"""The representatives in the admin: the managers' invitations and list (admin_viewsets), a
representative's scope on the cooperatives (scope.py), and their admin menu, which keeps only
what they use: their cooperative and its images."""

from django.conf import settings
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component

from chrome.robots import HOOK as ROBOTS_DISALLOWED
from infrastructure.links import path_in
from infrastructure.scheduling import HOOK as SCHEDULED_WORK
from register.admin_scope import HOOK as COOPERATIVE_ADMIN_SCOPE

from .admin_viewsets import RepresentativesGroup
from .completeness import missing
from .middleware import allowed
from .models import cooperative_of
from .reminders import send_reminders
from .scope import representative_scope

# The admin menu items a representative sees: the register's (its Cooperatives, the only one
# their scope shows) and those leading to the admin areas they may open (middleware.py).
MENU = {"register"}


@hooks.register(COOPERATIVE_ADMIN_SCOPE)
def representatives_keep_their_own(user):
    return representative_scope(user)


@hooks.register("register_admin_viewset")
def invitations_in_the_admin() -> RepresentativesGroup:
    return RepresentativesGroup()


def shown_to_representatives(item) -> bool:
    if item.name in MENU:
        return True
    url, root = str(getattr(item, "url", "") or ""), reverse("wagtailadmin_home")
    return url.startswith(root) and url != root and allowed(url)


@hooks.register("construct_main_menu")
def representatives_menu(request, menu_items) -> None:
    if cooperative_of(request.user) is not None:
        menu_items[:] = [item for item in menu_items if shown_to_representatives(item)]


@hooks.register(ROBOTS_DISALLOWED)
def invitations_are_not_for_crawlers() -> list[str]:
    return [
        path_in(code, "representatives_accept", token="x").removesuffix("x/")
        for code, _name in settings.LANGUAGES
    ]


class CompletenessPanel(Component):
    """The representative's dashboard: what their cooperative's profile misses."""

    name = "profile_completeness"
    order = 10
    template_name = "representatives/admin/completeness_panel.html"

    def __init__(self, cooperative) -> None:
        self.cooperative = cooperative

    def get_context_data(self, parent_context=None) -> dict:
        return {
            "cooperative": self.cooperative,
            "items": missing(self.cooperative),
            "edit_url": reverse(
                "wagtailsnippets_register_cooperative:edit", args=[self.cooperative.pk]
            ),
        }


@hooks.register("construct_homepage_panels")
def profile_completeness(request, panels: list) -> None:
    if (cooperative := cooperative_of(request.user)) is not None:
        panels.insert(0, CompletenessPanel(cooperative))


@hooks.register(SCHEDULED_WORK)
def monthly_profile_reminders(now) -> str:
    return send_reminders(now)
