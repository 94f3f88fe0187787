"""Load the demo data of every area, in dependency order. Idempotent."""

from importlib import import_module

from django.core.management.base import BaseCommand

from committees import demo as committees_demo

# Each later area adds its own idempotent `load()` here, after the areas it builds on.
AREA_LOADERS = ["reports.demo", "reports.demo_submissions", "reports.demo_consolidation", "inspections.demo", "congresses.demo"]


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (ủy ban, tài khoản, kế hoạch...). Chạy lại nhiều lần không tạo trùng."

    def handle(self, *args, **options):
        accounts = committees_demo.load()
        for module_name in AREA_LOADERS:
            try:
                module = import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            module.load()
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {committees_demo.DEMO_PASSWORD}):")
        for username, role, committee in accounts:
            self.stdout.write(f"  {username:<15} {role:<35} {committee}")
