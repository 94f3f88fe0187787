"""One reminder sweep now, or as if at a local time: `send_reminders [--dry-run] [--at "YYYY-MM-DD HH:MM"]`."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from outbox.services import emails_send_due
from reminders.sweep import reminders_sweep


class Command(BaseCommand):
    help = "Gửi các thư nhắc hạn đến hạn (một lượt quét). In mỗi dòng: đơn vị | kế hoạch | lượt nhắc | người nhận."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ in ra, không ghi và không gửi gì.")
        parser.add_argument("--at", help='Quét như thể vào lúc này (giờ Việt Nam), dạng "YYYY-MM-DD HH:MM".')

    def handle(self, *args, dry_run=False, at=None, **options):
        now = timezone.now()
        if at:
            try:
                now = timezone.make_aware(datetime.strptime(at.strip(), "%Y-%m-%d %H:%M"))
            except ValueError:
                raise CommandError(
                    f'--at phải có dạng "YYYY-MM-DD HH:MM", ví dụ "2022-06-11 07:30" (nhận được: {at!r})'
                ) from None
        result = reminders_sweep(now=now, dry_run=dry_run)
        for line in result.lines():
            self.stdout.write(line)
        if not dry_run:
            emails_send_due()  # the outbox's own function: what a worker would send, sent now
        if options["verbosity"] >= 2:
            self.stderr.write(f"{len(result.reminders)} lượt nhắc, {len(result.digests)} bản tổng hợp")
