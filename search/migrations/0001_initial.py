"""The search app's tables: the index queue, the documents of the database
engine, and the state of the PostgreSQL-only match table (not managed by
Django; created by 0002 on PostgreSQL)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('sites', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('doc_id', models.CharField(max_length=200, unique=True)),
                ('kind', models.CharField(max_length=40)),
                ('scope', models.CharField(max_length=400)),
                ('title', models.TextField()),
                ('summary', models.TextField(blank=True)),
                ('body', models.TextField(blank=True)),
                ('url', models.CharField(max_length=1000)),
                ('date', models.DateTimeField(blank=True, null=True)),
                ('language', models.CharField(default='vi', max_length=10)),
                ('keywords', models.TextField(blank=True)),
                ('category', models.CharField(blank=True, max_length=200)),
                ('document_type', models.CharField(blank=True, max_length=200)),
                ('issuer', models.CharField(blank=True, max_length=200)),
                ('field', models.CharField(blank=True, max_length=200)),
                ('year', models.CharField(blank=True, max_length=4)),
                ('facets', models.JSONField(blank=True, default=dict)),
                ('indexed_at', models.DateTimeField(auto_now=True)),
                ('portal', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='sites.portal')),
            ],
            options={
                'verbose_name': 'search document',
                'verbose_name_plural': 'search documents',
            },
        ),
        migrations.CreateModel(
            name='IndexOperation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('document_id', models.CharField(blank=True, max_length=200, verbose_name='document id')),
                ('kind', models.CharField(max_length=40, verbose_name='kind')),
                ('model', models.CharField(blank=True, max_length=100, verbose_name='model')),
                ('object_pk', models.CharField(max_length=64, verbose_name='object id')),
                ('action', models.CharField(choices=[('upsert', 'index'), ('delete', 'remove'), ('portal', 're-index a portal')], max_length=10, verbose_name='action')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('attempts', models.PositiveIntegerField(default=0, verbose_name='attempts')),
                ('last_error', models.TextField(blank=True, verbose_name='last error')),
            ],
            options={
                'verbose_name': 'index operation',
                'verbose_name_plural': 'index operations',
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='SearchMatch',
            fields=[
                ('entry', models.OneToOneField(db_column='id', db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='+', serialize=False, to='search.searchentry')),
                ('portal_id', models.BigIntegerField()),
                ('kind', models.CharField(max_length=40)),
                ('date', models.DateTimeField(blank=True, null=True)),
                ('category', models.CharField(blank=True, max_length=200)),
                ('document_type', models.CharField(blank=True, max_length=200)),
                ('issuer', models.CharField(blank=True, max_length=200)),
                ('field', models.CharField(blank=True, max_length=200)),
                ('year', models.CharField(blank=True, max_length=4)),
            ],
            options={
                'verbose_name': 'search match row',
                'verbose_name_plural': 'search match rows',
                'db_table': 'search_searchmatch',
                'managed': False,
            },
        ),
    ]
