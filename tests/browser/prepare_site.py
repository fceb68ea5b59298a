"""Build the browser tests' site in an empty database: `python -m tests.browser.prepare_site`.

Run in a subprocess with DJANGO_SETTINGS_MODULE, DATABASE_URL and MEDIA_ROOT pointing at
throwaway places: the demo content as `make run` loads it, the development administrator
(a superuser, as `prepare_dev_site` creates it), and one member of each editorial group.
"""

import django


def main() -> None:
    django.setup()

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from demo.management.commands.prepare_dev_site import DEV_PASSWORD, DEV_USERNAME
    from tests.browser.people import EDITOR, MODERATOR, PASSWORD

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo_content", verbosity=0)
    User = get_user_model()
    User.objects.create_superuser(DEV_USERNAME, "admin@example.org", DEV_PASSWORD)
    for username, group in [(EDITOR, "Editors"), (MODERATOR, "Moderators")]:
        user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
        user.groups.add(Group.objects.get(name=group))


if __name__ == "__main__":
    main()
