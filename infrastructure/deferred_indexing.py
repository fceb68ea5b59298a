"""Search and reference index updates once per object at the end of a bulk load.

Wagtail and its search backend update both indexes on every save, and a demo page is saved
several times while it is created, revised, published and translated. During a bulk load the
saved objects are only noted, then each is indexed once, as the same tasks would have done."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_save
from modelsearch import index
from modelsearch.signal_handlers import post_save_signal_handler
from modelsearch.tasks import insert_or_update_object_task
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task


@contextmanager
def index_once_at_the_end() -> Iterator[None]:
    searched = [
        model
        for model in index.get_indexed_models()
        if getattr(model, "search_auto_update", True)
        and post_save.disconnect(post_save_signal_handler, sender=model)
    ]
    saved: dict[tuple[str, str, str], type] = {}

    def note(sender, instance, raw=False, **kwargs) -> None:
        if not raw:
            saved[(instance._meta.app_label, instance._meta.model_name, str(instance.pk))] = sender

    post_save.connect(note, weak=False, dispatch_uid="index-once-at-the-end")
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.disconnect(note, dispatch_uid="index-once-at-the-end")
        for model in searched:
            post_save.connect(post_save_signal_handler, sender=model)
    tracked = set(ReferenceIndex.tracked_models)
    for key, model in saved.items():
        try:
            if model in searched:
                insert_or_update_object_task.call(*key)
            if model in tracked:
                update_reference_index_task.call(*key)
        except ObjectDoesNotExist:
            pass  # saved, then deleted during the load
