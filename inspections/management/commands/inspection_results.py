"""python manage.py inspection_results ROUND_ID [--xlsx FILE]: the ranking, one unit a line."""

from django.core.management.base import BaseCommand, CommandError

from inspections.models import Round
from inspections.results.documents import result_lines, results_xlsx, tie_rule_text


class Command(BaseCommand):
    help = "In bảng xếp hạng của một đợt kiểm tra: hạng, đơn vị, tự chấm, chấm chéo (đơn vị chấm), tổ, thưởng, trừ, cuối cùng, loại."

    def add_arguments(self, parser):
        parser.add_argument("round_id", type=int)
        parser.add_argument("--xlsx", metavar="FILE", help="Ghi thêm bảng kết quả ra tệp Excel.")

    def handle(self, *args, round_id, xlsx=None, **options):
        round = Round.objects.select_related("committee").filter(pk=round_id).first()
        if round is None:
            raise CommandError(f"Không có đợt kiểm tra số {round_id}.")
        state = "đã quyết định" if round.is_decided else "tạm thời"
        self.stdout.write(f"{round.title} ({round.committee.name}) – kết quả {state}")
        for line in result_lines(round):
            self.stdout.write(line)
        self.stdout.write(tie_rule_text(round))
        if xlsx:
            with open(xlsx, "wb") as handle:
                handle.write(results_xlsx(round))
            self.stdout.write(f"Đã ghi {xlsx}")
