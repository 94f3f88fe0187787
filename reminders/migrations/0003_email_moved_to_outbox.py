"""The Email model moved to the outbox app, keeping its table (reminders_email) and its rows.

Email had foreign keys up to Reminder and Digest (the outbox page lists a reminder's emails). The
outbox app sits below reminders and may not point at it, so the link is turned around: Reminder
and Digest get `emails` (many-to-many to outbox.Email), the existing links are copied into their
tables, then Email's reminder_id / digest_id columns go. Last, Email leaves this app's state only
(no table is dropped). Reversible: going back copies the links into the columns again."""

from django.db import migrations, models

COPY = [
    "INSERT INTO reminders_reminder_emails (reminder_id, email_id) "
    "SELECT reminder_id, id FROM reminders_email WHERE reminder_id IS NOT NULL",
    "INSERT INTO reminders_digest_emails (digest_id, email_id) "
    "SELECT digest_id, id FROM reminders_email WHERE digest_id IS NOT NULL",
]
COPY_BACK = [
    "UPDATE reminders_email SET reminder_id = (SELECT MIN(l.reminder_id) FROM reminders_reminder_emails l "
    "WHERE l.email_id = reminders_email.id)",
    "UPDATE reminders_email SET digest_id = (SELECT MIN(l.digest_id) FROM reminders_digest_emails l "
    "WHERE l.email_id = reminders_email.id)",
]


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0002_reminders_rules"),
        ("outbox", "0001_initial"),
    ]

    operations = [
        # Free the name "emails" on Reminder and Digest (no SQL: related_name is not in the database).
        migrations.AlterField(
            model_name="email",
            name="reminder",
            field=models.ForeignKey(blank=True, null=True, on_delete=models.SET_NULL, related_name="+", to="reminders.reminder"),
        ),
        migrations.AlterField(
            model_name="email",
            name="digest",
            field=models.ForeignKey(blank=True, null=True, on_delete=models.SET_NULL, related_name="+", to="reminders.digest"),
        ),
        migrations.AddField(
            model_name="reminder",
            name="emails",
            field=models.ManyToManyField(blank=True, related_name="+", to="outbox.email"),
        ),
        migrations.AddField(
            model_name="digest",
            name="emails",
            field=models.ManyToManyField(blank=True, related_name="+", to="outbox.email"),
        ),
        migrations.RunSQL(COPY, reverse_sql=COPY_BACK),
        migrations.RemoveField(model_name="email", name="reminder"),
        migrations.RemoveField(model_name="email", name="digest"),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Email")],
            database_operations=[],
        ),
    ]
