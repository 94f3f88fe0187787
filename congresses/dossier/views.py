"""The unit's side of the dossier: upload a version of a document, download one, send the dossier
up. The levels decide on the approvals app's page of the case (approvals-case-detail)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees.access import get_access
from congresses.access import get_congress
from congresses.dossier import services
from congresses.models import Congress, DocumentVersion
from lib.uploads import stored_file_response


def _back(congress: Congress) -> str:
    return reverse("congresses-congress", args=[congress.pk]) + "#dossier"


@login_required
@require_POST
def document_upload(request, pk: int, key: str):
    congress = get_congress(request, pk, write=True)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Chưa chọn tệp."))
        return redirect(_back(congress))
    try:
        version = services.document_upload(congress=congress, key=key, upload=upload, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã nhận phiên bản %(n)d của tài liệu.") % {"n": version.number})
    return redirect(_back(congress))


@login_required
def document_download(request, pk: int):
    version = (
        DocumentVersion.objects.filter(pk=pk)
        .select_related("congress", "congress__committee", "congress__case")
        .first()
    )
    if version is None:
        raise Http404
    congress = version.congress
    access = get_access(request.user)
    steps = [s.committee for s in congress.case.steps.select_related("committee")] if congress.case_id else []
    if not access.can_view_dossier(congress.committee, steps):
        raise Http404
    return stored_file_response(version.file, filename=version.original_name)


@login_required
@require_POST
def dossier_send(request, pk: int):
    congress = get_congress(request, pk, write=True)
    try:
        services.dossier_send(congress=congress, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã gửi hồ sơ lên cấp duyệt đầu tiên."))
    return redirect(_back(congress))
