"""Point every cooperative's sectors and areas at the terms of its own language.

English cooperatives made by wagtail-localize were given the Italian record's terms (Wagtail
copies many-to-many fields into a translation as they are), and the admin offered the terms
of both languages. Each such link now points at the same term in the cooperative's language;
a link whose term has no translation there is left for `manage.py check_register_data`, which
reports it."""

from django.db import migrations

from register.integrity import find_wrong_locale_links, repair_wrong_locale_links


def repair(apps, schema_editor):
    cooperative = apps.get_model("register", "Cooperative")
    repair_wrong_locale_links(cooperative, find_wrong_locale_links(cooperative))


class Migration(migrations.Migration):
    dependencies = [("register", "0004_register_managers_permissions")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
