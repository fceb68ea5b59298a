"""SiteSettings and FooterText move from home to chrome, tables and rows untouched: this
migration only tells Django's state that chrome now has them (on home's tables); home's
0004 forgets them, and 0002 renames the tables and relabels their content types."""

import django.db.models.deletion
import uuid
import wagtail.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('home', '0003_ratelimitcount'),
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SiteSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('organisation', models.CharField(default='Confcooperative Bergamo', max_length=255, verbose_name='organisation')),
                        ('address', models.TextField(blank=True, verbose_name='address')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail')),
                        ('pec', models.EmailField(blank=True, max_length=254, verbose_name='certified e-mail (PEC)')),
                        ('phone', models.CharField(blank=True, max_length=40, verbose_name='phone')),
                        ('vat_number', models.CharField(blank=True, max_length=20, verbose_name='VAT number')),
                        ('facebook_url', models.URLField(blank=True, verbose_name='Facebook')),
                        ('linkedin_url', models.URLField(blank=True, verbose_name='LinkedIn')),
                        ('instagram_url', models.URLField(blank=True, verbose_name='Instagram')),
                        ('youtube_url', models.URLField(blank=True, verbose_name='YouTube')),
                        ('accessibility_page', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.page', verbose_name='accessibility statement')),
                        ('cookie_page', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.page', verbose_name='cookie policy')),
                        ('privacy_page', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.page', verbose_name='privacy notice')),
                        ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
                    ],
                    options={
                        'verbose_name': 'site settings',
                        'db_table': 'home_sitesettings',
                    },
                ),
                migrations.CreateModel(
                    name='FooterText',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('translation_key', models.UUIDField(default=uuid.uuid4, editable=False)),
                        ('live', models.BooleanField(default=True, editable=False, verbose_name='live')),
                        ('has_unpublished_changes', models.BooleanField(default=False, editable=False, verbose_name='has unpublished changes')),
                        ('first_published_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='first published at')),
                        ('last_published_at', models.DateTimeField(editable=False, null=True, verbose_name='last published at')),
                        ('go_live_at', models.DateTimeField(blank=True, null=True, verbose_name='go live date/time')),
                        ('expire_at', models.DateTimeField(blank=True, null=True, verbose_name='expiry date/time')),
                        ('expired', models.BooleanField(default=False, editable=False, verbose_name='expired')),
                        ('body', wagtail.fields.RichTextField(verbose_name='text')),
                        ('latest_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='latest revision')),
                        ('live_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='live revision')),
                        ('locale', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale')),
                    ],
                    options={
                        'verbose_name': 'footer text',
                        'db_table': 'home_footertext',
                        'verbose_name_plural': 'footer texts',
                        'abstract': False,
                        'unique_together': {('translation_key', 'locale')},
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
