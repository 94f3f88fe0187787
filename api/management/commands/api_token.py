"""`manage.py api_token <username> [--name ...]`: make an API token for an account and print it
(the only time it is shown). The same as the page "Mã truy cập API"."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.services import api_token_create


class Command(BaseCommand):
    help = "Tạo một mã truy cập API cho tài khoản và in ra (chỉ lần này)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Dòng lệnh", help="Tên gợi nhớ của mã")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Không có tài khoản đang hoạt động tên “{username}”.")
        _token, raw = api_token_create(user=user, name=name)
        self.stdout.write(raw)
