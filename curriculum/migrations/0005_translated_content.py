"""Schema: a discipline's name, description and competences and an elective group's title become
django-modeltranslation fields (curriculum/translation.py). Disciplines keep name_kk, name_ru, name_en (nullable
now) and gain `name` and description_/competences_ kk, ru, en; elective groups keep title_kk, title_ru and gain
title_en. 0006 moves the values."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('curriculum', '0004_elective_group_titles_kk_ru'),
    ]

    operations = [
        migrations.AddField(
            model_name='discipline',
            name='competences_en',
            field=models.TextField(blank=True, null=True, verbose_name='competences'),
        ),
        migrations.AddField(
            model_name='discipline',
            name='competences_kk',
            field=models.TextField(blank=True, null=True, verbose_name='competences'),
        ),
        migrations.AddField(
            model_name='discipline',
            name='competences_ru',
            field=models.TextField(blank=True, null=True, verbose_name='competences'),
        ),
        migrations.AddField(
            model_name='discipline',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='discipline',
            name='description_kk',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='discipline',
            name='description_ru',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='discipline',
            name='name',
            field=models.CharField(default='', max_length=255, verbose_name='name'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='electivegroup',
            name='title_en',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AlterField(
            model_name='discipline',
            name='name_en',
            field=models.CharField(max_length=255, null=True, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='discipline',
            name='name_kk',
            field=models.CharField(max_length=255, null=True, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='discipline',
            name='name_ru',
            field=models.CharField(max_length=255, null=True, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='electivegroup',
            name='title',
            field=models.CharField(max_length=200, verbose_name='title'),
        ),
        migrations.AlterField(
            model_name='electivegroup',
            name='title_kk',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AlterField(
            model_name='electivegroup',
            name='title_ru',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
    ]
