from django.db import migrations

from infrastructure.migration_operations import grant_to_group

# Register managers review and decide renewals, and edit the renewal settings. Editors and
# representatives get nothing (a representative's access is per cooperative: renewals.access).
CODENAMES = ["review_renewal", "change_renewalsettings"]


class Migration(migrations.Migration):
    dependencies = [
        ("renewals", "0001_initial"),
        ("register", "0003_register_managers_group"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [grant_to_group("Register managers", "renewals", CODENAMES)]
