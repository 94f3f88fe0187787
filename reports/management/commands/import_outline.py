"""python manage.py import_outline FILE: parse an outline (.docx or text) and print its tree.
With --save-for CODE the outline is also saved for the committee with that code."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from committees.models import Committee
from lib.docx_reader import DocxInputError
from reports.outlines.importer import parsed_to_rows
from reports.outlines.parser import OutlineParseError, parse_outline_docx, parse_outline_text, render_tree


class Command(BaseCommand):
    help = "Đọc đề cương báo cáo từ tệp .docx hoặc văn bản và in cây mục (mỗi mục một dòng)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--save-for", metavar="CODE", help="Lưu đề cương cho đơn vị có mã này")

    def handle(self, *args, file, save_for=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        data = path.read_bytes()
        try:
            if path.suffix.lower() == ".docx" or data[:2] == b"PK":
                parsed = parse_outline_docx(data)
            else:
                parsed = parse_outline_text(data.decode("utf-8-sig"))
        except (DocxInputError, OutlineParseError) as exc:
            raise CommandError(str(exc)) from exc
        except UnicodeDecodeError as exc:
            raise CommandError("Tệp không phải văn bản UTF-8 hay tệp Word (.docx).") from exc
        self.stdout.write(render_tree(parsed))
        for warning in parsed.warnings:
            self.stderr.write(warning)
        if save_for:
            from reports.outlines.services import outline_create_from_rows

            committee = Committee.objects.filter(code=save_for).first()
            if committee is None:
                raise CommandError(f"Không có đơn vị mã {save_for}.")
            rows = parsed_to_rows(parsed)
            outline = outline_create_from_rows(
                committee=committee, by=None, title=rows.title or path.stem, heading=rows.heading, rows=rows.rows
            )
            self.stderr.write(f"Đã lưu đề cương #{outline.pk} cho {committee.name}.")
