"""Load the demo data of every area, in dependency order. Idempotent.

Demo accounts share one published password and the administrator is a superuser, so the command
refuses to run with DEBUG off unless --force says this database is a demo one (`make run` passes it:
mttq_portal/devrun.py). An account that already exists is never touched (demo/committees.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import (
    committees,
    congresses,
    consolidation,
    inspections,
    live,
    plans,
    reform,
    report_approvals,
    submissions,
)

# Each area's idempotent `load()`, after the areas it builds on; a new area adds its module here.
# The made-up reform of 01/07/2025 comes after the 2022 round's areas (written to the nine old
# wards) and before the live round (issued to the three new wards): demo/reform.py.
AREAS = [plans, submissions, consolidation, reform, live, inspections, congresses, report_approvals]


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (ủy ban, tài khoản, kế hoạch...). Chạy lại nhiều lần không tạo trùng."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Nạp cả khi DEBUG tắt (máy chạy thử, không phải máy chủ thật).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG đang tắt: đây có thể là máy chủ thật. Dữ liệu mẫu tạo tài khoản quản trị với mật khẩu "
                "công khai, nên chỉ nạp khi chắc chắn: python manage.py load_demo --force"
            )
        created = committees.load()
        for area in AREAS:
            area.load()
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {committees.DEMO_PASSWORD}):")
        for username, role, committee in committees.account_rows(created):
            self.stdout.write(f"  {username:<15} {role:<35} {committee}")
