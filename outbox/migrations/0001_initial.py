"""The Email model moves here from the reminders app. Its table keeps its name, reminders_email,
and every row: this migration only tells Django's state that the model now belongs to outbox
(CreateModel in state only). reminders/migrations/0003_email_moved_to_outbox.py copies the
reminder/digest links out of the table and removes the model from the reminders app's state."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("committees", "0001_initial"),
        ("reminders", "0002_reminders_rules"),  # the table is created there
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Email",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("key", models.CharField(help_text="What this email is for; the same key is never sent twice.", max_length=255, unique=True)),
                        ("kind", models.CharField(max_length=50, verbose_name="loại thư")),
                        ("to", models.EmailField(max_length=254, verbose_name="người nhận")),
                        ("subject", models.CharField(max_length=300, verbose_name="tiêu đề")),
                        ("body_text", models.TextField()),
                        ("body_html", models.TextField(blank=True)),
                        ("state", models.CharField(choices=[("pending", "Chờ gửi"), ("sending", "Đang gửi"), ("sent", "Đã gửi"), ("failed", "Gửi lỗi")], default="pending", max_length=10, verbose_name="trạng thái")),
                        ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="số lần thử")),
                        ("last_error", models.TextField(blank=True, verbose_name="lỗi")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="tạo lúc")),
                        ("next_attempt_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("claimed_at", models.DateTimeField(blank=True, null=True)),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="gửi lúc")),
                        ("committee", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="emails_received", to="committees.committee")),
                    ],
                    options={
                        "verbose_name": "thư đi",
                        "verbose_name_plural": "thư đi",
                        "db_table": "reminders_email",
                        "ordering": ["-created_at"],
                        "indexes": [models.Index(fields=["state", "next_attempt_at"], name="reminders_e_state_ccbb59_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
