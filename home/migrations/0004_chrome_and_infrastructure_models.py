"""SiteSettings and FooterText now belong to chrome (chrome's 0001 took them over, tables and
rows as they are); the rate-limit counts to infrastructure, in a table of its own: they are
counts of the current window, nothing to carry over."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0003_ratelimitcount'),
        ('chrome', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='SiteSettings'),
                migrations.DeleteModel(name='FooterText'),
            ],
            database_operations=[],
        ),
        migrations.DeleteModel(name='RateLimitCount'),
    ]
