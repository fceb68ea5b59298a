"""Operations that several apps' migrations share."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant_to_group(group_name: str, app_label: str, codenames: list[str]) -> migrations.RunPython:
    """A RunPython that gives an existing group some permissions of one app (made first: an
    app's permissions are otherwise created only after all migrations ran), and takes them
    back when unapplied. A database without the group is left as it is."""

    def grant(apps, schema_editor):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
        group = apps.get_model("auth.Group").objects.filter(name=group_name).first()
        if group is None:
            return
        Permission = apps.get_model("auth.Permission")
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )

    def revoke(apps, schema_editor):
        group = apps.get_model("auth.Group").objects.filter(name=group_name).first()
        if group is not None:
            group.permissions.remove(
                *group.permissions.filter(content_type__app_label=app_label, codename__in=codenames)
            )

    return migrations.RunPython(grant, revoke)
