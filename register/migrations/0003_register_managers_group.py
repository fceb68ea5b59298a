from django.contrib.auth.management import create_permissions
from django.db import migrations

# Register managers keep the register and nothing else: no pages, no news.
PERMISSIONS = {
    "wagtailadmin": ["access_admin"],
    "register": [
        "add_cooperative",
        "change_cooperative",
        "view_cooperative",
        "publish_cooperative",
        "lock_cooperative",
        "unlock_cooperative",
        "add_certificationevent",
        "view_certificationevent",
        "add_sector",
        "change_sector",
        "view_sector",
        "add_area",
        "change_area",
        "view_area",
    ],
    "wagtailimages": ["add_image", "choose_image"],
    "wagtail_localize": ["submit_translation"],
}


def create_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group, _created = Group.objects.get_or_create(name="Register managers")
    for app_label, codenames in PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name="Register managers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0002_event_date_local"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
