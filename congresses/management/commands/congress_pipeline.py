"""python manage.py congress_pipeline ROUND_ID: one unit a line: unit, level, stage, and at whom
it waits (with the date since when)."""

from django.core.management.base import BaseCommand, CommandError

from congresses.models import Round
from congresses.pipeline.selectors import pipeline, round_congresses

CHUNK = 500


class Command(BaseCommand):
    help = "In tiến độ Đại hội của một đợt: mỗi đơn vị một dòng (đơn vị, cấp, giai đoạn, đang chờ ai, từ ngày nào)."

    def add_arguments(self, parser):
        parser.add_argument("round_id", type=int)

    def handle(self, *args, round_id, **options):
        rnd = Round.objects.filter(pk=round_id).first()
        if rnd is None:
            raise CommandError(f"Không có đợt đại hội số {round_id}.")
        ids = list(round_congresses(rnd).values_list("pk", flat=True))
        if not ids:
            self.stdout.write(f"Đợt “{rnd.title}” chưa có đơn vị nào.")
            return
        for start in range(0, len(ids), CHUNK):
            chunk = round_congresses(rnd).filter(pk__in=ids[start : start + CHUNK])
            for row in pipeline(congresses=chunk):
                since = row.since_date.strftime("%d/%m/%Y") if row.since_date else ""
                waits = f"{row.waits_on} (từ {since})" if row.waits_on and since else row.waits_on or "—"
                late = f"  [trễ: {'; '.join(row.late)}]" if row.late else ""
                self.stdout.write(
                    f"{row.congress.committee.name}\t{row.congress.level.get_tier_display()}\t{row.stage_label}\t{waits}{late}"
                )
