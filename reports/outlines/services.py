"""Writes to outlines: create from a flat list of rows (import, demo), edit the tree item by item
(add, rename, move up/down, indent/outdent, delete), indicators, copy as a template."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from committees.models import Committee
from reports.models import Indicator, Outline, OutlineItem

MAX_DEPTH = 8


def outline_is_locked(outline: Outline) -> bool:
    """An outline a plan has been issued with stays as it was: submissions follow it."""
    return outline.duties.exclude(plan__state="draft").exists()


def _ensure_editable(outline: Outline) -> None:
    if outline_is_locked(outline):
        raise ValidationError(
            _("Đề cương đang dùng cho kế hoạch đã ban hành nên không sửa được. Hãy sao chép thành đề cương mới để sửa.")
        )


def check_rows(rows: list[dict]) -> list[str]:
    """Problems of a flat list of rows ({depth, label, title, guidance}); empty if fine."""
    problems, previous = [], -1
    for number, row in enumerate(rows, 1):
        depth = row["depth"]
        if not row.get("title", "").strip() and not row.get("label", "").strip():
            problems.append(_("Dòng %(n)s: chưa có tiêu đề.") % {"n": number})
        if depth < 0 or depth >= MAX_DEPTH:
            problems.append(_("Dòng %(n)s: cấp phải từ 1 đến %(max)s.") % {"n": number, "max": MAX_DEPTH})
        elif depth > previous + 1:
            problems.append(_("Dòng %(n)s: lùi quá một cấp so với dòng trên.") % {"n": number})
        previous = depth
    return problems


@transaction.atomic
def outline_create_from_rows(
    *, committee: Committee, by, title: str, rows: list[dict], heading: str = "", is_template: bool = False
) -> Outline:
    """A new outline from rows in reading order; each row's depth (0 = top) says where it hangs.
    A row may carry "indicators": [(name, unit)]."""
    problems = check_rows(rows)
    if problems:
        raise ValidationError(problems)
    outline = Outline(committee=committee, title=title, heading=heading, is_template=is_template, created_by=by)
    outline.full_clean(exclude=["created_by"])
    outline.save()
    _add_rows(outline, rows)
    return outline


def _add_rows(outline: Outline, rows: list[dict]) -> None:
    stack: list[OutlineItem] = []  # stack[d] is the last item at depth d
    counters: dict[int | None, int] = {}
    for row in rows:
        depth = row["depth"]
        del stack[depth:]
        parent = stack[-1] if stack else None
        key = parent.pk if parent else None
        position = counters.get(key, 0)
        counters[key] = position + 1
        item = OutlineItem(
            outline=outline,
            parent=parent,
            position=position,
            label=row.get("label", "").strip(),
            title=row.get("title", "").strip(),
            guidance=row.get("guidance", "").strip(),
        )
        item.full_clean(exclude=["title"] if not item.title else None)
        item.save()
        for i, (name, unit) in enumerate(row.get("indicators", [])):
            Indicator.objects.create(item=item, name=name, unit=unit, position=i)
        stack.append(item)


@transaction.atomic
def outline_update(*, outline: Outline, title: str, heading: str, is_template: bool) -> Outline:
    outline.title, outline.heading, outline.is_template = title, heading, is_template
    outline.full_clean(exclude=["created_by"])
    outline.save()
    return outline


@transaction.atomic
def outline_copy(*, outline: Outline, committee: Committee, by, title: str | None = None) -> Outline:
    rows = []
    for item in outline.ordered_items():
        rows.append(
            {
                "depth": item.depth,
                "label": item.label,
                "title": item.title,
                "guidance": item.guidance,
                "indicators": [(i.name, i.unit) for i in item.indicators.all()],
            }
        )
    copy = outline_create_from_rows(
        committee=committee, by=by, title=title or outline.title, rows=rows, heading=outline.heading
    )
    copy.copied_from = outline
    copy.save(update_fields=["copied_from"])
    return copy


@transaction.atomic
def outline_delete(*, outline: Outline) -> None:
    if outline.duties.exists():
        raise ValidationError(_("Đề cương đang được một kế hoạch sử dụng nên không xóa được."))
    outline.delete()


# --- items ------------------------------------------------------------------------------------
def _siblings(item: OutlineItem):
    return OutlineItem.objects.filter(outline_id=item.outline_id, parent_id=item.parent_id).order_by("position", "pk")


def _renumber(outline_id: int, parent_id: int | None) -> None:
    for position, pk in enumerate(
        OutlineItem.objects.filter(outline_id=outline_id, parent_id=parent_id)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    ):
        OutlineItem.objects.filter(pk=pk).update(position=position)


@transaction.atomic
def item_add(
    *,
    outline: Outline,
    parent: OutlineItem | None,
    label: str,
    title: str,
    guidance: str = "",
    after: OutlineItem | None = None,
) -> OutlineItem:
    """A new item, last among its siblings (or right after `after`)."""
    _ensure_editable(outline)
    if parent is not None and parent.outline_id != outline.pk:
        raise ValidationError(_("Mục cha không thuộc đề cương này."))
    if after is not None:
        parent = after.parent
        _siblings(after).filter(position__gt=after.position).update(position=models_f_plus_one())
        position = after.position + 1
    else:
        last = OutlineItem.objects.filter(outline=outline, parent=parent).aggregate(m=Max("position"))["m"]
        position = 0 if last is None else last + 1
    item = OutlineItem(
        outline=outline,
        parent=parent,
        position=position,
        label=label.strip(),
        title=title.strip(),
        guidance=guidance.strip(),
    )
    item.full_clean()
    item.save()
    return item


def models_f_plus_one():
    from django.db.models import F

    return F("position") + 1


@transaction.atomic
def item_update(
    *, item: OutlineItem, label: str, title: str, guidance: str = "", required: bool = False
) -> OutlineItem:
    _ensure_editable(item.outline)
    item.label, item.title, item.guidance, item.required = label.strip(), title.strip(), guidance.strip(), required
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def item_move(*, item: OutlineItem, direction: str) -> OutlineItem:
    """Swap with the previous ("up") or next ("down") sibling; at the end, nothing happens."""
    _ensure_editable(item.outline)
    _renumber(item.outline_id, item.parent_id)
    item.refresh_from_db()
    siblings = list(_siblings(item))
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        neighbour = siblings[other]
        OutlineItem.objects.filter(pk=item.pk).update(position=neighbour.position)
        OutlineItem.objects.filter(pk=neighbour.pk).update(position=item.position)
    item.refresh_from_db()
    return item


@transaction.atomic
def item_indent(*, item: OutlineItem) -> OutlineItem:
    """Become the last child of the previous sibling."""
    _ensure_editable(item.outline)
    previous = _siblings(item).filter(position__lt=item.position).last()
    if previous is None:
        raise ValidationError(_("Mục đầu tiên trong nhóm không thụt vào được (không có mục phía trên cùng cấp)."))
    old_parent = item.parent_id
    last = OutlineItem.objects.filter(parent=previous).aggregate(m=Max("position"))["m"]
    item.parent, item.position = previous, 0 if last is None else last + 1
    item.save(update_fields=["parent", "position"])
    _renumber(item.outline_id, old_parent)
    return item


@transaction.atomic
def item_outdent(*, item: OutlineItem) -> OutlineItem:
    """Become the sibling right after its parent (its own children come along)."""
    _ensure_editable(item.outline)
    parent = item.parent
    if parent is None:
        raise ValidationError(_("Mục đã ở cấp cao nhất."))
    _siblings(parent).filter(position__gt=parent.position).update(position=models_f_plus_one())
    item.parent_id, item.position = parent.parent_id, parent.position + 1
    item.save(update_fields=["parent", "position"])
    _renumber(item.outline_id, parent.pk)
    return item


@transaction.atomic
def item_delete(*, item: OutlineItem) -> None:
    """Delete the item and everything under it."""
    _ensure_editable(item.outline)
    outline_id, parent_id = item.outline_id, item.parent_id
    item.delete()
    _renumber(outline_id, parent_id)


@transaction.atomic
def indicator_add(*, item: OutlineItem, name: str, unit: str, aggregation: str) -> Indicator:
    _ensure_editable(item.outline)
    last = item.indicators.aggregate(m=Max("position"))["m"]
    indicator = Indicator(
        item=item,
        name=name.strip(),
        unit=unit.strip(),
        aggregation=aggregation,
        position=0 if last is None else last + 1,
    )
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator) -> None:
    _ensure_editable(indicator.item.outline)
    indicator.delete()
