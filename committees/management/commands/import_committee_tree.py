"""python manage.py import_committee_tree FILE.xlsx [--by USERNAME] [--people move|pending] [--dry-run]:
apply a province's reform (committees.reorg.importer) from a spreadsheet; every wrong row is
printed with its number and reason and nothing is written."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from committees.reorg.importer import COLUMNS, TreeImportRejected, tree_import
from committees.reorg.services import People


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Nhập sắp xếp cây ủy ban từ bảng tính (cột: " + ", ".join(label for _k, label in COLUMNS) + ")."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--by", metavar="USERNAME", help="Tài khoản ghi nhận thay đổi")
        parser.add_argument("--people", choices=People.values, default=People.MOVE)
        parser.add_argument("--dry-run", action="store_true", help="Kiểm tra và in kết quả, không ghi gì")

    def handle(self, *args, file, by=None, people=People.MOVE, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        user = None
        if by:
            user = get_user_model().objects.filter(username=by).first()
            if user is None:
                raise CommandError(f"Không có tài khoản {by}.")
        try:
            with transaction.atomic():
                result = tree_import(data=path.read_bytes(), people=people, by=user)
                for r in result.reorganisations:
                    self.stdout.write(str(r))
                if dry_run:
                    raise _DryRun
        except _DryRun:
            self.stdout.write("Chạy thử: không ghi gì.")
        except TreeImportRejected as exc:
            raise CommandError("Bảng tính bị từ chối:\n" + str(exc)) from None
