from django.contrib.auth.management import create_permissions
from django.db import migrations

# Register managers keep the cooperatives' yearly figures: they add, change and delete them
# in the admin (impact.admin_viewsets). Editors and moderators get nothing.
CODENAMES = ["add_yearlyfigures", "change_yearlyfigures", "delete_yearlyfigures"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("impact")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group = apps.get_model("auth.Group").objects.filter(name="Register managers").first()
    if group is None:
        return
    Permission = apps.get_model("auth.Permission")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="impact", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    group = apps.get_model("auth.Group").objects.filter(name="Register managers").first()
    if group is not None:
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="impact", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("impact", "0001_initial"),
        ("register", "0003_register_managers_group"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
