"""What is followed, named for its reader (on the pages and in the messages): each number
with the cooperative it stands for today and its status, each listing in words, with links
into the register in the reader's language (the active one)."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from register.vocabulary import Vocabulary

from .links import cooperative_url, listing_url, register_page
from .matching import cooperatives_by_number, describe_listing
from .models import FollowedListing, FollowedNumber


@dataclass
class FollowedItem:
    """A followed supplier or listing as a message or page names it."""

    label: str
    detail: str = ""
    url: str = ""


def numbers_named(numbers: Sequence[FollowedNumber], language: str) -> list[FollowedItem]:
    """Each number with the cooperative it stands for today, if the register has one."""
    found = cooperatives_by_number((item.kind, item.number) for item in numbers)
    page = register_page(language)
    items = []
    for item in numbers:
        cooperative = found.get((item.kind, item.number))
        if cooperative is None:
            items.append(FollowedItem(str(item), _("not in the register (yet)")))
        else:
            detail = f"{cooperative.name} – {cooperative.get_status_display()}"
            items.append(FollowedItem(str(item), detail, cooperative_url(cooperative, page)))
    return items


def listings_named(listings: Sequence[FollowedListing], language: str) -> list[FollowedItem]:
    vocabulary = Vocabulary(language)
    page = register_page(language)
    return [
        FollowedItem(
            describe_listing(listing.filters(), vocabulary),
            url=listing_url(listing.filters(), page),
        )
        for listing in listings
    ]
