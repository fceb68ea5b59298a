"""Atom feeds of the newsroom, one per language."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from chrome.models import PUBLISHER


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, index):
        self.request = request
        return index

    def title(self, index) -> str:
        return _("%(title)s – Impact register") % {"title": index.title}

    def subtitle(self, index) -> str:
        return _("News and press releases of the Impact – Effetto cooperativo register.")

    def link(self, index) -> str:
        return self.request.build_absolute_uri(index.get_url(self.request))

    def feed_url(self, index) -> str:
        return self.request.build_absolute_uri(index.feed_url(self.request))

    def feed_guid(self, index) -> str:
        return self.feed_url(index)

    def items(self, index):
        return index.latest_with_categories()

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return item.standfirst

    def item_link(self, item) -> str:
        return self.request.build_absolute_uri(item.get_url(self.request))

    def item_pubdate(self, item):
        # The date the newsroom gives the item, as readers see it on the page.
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9)))

    def item_updateddate(self, item):
        return max(filter(None, [item.last_published_at, self.item_pubdate(item)]))

    def item_categories(self, item) -> list[str]:
        return [category.name for category in item.categories]

    def author_name(self, index) -> str:
        return PUBLISHER

    def item_author_name(self, item) -> str:
        return PUBLISHER
