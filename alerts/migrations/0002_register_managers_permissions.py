from django.contrib.auth.management import create_permissions
from django.db import migrations

# Register managers answer privacy requests: they see how many subscriptions there are, find
# one by its whole address and erase it. Nobody changes one in the admin (the viewset refuses).
CODENAMES = ["view_subscription", "delete_subscription"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("alerts")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group = apps.get_model("auth.Group").objects.filter(name="Register managers").first()
    if group is None:
        return
    Permission = apps.get_model("auth.Permission")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="alerts", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    group = apps.get_model("auth.Group").objects.filter(name="Register managers").first()
    if group is not None:
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="alerts", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
        ("register", "0003_register_managers_group"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
