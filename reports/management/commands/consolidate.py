"""python manage.py consolidate PLAN_ID -o FILE.docx: the consolidated report, built synchronously."""

import os

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from reports.consolidation.builder import DEFAULT_STATES, consolidate_to_files
from reports.models import Submission


class Command(BaseCommand):
    help = "Tổng hợp báo cáo của một kế hoạch thành một tệp Word (chạy trực tiếp, không qua Celery)."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int)
        parser.add_argument("-o", "--output", required=True, help="tệp .docx cần ghi")
        parser.add_argument("--xlsx", help="tệp .xlsx phụ lục số liệu (tùy chọn)")
        parser.add_argument("--duty", type=int, help="mã yêu cầu báo cáo, khi kế hoạch có nhiều yêu cầu")
        parser.add_argument("--include-returned", action="store_true", help="gồm cả báo cáo bị trả lại")
        parser.add_argument("--include-drafts", action="store_true", help="gồm cả báo cáo đang soạn")
        parser.add_argument(
            "--all-audiences",
            action="store_true",
            help="gộp mọi yêu cầu báo cáo của kế hoạch cùng đề cương (các phường và các tổ chức thành viên)",
        )

    def handle(
        self,
        *args,
        plan_id,
        output,
        xlsx=None,
        duty=None,
        include_returned=False,
        include_drafts=False,
        all_audiences=False,
        **options,
    ):
        plan = Plan.objects.filter(pk=plan_id).select_related("committee").first()
        if plan is None:
            raise CommandError(f"Không có kế hoạch số {plan_id}.")
        duties = plan.duties.all()
        if duty is not None:
            duties = duties.filter(pk=duty)
        chosen = duties.select_related("outline", "plan", "plan__committee").first()
        if chosen is None:
            raise CommandError("Kế hoạch này chưa có yêu cầu báo cáo nào.")
        states = list(DEFAULT_STATES)
        if include_returned:
            states.append(Submission.State.RETURNED)
        if include_drafts:
            states.append(Submission.State.DRAFT)
        summary = consolidate_to_files(
            duty=chosen, docx_path=os.path.abspath(output), xlsx_path=xlsx, states=states, all_audiences=all_audiences
        )
        counts = summary["counts"]
        self.stdout.write(
            f"Đã ghi {output}: {counts['included']}/{counts['expected']} báo cáo, "
            f"{counts['missing']} đơn vị chưa gửi, {counts['late']} nộp muộn."
            + (f" Phụ lục Excel: {xlsx}." if summary.get("xlsx") else "")
        )
