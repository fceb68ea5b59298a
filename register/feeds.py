"""The register's changes as an Atom feed, narrowed by the listing's filters.

Each choice of filters is a feed of its own (RFC 4287): its own id and self link, a title
that names the filters and an alternate link to the listing they select. A filter the register
does not know is a 400, not a feed of everything under a misleading address."""

import datetime
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chrome.models import PUBLISHER

from .filters import FiltersForm, RegisterFilters
from .models.events import PUBLIC_STATUSES, CertificationEvent, EventKind
from .vocabulary import Vocabulary

FEED_SIZE = 50
# The listing's filters a feed follows; status and sort do not apply (a feed has every status,
# newest first), nor does the page.
FEED_FILTERS = ("q", "sector", "area", "form")
# How much of a wrong value the 400 repeats.
SHOWN_VALUE_LENGTH = 60


def feed_query(form: FiltersForm) -> str:
    """The feed's filters as a query string (``?sector=…&area=…``, or empty), in one order and
    with only valid values: one address, and one id, per choice of filters."""
    form.is_valid()
    chosen = {name: form.value(name) for name in FEED_FILTERS}
    query = urlencode({name: value for name, value in chosen.items() if value})
    return f"?{query}" if query else ""


def filter_errors(form: FiltersForm) -> list[str]:
    """What is wrong with the feed's filters, one sentence each, in the active language."""
    form.is_valid()
    errors = []
    for name in FEED_FILTERS:
        if name not in form.errors:
            continue
        value = form.data.get(name, "")
        if name == "q":
            errors.append(_("The keywords are too long for a feed."))
        else:
            shown = value if len(value) <= SHOWN_VALUE_LENGTH else value[:SHOWN_VALUE_LENGTH] + "…"
            errors.append(
                _("“%(value)s” is not a code of the register for the filter “%(filter)s”.")
                % {"value": shown, "filter": name}
            )
    return errors


def changes_feed(request: HttpRequest, register_page) -> HttpResponse:
    """The feed of the filters in the query string, or a 400 naming the ones that are wrong."""
    vocabulary = Vocabulary()
    filters = RegisterFilters(request.GET, vocabulary)
    if errors := filter_errors(filters.form):
        message = "\n".join(
            [
                *errors,
                _("The codes of sectors, areas and legal forms are listed at %(url)s.")
                % {"url": request.build_absolute_uri(register_page.open_data_url(request))},
            ]
        )
        return HttpResponseBadRequest(message + "\n", content_type="text/plain; charset=utf-8")
    return RegisterChangesFeed()(
        request, register_page=register_page, filters=filters, vocabulary=vocabulary
    )


class RegisterChangesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, register_page, filters: RegisterFilters, vocabulary: Vocabulary):
        self.request = request
        self.filters = filters
        self.form = filters.form
        self.vocabulary = vocabulary
        self.register_page = register_page
        self.query = feed_query(filters.form)
        return register_page

    def _absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path + self.query)

    def _filter_names(self) -> list[str]:
        value = self.form.value
        fields = self.form.fields
        names = []
        if words := value("q"):
            names.append(f"{fields['q'].label}: “{words}”")
        if code := value("sector"):
            names.append(f"{fields['sector'].label}: {self.vocabulary.sectors_by_code[code].name}")
        if code := value("area"):
            names.append(f"{fields['area'].label}: {self.vocabulary.areas_by_code[code].name}")
        if code := value("form"):
            names.append(f"{fields['form'].label}: {dict(fields['form'].choices)[code]}")
        return names

    def title(self, register_page) -> str:
        title = _("Changes to the Impact register")
        if names := self._filter_names():
            return _("%(title)s – %(filters)s") % {"title": title, "filters": ", ".join(names)}
        return title

    def subtitle(self, register_page) -> str:
        return _(
            "New certifications, renewals, suspensions, reinstatements, revocations and "
            "withdrawals."
        )

    def link(self, register_page) -> str:
        return self._absolute(register_page.get_url(self.request))

    def feed_url(self, register_page) -> str:
        return self._absolute(f"{register_page.get_url(self.request)}feed/")

    def feed_guid(self, register_page) -> str:
        return self.feed_url(register_page)

    def author_name(self, register_page) -> str:
        return PUBLISHER

    def items(self, register_page):
        # Every status: a buyer following a sector wants to hear of suspensions and revocations.
        cooperatives = self.filters.narrowed(without={"status", "sort"})
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
