"""`send_reminders [--dry-run] [--at ...]`: one line per reminder; the dry run records and sends
nothing and prints exactly what a real run at that moment then sends."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from outbox.models import Email
from reminders.models import Digest, Reminder


def run(*args) -> list[str]:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue().splitlines()


def test_dry_run_prints_what_a_later_real_run_sends(issued_plan, smtp_server):
    dry = run("--dry-run", "--at", "2022-06-11 07:30")
    assert Reminder.objects.count() == 0 and Email.objects.count() == 0 and Digest.objects.count() == 0
    assert smtp_server.messages == []
    assert (
        "Ủy ban MTTQ Phường A1 | Kế hoạch số 12/KH-MTTQ-BTT: Sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội MTTQVN các cấp nhiệm kỳ 2019 - 2024 | Trước hạn 3 ngày | canbo_a1@mttq.example, lanhdao_a1@mttq.example, tp-a-p1@mttq.example"
        in dry
    )
    assert len(dry) == 4  # three committees and the standing committee's digest
    assert dry[-1].startswith(
        "Ủy ban MTTQ thành phố A | Tổng hợp hằng ngày 11/06/2022 | Tổng hợp | btt_a@mttq.example, tp-a@mttq.example"
    )

    real = run("--at", "2022-06-11 07:30")
    assert real == dry
    assert Reminder.objects.count() == 3
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == sorted(
        [
            "canbo_a1@mttq.example",
            "lanhdao_a1@mttq.example",
            "tp-a-p1@mttq.example",
            "canbo_a2@mttq.example",
            "tp-a-p2@mttq.example",
            "canbo_hnd@mttq.example",
            "tp-a-hnd@mttq.example",
            "btt_a@mttq.example",
            "tp-a@mttq.example",
        ]
    )
    # The same moment again: nothing left to send, and the dry run says so.
    assert run("--dry-run", "--at", "2022-06-11 07:30") == []
    assert run("--at", "2022-06-11 07:30") == []


def test_no_address_is_printed_not_raised(issued_plan, tree):
    type(tree.ward_a2).objects.filter(pk=tree.ward_a2.pk).update(emails="")
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username="canbo_a2").update(email="")
    lines = run("--dry-run", "--at", "2022-06-07 08:00")
    assert any(
        line.startswith("Ủy ban MTTQ Phường A2 |") and line.endswith("| chưa có địa chỉ email") for line in lines
    )


def test_bad_at_is_a_clear_error(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD HH:MM"):
        run("--dry-run", "--at", "11/06/2022")
