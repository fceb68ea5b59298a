from django.contrib.auth.management import create_permissions
from django.db import migrations

# Register managers invite and revoke representatives, and review what these change: the
# "Cooperative profile review" workflow, one approval task for their group, on cooperatives.
MANAGERS = "Register managers"
WORKFLOW = "Cooperative profile review"
TASK = "Review by a register manager"
CODENAMES = ["invite_representative"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("representatives")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group = apps.get_model("auth.Group").objects.filter(name=MANAGERS).first()
    if group is None:
        return
    Permission = apps.get_model("auth.Permission")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="representatives", codename__in=CODENAMES
        )
    )
    ContentType = apps.get_model("contenttypes.ContentType")
    task_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = apps.get_model("wagtailcore.GroupApprovalTask").objects.create(
        name=TASK, content_type=task_type, active=True
    )
    task.groups.add(group)
    workflow = apps.get_model("wagtailcore.Workflow").objects.create(name=WORKFLOW, active=True)
    apps.get_model("wagtailcore.WorkflowTask").objects.create(
        workflow=workflow, task=task, sort_order=0
    )
    cooperative_type, _created = ContentType.objects.get_or_create(
        app_label="register", model="cooperative"
    )
    apps.get_model("wagtailcore.WorkflowContentType").objects.create(
        workflow=workflow, content_type=cooperative_type
    )


def revoke(apps, schema_editor):
    apps.get_model("wagtailcore.Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("wagtailcore.Task").objects.filter(name=TASK).delete()
    group = apps.get_model("auth.Group").objects.filter(name=MANAGERS).first()
    if group is not None:
        group.permissions.remove(
            *group.permissions.filter(
                content_type__app_label="representatives", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("representatives", "0002_invitations"),
        ("register", "0003_register_managers_group"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
