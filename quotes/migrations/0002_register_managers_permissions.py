from django.db import migrations

from infrastructure.migration_operations import grant_to_group

# Register managers review buyers' requests for quotes (approve, reject, erase): the one
# permission of the admin's requests (quotes.admin_viewsets). Editors get nothing.
CODENAMES = ["moderate_request"]


class Migration(migrations.Migration):
    dependencies = [
        ("quotes", "0001_initial"),
        ("register", "0003_register_managers_group"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [grant_to_group("Register managers", "quotes", CODENAMES)]
