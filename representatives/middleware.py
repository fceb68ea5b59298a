"""A representative reaches only the admin areas they use; every other admin address answers
403 to them, whatever Wagtail's own checks would say (pages, documents, settings, reports,
users, forms, the other apps' viewsets, the translation tools…). Their own cooperative's
record is then checked view by view (register.admin_scope)."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from .models import cooperative_of

# Under the admin's root: its dashboard (exactly), and these prefixes.
ALLOWED = (
    "snippets/register/cooperative/",
    "images/",  # Wagtail's collection permissions: their own cooperative's collection only
    "renewals/",  # the renewals app (issue 17), which checks the cooperative itself
    "account/",
    "logout/",
    "login/",
    "password_reset/",
    "jsi18n/",
    "sprite",
    "choose-external-link/",
    "choose-email-link/",
    "choose-phone-link/",
    "tag-autocomplete/",
)


def allowed(path: str) -> bool:
    """Whether a representative may open this address (of the admin or not)."""
    root = reverse("wagtailadmin_home")
    if not path.startswith(root):
        return True
    rest = path.removeprefix(root)
    return not rest or rest.startswith(ALLOWED)


class RepresentativeAdminAreas:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not allowed(request.path_info) and cooperative_of(request.user) is not None:
            raise PermissionDenied
        return self.get_response(request)
