"""The register's changes as an Atom feed, narrowed by the listing's filters."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .listing import ListingForm, RegisterQuery
from .models.events import PUBLIC_STATUSES, CertificationEvent, EventKind
from .vocabulary import Vocabulary

FEED_SIZE = 50


class RegisterChangesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, register_page):
        self.request = request
        return register_page

    def title(self, register_page) -> str:
        return _("Changes to the Impact register")

    def subtitle(self, register_page) -> str:
        return _("New certifications, renewals, suspensions, reinstatements and revocations.")

    def link(self, register_page) -> str:
        return self.request.build_absolute_uri(register_page.get_url(self.request))

    def feed_url(self, register_page) -> str:
        return self.request.build_absolute_uri(self.request.get_full_path())

    def items(self, register_page):
        vocabulary = Vocabulary()
        form = ListingForm(self.request.GET, vocabulary)
        form.is_valid()
        # Every status: a buyer following a sector wants to hear of suspensions and revocations.
        cooperatives = RegisterQuery(form, vocabulary).queryset(without="status")
        self.register_page = register_page
        return (
            CertificationEvent.objects.filter(cooperative__in=cooperatives)
            .select_related("cooperative")
            .order_by("-date", "-id")[:FEED_SIZE]
        )

    def item_title(self, event) -> str:
        return f"{event.cooperative.name}: {event.get_kind_display()}"

    def item_description(self, event) -> str:
        parts = [
            _("%(event)s on %(date)s.")
            % {"event": event.get_kind_display(), "date": event.date.strftime("%d/%m/%Y")}
        ]
        if event.valid_until:
            parts.append(
                _("Valid until %(date)s.") % {"date": event.valid_until.strftime("%d/%m/%Y")}
            )
        note, _language = event.note_for(get_language())
        if note:
            parts.append(note)
        return " ".join(parts)

    def item_link(self, event) -> str:
        cooperative = event.cooperative
        if cooperative.status in PUBLIC_STATUSES:
            url = self.register_page.cooperative_url(cooperative, self.request)
        else:
            url = f"{self.register_page.verification_url(self.request)}?q={cooperative.vat_number}"
        return self.request.build_absolute_uri(url)

    def item_guid(self, event) -> str:
        return self.request.build_absolute_uri(
            f"{self.register_page.get_url(self.request)}#event-{event.pk}"
        )

    item_guid_is_permalink = False

    def item_pubdate(self, event):
        return timezone.make_aware(datetime.datetime.combine(event.date, datetime.time(9)))

    def item_updateddate(self, event):
        return event.recorded_at

    def item_categories(self, event) -> list[str]:
        return [EventKind(event.kind).value]
