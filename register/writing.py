"""The one way cooperatives are written: the import, the generator and the demo loader create
and update records here (`write_cooperatives()`), with their sectors, areas, first
certification events and English translation, each published with a revision so that the admin
shows it live, with its history; later events of a history are appended with `record_event()`.

Why in bulk, not `save_revision().publish()` per record: that costs some forty queries and
three search-index updates per record (and the SQLite search backend recomputes its title
norms over the whole index on each update), which is minutes for 10,000 records and most of an
hour for 100,000. So a batch is written with Wagtail's own parts, doing what
PublishRevisionAction does for an object without a publication schedule: one `Revision` per
record holding `serializable_data()`, which becomes its latest and its live revision; the
record is live with no unpublished changes; the history gets the entries a publication from
the admin writes (create or edit, rename, publish) through Wagtail's log model; the
`published` signal is sent; the search index is updated once per few thousand records; the
cached content is dropped once, at the end (`bulk_changes()`).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Sequence, Sized
from dataclasses import dataclass, field
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry
from wagtail.models import ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends
from wagtail.signals import published

from infrastructure.invalidation import bulk_changes
from infrastructure.localization import publish_translation

from .comuni import settle_place
from .models import Area, CertificationEvent, Cooperative, OperatingSite, Sector
from .models.events import certification_summary
from .receivers import register_urls

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# The database search backends rescan the whole index after each bulk add (title norms):
# fewer, larger batches keep that cost from growing with the square of the count.
INDEX_BATCH_SIZE = 5_000
# What the record keeps of its history (certification_summary()), written with the events.
SUMMARY_FIELDS = [
    "first_certified_on",
    "certified_until",
    "certification_kind",
    "certification_date",
]
RELATIONS = ("sectors", "areas")
SITE_FIELDS = ("label", "street", "postcode", "comune", "province", "latitude", "longitude")
MODEL_FIELDS = {f.name for f in Cooperative._meta.concrete_fields}

Progress = Callable[[str, int, int], None]


@dataclass
class CooperativeWrite:
    """One record to create (`cooperative.pk` is None) or update, as it will be."""

    cooperative: Cooperative
    sectors: list[Sector]  # the record's sectors and areas after the write
    areas: list[Area]
    # For an update: the model fields changed, and "sectors"/"areas" when they are replaced.
    changed: Sequence[str] = ()
    # The first events of a record that has no history yet, oldest first, unsaved.
    events: list[CertificationEvent] = field(default_factory=list)
    previous_name: str = ""  # for an update: the name before, so a rename is logged
    # Italian source text → English, to publish (or bring up to date) the English translation.
    english: dict[str, str] | None = None
    # The operating sites after the write (unsaved), or None to keep those the record has.
    sites: list[OperatingSite] | None = None

    @property
    def creates(self) -> bool:
        return self.cooperative.pk is None


def write_cooperatives(
    writes: Iterable[CooperativeWrite],
    *,
    total: int | None = None,
    user=None,
    progress: Progress | None = None,
    batch_size: int | None = None,
    index_batch_size: int | None = None,
) -> None:
    """Create or update and publish every record: all of them, or none (one transaction).
    `writes` may be a generator (with `total`, for the progress): it is consumed one batch at a
    time, so memory stays flat whatever the count."""
    if not connection.features.can_return_rows_from_bulk_insert:
        raise ImproperlyConfigured(
            "Writing cooperatives needs a database that returns ids from bulk inserts "
            "(PostgreSQL, or SQLite 3.35 or later)."
        )
    if total is None and isinstance(writes, Sized):
        total = len(writes)
    batch_size = batch_size or BATCH_SIZE  # read at call time: tests make batches smaller
    index_batch_size = index_batch_size or INDEX_BATCH_SIZE
    done = 0
    to_index: list[Cooperative] = []
    pending = iter(writes)
    # The per-row signals stay quiet: one change after the commit, purging the listings from a
    # CDN (a cooperative's own page there expires within FRONTEND_CACHE_SECONDS).
    with bulk_changes(register_urls()), transaction.atomic():
        while batch := list(islice(pending, batch_size)):
            _write_batch(batch, user)
            for write in batch:
                if write.english:
                    publish_translation(write.cooperative, "en", write.english)
            to_index += [write.cooperative for write in batch]
            if len(to_index) >= index_batch_size:
                _index(to_index)
                to_index = []
            done += len(batch)
            if progress:
                progress("apply", done, total or done)
        _index(to_index)


def record_event(event: CertificationEvent) -> None:
    """Append one event to a cooperative's history, checked as the admin checks it; its save()
    brings the record's summary of the history up to date (no new revision: the history is
    not part of the record's content)."""
    event.full_clean()
    event.save()
    # Translations copy the summary when they are made: keep a copy made earlier (by the
    # import) the same as its source.
    cooperative = event.cooperative
    Cooperative.objects.filter(translation_key=cooperative.translation_key).exclude(
        pk=cooperative.pk
    ).update(**{name: getattr(cooperative, name) for name in SUMMARY_FIELDS})


