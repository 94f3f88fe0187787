"""A built file handed out as a download (the caller has checked who may have it)."""

from django.http import HttpResponse

CONTENT_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip",
    ".ics": "text/calendar; charset=utf-8",
}


def attachment(data: bytes | str, filename: str) -> HttpResponse:
    content_type = CONTENT_TYPES[filename[filename.rfind(".") :]]
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
