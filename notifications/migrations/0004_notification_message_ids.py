"""A notification keeps its message ids and their values, rendered in the reader's language when it is shown.

The columns are renamed, not copied: a row made before keeps its text as it was written, now read as a message
id without values, which gettext gives back unchanged (or translated, when it is one of the catalog's messages).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_notification_emailed_at"),
    ]

    operations = [
        migrations.RenameField(model_name="notification", old_name="title", new_name="title_msgid"),
        migrations.RenameField(model_name="notification", old_name="body", new_name="body_msgid"),
        migrations.AlterField(
            model_name="notification",
            name="title_msgid",
            field=models.CharField(max_length=255, verbose_name="title (message id)"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="body_msgid",
            field=models.TextField(blank=True, verbose_name="text (message id)"),
        ),
        migrations.AddField(
            model_name="notification",
            name="params",
            field=models.JSONField(blank=True, default=dict, verbose_name="values of the message"),
        ),
    ]
