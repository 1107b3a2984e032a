"""Schema: holiday names and period titles become django-modeltranslation fields (academic_calendar/translation.py).
Holidays keep name_kk, name_ru, name_en (nullable now) and gain the library's `name` column; periods gain
title_kk, title_ru, title_en beside `title`. 0003 moves the values."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('academic_calendar', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='holiday',
            name='name',
            field=models.CharField(default='', max_length=255, verbose_name='name'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='period',
            name='title_en',
            field=models.CharField(blank=True, help_text='Optional; the kind is shown if empty', max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='period',
            name='title_kk',
            field=models.CharField(blank=True, help_text='Optional; the kind is shown if empty', max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='period',
            name='title_ru',
            field=models.CharField(blank=True, help_text='Optional; the kind is shown if empty', max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AlterField(
            model_name='holiday',
            name='name_en',
            field=models.CharField(max_length=255, null=True, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='holiday',
            name='name_kk',
            field=models.CharField(max_length=255, null=True, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='holiday',
            name='name_ru',
            field=models.CharField(max_length=255, null=True, verbose_name='name'),
        ),
    ]
