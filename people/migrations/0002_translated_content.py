"""Schema: a teacher's position, academic degree and competences become django-modeltranslation fields
(people/translation.py), each with kk, ru and en columns beside the original one. The data migration moves the
values."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='teacherrecord',
            name='academic_degree_en',
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name='academic degree'),
        ),
        migrations.AddField(
            model_name='teacherrecord',
            name='academic_degree_kk',
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name='academic degree'),
        ),
        migrations.AddField(
            model_name='teacherrecord',
            name='academic_degree_ru',
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name='academic degree'),
        ),
        migrations.AddField(
            model_name='teacherrecord',
            name='competences_en',
            field=models.TextField(blank=True, null=True, verbose_name='competences'),
        ),
        migrations.AddField(
            model_name='teacherrecord',
            name='competences_kk',
            field=models.TextField(blank=True, null=True, verbose_name='competences'),
        ),
        migrations.AddField(
            model_name='teacherrecord',
            name='competences_ru',
            field=models.TextField(blank=True, null=True, verbose_name='competences'),
        ),
        migrations.AddField(
            model_name='teacherrecord',
            name='position_en',
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name='position'),
        ),
        migrations.AddField(
            model_name='teacherrecord',
            name='position_kk',
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name='position'),
        ),
        migrations.AddField(
            model_name='teacherrecord',
            name='position_ru',
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name='position'),
        ),
    ]
