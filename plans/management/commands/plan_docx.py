"""python manage.py plan_docx PLAN_ID -o FILE: the plan as an official Word document."""

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from plans.plan_docx import plan_document


class Command(BaseCommand):
    help = "Xuất kế hoạch ra tệp Word (.docx) theo thể thức Nghị định 30/2020/NĐ-CP."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int)
        parser.add_argument("-o", "--output", required=True, help="Tệp .docx cần ghi")

    def handle(self, *args, plan_id, output, **options):
        plan = Plan.objects.select_related("committee").filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(f"Không có kế hoạch số hiệu {plan_id}.")
        plan_document(plan).save(output)
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {output}"))
