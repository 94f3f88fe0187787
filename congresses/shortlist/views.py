"""The short list of a congress: rows with their shares against the round's targets, one row's
form, Excel out and in (all or nothing), Word out. Seen by whoever sees the congress; written by
the unit (congresses.access.get_congress(write=True))."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees.access import get_access
from congresses.access import get_congress
from congresses.dossier.selectors import dossier_locked
from congresses.models import Nominee
from congresses.shortlist import services
from congresses.shortlist.docx import shortlist_docx
from congresses.shortlist.excel import ShortlistRejected, shortlist_read, shortlist_workbook
from congresses.shortlist.forms import NomineeForm, UploadForm
from congresses.shortlist.selectors import reference_date, shares
from congresses.shortlist.values import age_on

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _page(request, congress, *, form=None, upload=None, upload_errors=None, status=200):
    on = reference_date(congress)
    nominees = list(Nominee.objects.filter(congress=congress))
    total, lines = shares(congress)
    editable = get_access(request.user).can_prepare_dossier(congress.committee) and not dossier_locked(congress)
    return render(
        request,
        "congresses/shortlist.html",
        {
            "congress": congress,
            "rows": [(n, age_on(n.birth_date, on)) for n in nominees],
            "on": on,
            "total": total,
            "lines": lines,
            "editable": editable,
            "form": form or NomineeForm(),
            "upload": upload or UploadForm(),
            "upload_errors": upload_errors,
        },
        status=status,
    )


@login_required
def shortlist(request, pk: int):
    congress = get_congress(request, pk, write=request.method == "POST")
    if request.method == "POST":
        form = NomineeForm(request.POST)
        if form.is_valid():
            try:
                services.nominee_save(congress=congress, raw=form.cleaned_data, by=request.user)
            except ValidationError as exc:
                _errors_to(form, exc)
            else:
                messages.success(request, _("Đã thêm %(name)s.") % {"name": form.cleaned_data["full_name"]})
                return redirect("congresses-shortlist", congress.pk)
        return _page(request, congress, form=form, status=400)
    return _page(request, congress)


def _errors_to(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _get_nominee(request, pk: int) -> Nominee:
    nominee = Nominee.objects.filter(pk=pk).only("pk", "congress_id").first()
    if nominee is None:
        raise Http404
    congress = get_congress(request, nominee.congress_id, write=True)
    return Nominee.objects.get(pk=pk, congress=congress)


@login_required
def nominee_edit(request, pk: int):
    nominee = _get_nominee(request, pk)
    congress = nominee.congress
    form = NomineeForm(request.POST or None, initial=NomineeForm.initial_for(nominee))
    if request.method == "POST" and form.is_valid():
        try:
            services.nominee_save(congress=congress, raw=form.cleaned_data, nominee=nominee, by=request.user)
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("congresses-shortlist", congress.pk)
    return render(
        request,
        "congresses/nominee_edit.html",
        {"congress": congress, "nominee": nominee, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def nominee_delete(request, pk: int):
    nominee = _get_nominee(request, pk)
    try:
        services.nominee_delete(nominee=nominee, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("congresses-shortlist", nominee.congress_id)


@login_required
def shortlist_xlsx(request, pk: int):
    congress = get_congress(request, pk)
    data = shortlist_workbook(congress=congress, nominees=Nominee.objects.filter(congress=congress))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="danh-sach-trich-ngang-{congress.pk}.xlsx"'
    return response


@login_required
def shortlist_docx_view(request, pk: int):
    congress = get_congress(request, pk)
    data = shortlist_docx(congress=congress, nominees=Nominee.objects.filter(congress=congress))
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="danh-sach-trich-ngang-{congress.pk}.docx"'
    return response


@login_required
@require_POST
def shortlist_upload(request, pk: int):
    congress = get_congress(request, pk, write=True)
    upload = UploadForm(request.POST, request.FILES)
    if not upload.is_valid():
        return _page(request, congress, upload=upload, status=400)
    try:
        rows = shortlist_read(congress=congress, data=upload.cleaned_data["file"].read())
        count = services.shortlist_replace(congress=congress, rows=rows, by=request.user)
    except ShortlistRejected as exc:
        return _page(request, congress, upload=upload, upload_errors=exc.errors, status=400)
    except ValidationError as exc:
        upload.add_error(None, exc.messages)
        return _page(request, congress, upload=upload, status=400)
    messages.success(request, _("Đã nhận %(n)d dòng từ tệp Excel; danh sách cũ được thay thế.") % {"n": count})
    return redirect("congresses-shortlist", congress.pk)
