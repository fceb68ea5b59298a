from django.db import migrations

from infrastructure.migration_operations import grant_to_group

# Register managers answer privacy requests: they see how many subscriptions there are, find
# one by its whole address and erase it. Nobody changes one in the admin (the viewset refuses).
CODENAMES = ["view_subscription", "delete_subscription"]


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
        ("register", "0003_register_managers_group"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [grant_to_group("Register managers", "alerts", CODENAMES)]
