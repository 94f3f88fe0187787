"""What an uploaded plan attachment really is, judged from its content, never from its name:
PDF, Word (.docx), Excel (.xlsx), JPEG or PNG. Office files are zips; their directory is checked
(required parts, encryption, zip bomb) without decompressing anything, and a .docx is opened with
`lib.docx_reader.open_docx`."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lib.docx_reader import MB, DocxInputError, open_docx

# kind -> (content type, extensions a file of that kind may carry)
KINDS = {
    "pdf": ("application/pdf", (".pdf",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    "jpeg": ("image/jpeg", (".jpg", ".jpeg")),
    "png": ("image/png", (".png",)),
}
ZIP_MAX_MEMBERS = 10_000
ZIP_MAX_UNCOMPRESSED = 300 * MB
ZIP_MAX_RATIO = 100
ZIP_RATIO_MIN_BYTES = 1 * MB


def _zip_members(data: bytes) -> list[zipfile.ZipInfo] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None


def _check_zip_safe(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > ZIP_MAX_MEMBERS:
        raise ValidationError(_("Tệp có cấu trúc bất thường (quá nhiều thành phần), không nhận."), code="zip_bomb")
    if any(m.flag_bits & 0x1 for m in members):
        raise ValidationError(_("Tệp đã được đặt mật khẩu, không mở được."), code="encrypted")
    total = sum(m.file_size for m in members)
    if total > ZIP_MAX_UNCOMPRESSED or any(
        m.file_size > ZIP_RATIO_MIN_BYTES and m.file_size / max(m.compress_size, 1) > ZIP_MAX_RATIO for m in members
    ):
        raise ValidationError(_("Tệp khi giải nén lớn bất thường (nghi là tệp độc hại), không nhận."), code="zip_bomb")


def detect_kind(data: bytes, *, max_bytes: int) -> str | None:
    """The kind of the file ("pdf", "docx", ...), None if it is none of the allowed kinds.
    Raises ValidationError for an Office file that is encrypted, broken or a zip bomb."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if not data.startswith(b"PK\x03\x04"):
        return None
    members = _zip_members(data)
    if members is None:
        return None
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        try:
            open_docx(data, max_bytes=max_bytes, max_uncompressed=ZIP_MAX_UNCOMPRESSED)
        except DocxInputError as exc:
            raise ValidationError(str(exc), code="bad_docx") from None
        return "docx"
    if "xl/workbook.xml" in names:
        _check_zip_safe(members)
        return "xlsx"
    return None


def extension_of(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def content_type_for(name: str) -> str:
    """The content type to hand a stored file out with, from its (generated) storage name."""
    ext = extension_of(name)
    for content_type, extensions in KINDS.values():
        if ext in extensions:
            return content_type
    return "application/octet-stream"
