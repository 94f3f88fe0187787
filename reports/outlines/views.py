"""Outline pages: list, import (Word file or pasted text -> tree to correct -> save), and the
editor (add, rename, move, indent/outdent, delete, indicators). Only the outline's own standing
committee edits it; standing committees below may read and copy outlines marked as templates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees.access import get_access
from lib.docx_reader import DocxInputError
from lib.params import id_param
from reports.models import Indicator, Outline, OutlineItem
from reports.outlines import services
from reports.outlines.forms import (
    IndicatorForm,
    ItemForm,
    OutlineEditForm,
    OutlineHeaderForm,
    OutlineImportForm,
    RowFormSet,
)
from reports.outlines.importer import ImportError_, parse_source


def _get_outline_for_user(request, pk: int, *, manage: bool = False) -> Outline:
    access = get_access(request.user)
    outline = Outline.objects.select_related("committee").filter(pk=pk).filter(access.outline_owners_q()).first()
    if outline is None or (manage and not access.can_manage(outline.committee)):
        raise Http404
    return outline


def _get_item_for_manager(request, pk: int) -> OutlineItem:
    item = OutlineItem.objects.select_related("outline").filter(pk=pk).first()
    if item is None:
        raise Http404
    _get_outline_for_user(request, item.outline_id, manage=True)
    return item


def _back(item_or_outline, anchor: int | None = None):
    outline_id = getattr(item_or_outline, "outline_id", None) or item_or_outline.pk
    url = reverse("reports-outline-detail", args=[outline_id])
    return redirect(f"{url}#item-{anchor}" if anchor else url)


def _standing(request):
    access = get_access(request.user)
    committees = access.standing_committees
    if not committees:
        raise Http404
    return committees


@login_required
def outline_list(request):
    committees = _standing(request)
    outlines = (
        Outline.objects.filter(get_access(request.user).outline_owners_q())
        .select_related("committee")
        .order_by("-updated_at")
    )
    return render(request, "reports/outline_list.html", {"outlines": outlines, "committees": committees})


@login_required
def outline_import(request):
    """Step 1: a file or pasted text. Step 2: the parsed tree, to correct. Step 3: save."""
    committees = _standing(request)
    step = request.POST.get("step", "source")
    if request.method == "POST" and step == "tree":
        header = OutlineHeaderForm(request.POST, committees=committees, prefix="o")
        rows = RowFormSet(request.POST, prefix="row")
        if header.is_valid() and rows.is_valid():
            data = [f.cleaned_data for f in rows.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            try:
                outline = services.outline_create_from_rows(
                    committee=header.cleaned_data["committee"],
                    by=request.user,
                    title=header.cleaned_data["title"],
                    heading=header.cleaned_data["heading"],
                    is_template=header.cleaned_data["is_template"],
                    rows=data,
                )
            except ValidationError as exc:
                header.add_error(None, exc)
            else:
                messages.success(request, _("Đã lưu đề cương với %(n)s mục.") % {"n": len(data)})
                return redirect("reports-outline-detail", outline.pk)
        return render(request, "reports/outline_import_tree.html", {"header": header, "rows": rows, "warnings": []})

    form = OutlineImportForm(request.POST or None, request.FILES or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            parsed = parse_source(data=upload.read() if upload else None, text=form.cleaned_data["text"])
        except (ImportError_, DocxInputError) as exc:
            form.add_error("file" if upload else "text", str(exc))
        else:
            header = OutlineHeaderForm(
                committees=committees,
                prefix="o",
                initial={
                    "committee": form.cleaned_data["committee"].pk,
                    "title": form.cleaned_data["title"] or parsed.title,
                    "heading": parsed.heading,
                },
            )
            rows = RowFormSet(prefix="row", initial=parsed.rows)
            return render(
                request,
                "reports/outline_import_tree.html",
                {"header": header, "rows": rows, "warnings": parsed.warnings},
            )
    return render(request, "reports/outline_import.html", {"form": form})


@login_required
def outline_create(request):
    committees = _standing(request)
    form = OutlineHeaderForm(request.POST or None, committees=committees, prefix="o")
    if request.method == "POST" and form.is_valid():
        outline = services.outline_create_from_rows(
            committee=form.cleaned_data["committee"],
            by=request.user,
            title=form.cleaned_data["title"],
            heading=form.cleaned_data["heading"],
            is_template=form.cleaned_data["is_template"],
            rows=[],
        )
        return redirect("reports-outline-detail", outline.pk)
    return render(request, "reports/outline_create.html", {"form": form})


@login_required
def outline_detail(request, pk: int):
    outline = _get_outline_for_user(request, pk)
    access = get_access(request.user)
    manage = access.can_manage(outline.committee)
    locked = services.outline_is_locked(outline)
    items = outline.ordered_items()
    indicators: dict[int, list] = {}
    for indicator in Indicator.objects.filter(item__outline=outline).order_by("position", "pk"):
        indicators.setdefault(indicator.item_id, []).append(indicator)
    for item in items:
        item.indicator_list = indicators.get(item.pk, [])
    return render(
        request,
        "reports/outline_detail.html",
        {
            "outline": outline,
            "items": items,
            "editable": manage and not locked,
            "manage": manage,
            "locked": locked,
            "can_copy": bool(access.standing_committees),
            "edit_form": OutlineEditForm(instance=outline) if manage and not locked else None,
            "item_form": ItemForm(),
            "indicator_form": IndicatorForm(),
            "plans": outline.duties.select_related("plan").order_by("plan_id"),
        },
    )


@login_required
@require_POST
def outline_edit(request, pk: int):
    outline = _get_outline_for_user(request, pk, manage=True)
    form = OutlineEditForm(request.POST, instance=Outline.objects.get(pk=outline.pk))
    if form.is_valid():
        services.outline_update(outline=outline, **form.cleaned_data)
        messages.success(request, _("Đã lưu."))
    else:
        messages.error(request, _("Tên đề cương không được để trống."))
    return _back(outline)


@login_required
@require_POST
def outline_copy(request, pk: int):
    outline = _get_outline_for_user(request, pk)
    access = get_access(request.user)
    # into the person's standing committee; an administrator with none copies within the outline's own
    committee = next(iter(access.standing_committees), None) or outline.committee
    if not access.can_manage(committee):
        raise Http404
    copy = services.outline_copy(
        outline=outline, committee=committee, by=request.user, title=_("%(title)s (bản sao)") % {"title": outline.title}
    )
    messages.success(request, _("Đã sao chép đề cương; bản sao sửa được."))
    return redirect("reports-outline-detail", copy.pk)


@login_required
@require_POST
def outline_delete(request, pk: int):
    outline = _get_outline_for_user(request, pk, manage=True)
    try:
        services.outline_delete(outline=outline)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(outline)
    messages.success(request, _("Đã xóa đề cương."))
    return redirect("reports-outline-list")


@login_required
@require_POST
def item_add(request, pk: int):
    """Add an item to outline `pk`, under ?parent= (or at the top level)."""
    outline = _get_outline_for_user(request, pk, manage=True)
    parent = None
    parent_id = id_param(request.POST, "parent")
    if parent_id is not None:
        parent = OutlineItem.objects.filter(pk=parent_id, outline=outline).first()
        if parent is None:
            raise Http404
    form = ItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chưa thêm được mục: tiêu đề không được để trống."))
        return _back(outline, parent.pk if parent else None)
    try:
        item = services.item_add(
            outline=outline,
            parent=parent,
            label=form.cleaned_data["label"],
            title=form.cleaned_data["title"],
            guidance=form.cleaned_data["guidance"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(outline)
    return _back(outline, item.pk)


@login_required
def item_edit(request, pk: int):
    item = _get_item_for_manager(request, pk)
    form = ItemForm(
        request.POST or None,
        initial={"label": item.label, "title": item.title, "guidance": item.guidance, "required": item.required},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(item=item, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _back(item, item.pk)
    return render(request, "reports/outline_item_form.html", {"form": form, "item": item, "outline": item.outline})


ACTIONS = {
    "up": lambda item: services.item_move(item=item, direction="up"),
    "down": lambda item: services.item_move(item=item, direction="down"),
    "indent": lambda item: services.item_indent(item=item),
    "outdent": lambda item: services.item_outdent(item=item),
    "delete": lambda item: services.item_delete(item=item),
}


@login_required
@require_POST
def item_action(request, pk: int):
    item = _get_item_for_manager(request, pk)
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        raise Http404
    try:
        action(item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.POST.get("action") == "delete":
        messages.success(request, _("Đã xóa mục “%(title)s” và các mục con.") % {"title": item.title[:80]})
        return _back(item, item.parent_id)
    return _back(item, item.pk)


@login_required
@require_POST
def indicator_add(request, pk: int):
    item = _get_item_for_manager(request, pk)
    form = IndicatorForm(request.POST)
    if form.is_valid():
        try:
            services.indicator_add(item=item, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Chưa thêm được chỉ tiêu: cần tên chỉ tiêu."))
    return _back(item, item.pk)


@login_required
@require_POST
def indicator_delete(request, pk: int):
    indicator = Indicator.objects.select_related("item").filter(pk=pk).first()
    if indicator is None:
        raise Http404
    item = _get_item_for_manager(request, indicator.item_id)
    try:
        services.indicator_delete(indicator=indicator)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(item, item.pk)
