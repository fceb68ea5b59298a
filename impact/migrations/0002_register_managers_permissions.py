from django.db import migrations

from infrastructure.migration_operations import grant_to_group

# Register managers keep the cooperatives' yearly figures: they add, change and delete them
# in the admin (impact.admin_viewsets). Editors and moderators get nothing.
CODENAMES = ["add_yearlyfigures", "change_yearlyfigures", "delete_yearlyfigures"]


class Migration(migrations.Migration):
    dependencies = [
        ("impact", "0001_initial"),
        ("register", "0003_register_managers_group"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [grant_to_group("Register managers", "impact", CODENAMES)]
