"""What an uploaded plan attachment really is, judged from its content, never from its name:
PDF, Word (.docx), Excel (.xlsx), JPEG or PNG. Office files are zips; their directory is checked
(required parts, encryption, zip bomb) without decompressing anything, and a .docx is opened with
`lib.docx_reader.open_docx`."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

MB = 1024 * 1024
# kind -> (content type, extensions a file of that kind may carry)
KINDS = {
    "pdf": ("application/pdf", (".pdf",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    "jpeg": ("image/jpeg", (".jpg", ".jpeg")),
    "png": ("image/png", (".png",)),
}
# What a password-protected Office file (or an old .doc/.xls) starts with: an OLE2 compound file.
OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAX_MEMBERS = 10_000
ZIP_MAX_UNCOMPRESSED = 300 * MB
ZIP_MAX_RATIO = 100
# The ratio test applies to members that inflate beyond this: a tiny XML part may legitimately
# compress very well, and cannot be a bomb.
ZIP_RATIO_MIN_BYTES = 1 * MB


class UnsafeArchive(ValueError):
    """An Office file (a zip) refused from its directory; `reason` is "members" (too many parts),
    "encrypted" or "size" (inflates too far: a zip bomb). Each caller words the message."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def is_ole2(data: bytes) -> bool:
    return data.startswith(OLE2_SIGNATURE)


def zip_members(data: bytes) -> list[zipfile.ZipInfo] | None:
    """The directory of a zip, None when `data` is not a readable zip. Nothing is decompressed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None


def check_archive(
    members: list[zipfile.ZipInfo], *, max_members: int = ZIP_MAX_MEMBERS, max_uncompressed: int = ZIP_MAX_UNCOMPRESSED
) -> None:
    """The one zip-bomb and encryption check of every Office upload (attachments, Word imports,
    the Excel indicator form), judged from the directory alone: raises UnsafeArchive."""
    if len(members) > max_members:
        raise UnsafeArchive("members")
    if any(member.flag_bits & 0x1 for member in members):  # zip-level encryption
        raise UnsafeArchive("encrypted")
    if sum(member.file_size for member in members) > max_uncompressed or any(
        member.file_size > ZIP_RATIO_MIN_BYTES and member.file_size / max(member.compress_size, 1) > ZIP_MAX_RATIO
        for member in members
    ):
        raise UnsafeArchive("size")


def _check_zip_safe(members: list[zipfile.ZipInfo]) -> None:
    try:
        check_archive(members)
    except UnsafeArchive as exc:
        messages = {
            "members": _("Tệp có cấu trúc bất thường (quá nhiều thành phần), không nhận."),
            "encrypted": _("Tệp đã được đặt mật khẩu, không mở được."),
            "size": _("Tệp khi giải nén lớn bất thường (nghi là tệp độc hại), không nhận."),
        }
        code = "encrypted" if exc.reason == "encrypted" else "zip_bomb"
        raise ValidationError(messages[exc.reason], code=code) from None


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
    members = zip_members(data)
    if members is None:
        return None
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        from lib.docx_reader import DocxInputError, open_docx  # docx_reader uses this module's checks

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


def stored_file_response(stored, *, filename: str, content_type: str | None = None) -> FileResponse:
    """Hand out an uploaded file (a FieldFile) under the name it was uploaded with, as a download;
    404 when the file is gone from storage. The caller has checked who may have it."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type or content_type_for(stored.name)
    )


def checked_upload(uploaded_file, *, limit_mb: int, default_name: str) -> tuple[str, str]:
    """(the name to keep, the kind) of an uploaded file of an allowed kind, judged from its content
    (`detect_kind`), with the extension agreeing and the size within `limit_mb`; ValidationError
    with a Vietnamese message naming the file otherwise."""
    name = (uploaded_file.name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:255] or default_name
    if uploaded_file.size > limit_mb * MB:
        raise ValidationError(
            _("Tệp “%(name)s” lớn hơn %(mb)d MB cho phép.") % {"name": name, "mb": limit_mb}, code="too_large"
        )
    if not uploaded_file.size:
        raise ValidationError(_("Tệp “%(name)s” rỗng, không có nội dung.") % {"name": name}, code="empty")
    uploaded_file.seek(0)
    kind = detect_kind(uploaded_file.read(), max_bytes=limit_mb * MB)
    uploaded_file.seek(0)
    if kind is None:
        raise ValidationError(
            _("Tệp “%(name)s” không đúng loại cho phép.") % {"name": name}
            + " "
            + _("Chỉ nhận tệp PDF, Word (.docx), Excel (.xlsx), ảnh JPEG hoặc PNG."),
            code="forbidden_type",
        )
    if extension_of(name) not in KINDS[kind][1]:
        raise ValidationError(
            _("Tên tệp “%(name)s” không khớp với nội dung thật của tệp (%(kind)s).") % {"name": name, "kind": kind.upper()},
            code="misleading_extension",
        )
    return name, kind
