"""Addresses in alert messages and pages: absolute, from the site's public address
(WAGTAILADMIN_BASE_URL, as Wagtail's own mail), in the reader's language."""

from urllib.parse import urlencode

from django.urls import reverse

from infrastructure.links import absolute, path_in
from register.models import Cooperative, RegisterPage
from register.models.events import PUBLIC_STATUSES

from .models import Subscription
from .tokens import CONFIRM, MANAGE, make_token


def confirm_url(subscription: Subscription, request_key: str, language: str) -> str:
    token = make_token(subscription, CONFIRM, request_key)
    return absolute(path_in(language, "alerts_confirm", token=token))


def manage_url(subscription: Subscription, language: str | None = None) -> str:
    token = make_token(subscription, MANAGE)
    return absolute(path_in(language or subscription.language, "alerts_manage", token=token))


def unsubscribe_url(subscription: Subscription, language: str | None = None) -> str:
    token = make_token(subscription, MANAGE)
    return absolute(path_in(language or subscription.language, "alerts_unsubscribe", token=token))


def one_click_url(subscription: Subscription) -> str:
    """The List-Unsubscribe address (RFC 8058): mail providers POST to it, without a
    language or a cookie."""
    return absolute(reverse("alerts_one_click", kwargs={"token": make_token(subscription, MANAGE)}))


def register_page(language: str) -> RegisterPage | None:
    return RegisterPage.objects.live().filter(locale__language_code=language).first()


def cooperative_url(cooperative: Cooperative, page: RegisterPage | None) -> str:
    """The cooperative's page where it has one (active or suspended), else the register's
    verification answer for its VAT number, which says what became of the mark."""
    if page is None:
        return absolute("/")
    if cooperative.status in PUBLIC_STATUSES:
        return absolute(page.cooperative_url(cooperative))
    return absolute(f"{page.verification_url()}?q={cooperative.vat_display}")


def listing_url(filters: dict[str, str], page: RegisterPage | None) -> str:
    if page is None:
        return absolute("/")
    query = urlencode(filters)
    return absolute(page.get_url() + (f"?{query}" if query else ""))
