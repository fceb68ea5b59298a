"""The moved models get chrome's table names, and their content types chrome's label, so that
revisions, translations (wagtail-localize's sources), permissions, log entries and references,
which point at the content type by id, keep pointing at the same models."""

from django.db import migrations

MODELS = ("sitesettings", "footertext")


def relabel(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if not ContentType.objects.using(db).filter(app_label=old, model=model).exists():
            continue  # a new database: the types are made after migrating, with the new label
        # One made for the new label meanwhile (a partial migrate) has nothing pointing at it.
        ContentType.objects.using(db).filter(app_label=new, model=model).delete()
        ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor) -> None:
    relabel(apps, schema_editor, "home", "chrome")


def backwards(apps, schema_editor) -> None:
    relabel(apps, schema_editor, "chrome", "home")


class Migration(migrations.Migration):

    dependencies = [
        ('chrome', '0001_initial'),
        ('home', '0004_chrome_and_infrastructure_models'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AlterModelTable(name='sitesettings', table=None),
        migrations.AlterModelTable(name='footertext', table=None),
        migrations.RunPython(forwards, backwards),
    ]