def _write_batch(writes: list[CooperativeWrite], user) -> None:
    now = timezone.now()
    context = get_active_log_context()
    log_user = user or context.user
    recorder = log_user if getattr(log_user, "pk", None) else None
    log_uuid = context.uuid or uuid.uuid4()
    content_type = ContentType.objects.get_for_model(Cooperative, for_concrete_model=False)
    base_content_type = Cooperative.get_base_content_type()
    creates = [write for write in writes if write.creates]
    updates = [write for write in writes if not write.creates]

    # 1. The records, live from the start (created) or with their new values (updated).
    for write in writes:
        cooperative = write.cooperative
        # In memory, for the revision's content; the relation rows are written below.
        cooperative.sectors = write.sectors
        cooperative.areas = write.areas
        # The comune's name as ISTAT writes it and, unless given, its centre's coordinates.
        settle_place(cooperative)
        if write.sites is not None:
            for site in write.sites:
                settle_place(site)
            cooperative.operating_sites = write.sites
        if write.events:
            for name, value in certification_summary(write.events).items():
                setattr(cooperative, name, value)
        cooperative.live = True
        cooperative.has_unpublished_changes = False
        cooperative.expired = False
        cooperative.last_published_at = now
        cooperative.first_published_at = cooperative.first_published_at or now
        cooperative.updated_at = now
    if creates:
        Cooperative.objects.bulk_create([write.cooperative for write in creates])

    # 2. Sectors and areas, where they are new or replaced.
    for name, through, target in (
        ("sectors", Cooperative.sectors.through, "sector_id"),
        ("areas", Cooperative.areas.through, "area_id"),
    ):
        replaced = [write for write in updates if name in write.changed]
        if replaced:
            through.objects.filter(
                cooperative_id__in=[write.cooperative.pk for write in replaced]
            ).delete()
        through.objects.bulk_create(
            through(cooperative_id=write.cooperative.pk, **{target: term.pk})
            for write in [*creates, *replaced]
            for term in getattr(write, name)
        )

    # The operating sites, where they are new or replaced.
    with_sites = [write for write in writes if write.sites is not None]
    OperatingSite.objects.filter(
        cooperative_id__in=[write.cooperative.pk for write in with_sites if not write.creates]
    ).delete()
    OperatingSite.objects.bulk_create(
        OperatingSite(
            cooperative_id=write.cooperative.pk,
            sort_order=order,
            **{name: getattr(site, name) for name in SITE_FIELDS},
        )
        for write in with_sites
        for order, site in enumerate(write.sites)
    )

    # 3. The changed fields of updated records, and the history they start.
    if updates:
        changed = {name for write in updates for name in write.changed}
        if changed & {"comune", "province"}:
            changed |= {"comune", "latitude", "longitude"}  # the point follows the comune
        changed_fields = sorted(changed & MODEL_FIELDS)
        if changed_fields:
            Cooperative.objects.bulk_update([w.cooperative for w in updates], changed_fields)
        with_history = [write.cooperative for write in updates if write.events]
        if with_history:
            Cooperative.objects.bulk_update(with_history, SUMMARY_FIELDS)
    events = []
    for write in writes:
        for event in write.events:
            event.cooperative = write.cooperative
            event.recorded_by = event.recorded_by or recorder
            events.append(event)
    CertificationEvent.objects.bulk_create(events)  # no save(): the summary is set above

    # 4. One revision per record, published: its latest and its live revision.
    revisions = [
        Revision(
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=str(write.cooperative.pk),
            created_at=now,
            user=user,
            content=write.cooperative.serializable_data(),
            object_str=str(write.cooperative),
        )
        for write in writes
    ]
    Revision.objects.bulk_create(revisions)
    for write, revision in zip(writes, revisions, strict=True):
        write.cooperative.latest_revision = revision
        write.cooperative.live_revision = revision
    # The state of publication is the same for every record: one UPDATE per batch.
    newest = Subquery(
        Revision.objects.filter(
            base_content_type=base_content_type,
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
        )
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    Cooperative.objects.filter(pk__in=[write.cooperative.pk for write in writes]).update(
        latest_revision=newest,
        live_revision=newest,
        live=True,
        has_unpublished_changes=False,
        expired=False,
        first_published_at=Coalesce("first_published_at", Value(now)),
        last_published_at=now,
        updated_at=now,
    )

    # 5. The history, as the admin writes it.
    log_model = log_registry.get_log_model_for_model(Cooperative)
    entries = []
    for write, revision in zip(writes, revisions, strict=True):
        cooperative = write.cooperative
        actions = [("wagtail.create" if write in creates else "wagtail.edit", {})]
        if write.previous_name and write.previous_name != cooperative.name:
            actions.append(
                ("wagtail.rename", {"title": {"old": write.previous_name, "new": cooperative.name}})
            )
        actions.append(("wagtail.publish", {}))
        entries.extend(
            log_model(
                content_type=content_type,
                object_id=str(cooperative.pk),
                label=str(cooperative),
                action=action,
                data=data,
                timestamp=now,
                uuid=log_uuid,
                user=log_user,
                revision=revision,
                content_changed=True,
            )
            for action, data in actions
        )
    log_model.objects.bulk_create(entries)

    # 6. What a publication triggers: receivers of `published`, and the reference index.
    for write, revision in zip(writes, revisions, strict=True):
        published.send(sender=Cooperative, instance=write.cooperative, revision=revision)
    # References can only change where rich text changes: a new record written from plain
    # text refers to nothing, an updated one may have lost a link.
    if ReferenceIndex.is_indexed(Cooperative):
        for write in updates:
            if {"description", "services"} & set(write.changed):
                ReferenceIndex.create_or_update_for_object(write.cooperative)


def _index(cooperatives: list[Cooperative]) -> None:
    if not cooperatives:
        return
    for backend in get_search_backends(with_auto_update=True):
        try:
            backend.add_bulk(Cooperative, cooperatives)
        except Exception:
            # As Wagtail does on save: an outside search service being down must not lose the
            # data (`manage.py update_index` catches up); a database index fails with the rest.
            if not backend.catch_indexing_errors:
                raise
            logger.exception("Cooperatives written could not be added to the search index")
