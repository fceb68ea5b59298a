from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name='RateLimitCount',
            fields=[
                ('key', models.CharField(max_length=255, primary_key=True, serialize=False)),
                ('count', models.PositiveIntegerField(default=0)),
                ('expires', models.FloatField(db_index=True)),
            ],
            options={
                'verbose_name': 'rate-limit count',
                'verbose_name_plural': 'rate-limit counts',
            },
        ),
    ]
