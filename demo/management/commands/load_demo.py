"""Load the demo data of every area, in dependency order. Idempotent."""

from django.core.management.base import BaseCommand

from demo import committees, consolidation, live, plans, submissions

# Each area's idempotent `load()`, after the areas it builds on; a new area adds its module here.
AREAS = [plans, submissions, consolidation, live]


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (ủy ban, tài khoản, kế hoạch...). Chạy lại nhiều lần không tạo trùng."

    def handle(self, *args, **options):
        accounts = committees.load()
        for area in AREAS:
            area.load()
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {committees.DEMO_PASSWORD}):")
        for username, role, committee in accounts:
            self.stdout.write(f"  {username:<15} {role:<35} {committee}")
