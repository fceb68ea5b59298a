from django.contrib.auth.management import create_permissions
from django.db import migrations

# Wagtail's own migrations create Editors (add and edit pages: they submit for review) and
# Moderators (also publish), and the "Moderators approval" workflow on the whole site.
# Here they get what the newsroom needs on top, and no more.
PERMISSIONS = {
    "Editors": {
        "news": ["view_newscategory", "view_presscontact"],
        "register": ["view_cooperative"],
    },
    "Moderators": {
        "news": [
            "add_newscategory",
            "change_newscategory",
            "view_newscategory",
            "add_presscontact",
            "change_presscontact",
            "delete_presscontact",
            "view_presscontact",
        ],
        "register": ["view_cooperative"],
    },
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for name, by_app in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codenames in by_app.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("register", "0003_register_managers_group"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
