from django.db import migrations

# Two holes in what 0003 gave Register managers:
# - publish, lock and unlock on cooperatives did not exist yet when 0003 ran (Wagtail creates
#   them after migrating), so the group could save drafts of cooperatives but never publish;
# - Wagtail checks image permissions per collection, so the model permissions to add and
#   choose images let them neither upload nor choose a logo. The root collection covers all.
SNIPPET_ACTIONS = ["publish", "lock", "unlock"]
IMAGE_CODENAMES = ["add_image", "choose_image"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    group = Group.objects.filter(name="Register managers").first()
    if group is None:
        return
    cooperative, _created = ContentType.objects.get_or_create(
        app_label="register", model="cooperative"
    )
    for action in SNIPPET_ACTIONS:
        # The same permission Wagtail creates later (it skips those that exist).
        permission, _created = Permission.objects.get_or_create(
            content_type=cooperative,
            codename=f"{action}_cooperative",
            defaults={"name": f"Can {action} cooperative"},
        )
        group.permissions.add(permission)
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailimages", codename__in=IMAGE_CODENAMES
    ):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    group = Group.objects.filter(name="Register managers").first()
    if group is None:
        return
    group.permissions.remove(
        *group.permissions.filter(
            content_type__app_label="register",
            codename__in=[f"{action}_cooperative" for action in SNIPPET_ACTIONS],
        )
    )
    apps.get_model("wagtailcore.GroupCollectionPermission").objects.filter(
        group=group,
        permission__content_type__app_label="wagtailimages",
        permission__codename__in=IMAGE_CODENAMES,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0003_register_managers_group"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
