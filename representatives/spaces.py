"""A cooperative's space: an image collection of its own and a group with the right to add
and choose images in it alone, which every representative of the cooperative joins."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission

from register.models import Cooperative

from .models import CooperativeSpace

IMAGE_PERMISSIONS = ("add_image", "choose_image")


def space_of(cooperative: Cooperative) -> CooperativeSpace:
    """The cooperative's space, made the first time one of its representatives joins."""
    space = CooperativeSpace.objects.filter(cooperative=cooperative).first()
    if space is not None:
        return space
    # Named as the cooperative was named then, with its VAT number, which keeps the group's
    # name unique: a proper name, the same in both languages of the admin.
    name = f"{cooperative.name[:120]} ({cooperative.vat_number})"
    collection = Collection.get_first_root_node().add_child(name=name)
    group = Group.objects.create(name=name)
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailimages", codename__in=IMAGE_PERMISSIONS
    ):
        GroupCollectionPermission.objects.create(
            group=group, collection=collection, permission=permission
        )
    return CooperativeSpace.objects.create(
        cooperative=cooperative, collection=collection, group=group
    )
