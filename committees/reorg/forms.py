"""The portal's form for one reorganisation of a committee (committees.reorg.views), one form per
kind: what the kind needs, the decision (số, ngày, cơ quan ban hành, ngày hiệu lực) and, where
committees close, what happens to their people. The rules stay in the services: a form only reads
what was typed, and `apply(by=)` reads the committees concerned again, locked in the caller's
transaction (a second submit waits for the first, then finds them changed), and calls one service.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from committees.models import Committee, Reorganisation
from committees.selectors import reorganisations_of

from .services import (
    Decision,
    NewCommittee,
    People,
    committee_dissolve,
    committee_move,
    committee_rename,
    committee_split,
    committees_merge,
)

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
DATE_ERRORS = {"invalid": _("Ngày ghi theo dạng dd/mm/yyyy, ví dụ 01/07/2025.")}
NEW = "new"
SPLIT_ROWS = 4


def _locked(pks) -> dict[int, Committee]:
    """The committees `pks`, read again and locked until the caller's transaction ends (in pk
    order, so two submits never wait for each other crosswise)."""
    return {c.pk: c for c in Committee.objects.select_for_update().filter(pk__in=list(pks)).order_by("pk")}


class ReorganisationForm(forms.Form):
    """The decision every kind records."""

    kind: str
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=100)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    decision_body = forms.CharField(
        label=_("Cơ quan ban hành"), max_length=200, help_text=_("Ví dụ: Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh")
    )
    effective_on = forms.DateField(
        label=_("Ngày có hiệu lực"),
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
        help_text=_("Từ ngày này đơn vị mang tên, cấp trên mới hoặc thôi hoạt động."),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, committee: Committee, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee = committee
        self.access = access
        self.order_fields([*self.kind_fields(), "decision_number", "decision_date", "decision_body", "effective_on"])

    def kind_fields(self) -> list[str]:
        return [name for name in self.fields if name not in ReorganisationForm.base_fields]

    def decision(self) -> Decision:
        d = self.cleaned_data
        return Decision(
            effective_on=d["effective_on"],
            number=d["decision_number"],
            date=d["decision_date"],
            body=d["decision_body"],
            note=d.get("note", ""),
        )

    def concerned(self) -> list[int]:
        """The committees the reorganisation changes or names, by pk."""
        return [self.committee.pk]

    def apply(self, *, by) -> Reorganisation:
        raise NotImplementedError

    def earlier(self) -> Reorganisation | None:
        """The same reorganisation of this committee (kind and decision) already recorded: what a
        second submit of the confirmed page finds, even when the first has made its choices stale
        (a merged sibling no longer offered)."""
        d = getattr(self, "cleaned_data", {})
        if not all(d.get(k) for k in ("decision_number", "decision_date", "effective_on")):
            return None
        return (
            reorganisations_of(self.committee)
            .filter(
                kind=self.kind,
                decision_number=d["decision_number"],
                decision_date=d["decision_date"],
                effective_on=d["effective_on"],
            )
            .first()
        )

    @transaction.atomic
    def record(self, *, by) -> tuple[Reorganisation, bool]:
        """Apply, once: with the committees locked (a second submit waits for the first), the same
        reorganisation already recorded is returned as it is, with False."""
        _locked(self.concerned())
        earlier = self.earlier()
        if earlier is not None:
            return earlier, False
        return self.apply(by=by), True


def _people_field():
    return forms.ChoiceField(
        label=_("Cán bộ của đơn vị thôi hoạt động"),
        choices=[("", _("Chưa chọn (chỉ khi đơn vị không còn cán bộ nào)")), *People.choices],
        required=False,
        initial=People.MOVE,
    )


def _siblings(committee: Committee):
    return Committee.objects.filter(parent_id=committee.parent_id, kind=committee.kind, is_active=True).exclude(
        pk=committee.pk
    )


class MergeForm(ReorganisationForm):
    kind = Reorganisation.Kind.MERGE
    others = forms.ModelMultipleChoiceField(
        label=_("Các đơn vị cùng sáp nhập"),
        queryset=Committee.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Các đơn vị cùng cấp trên; để trống khi chỉ nhập đơn vị này vào một ủy ban mới."),
    )
    into = forms.ChoiceField(label=_("Đơn vị sau sáp nhập"), choices=())
    new_name = forms.CharField(label=_("Tên ủy ban mới"), max_length=200, required=False)
    new_code = forms.SlugField(label=_("Mã ủy ban mới"), max_length=50, required=False)
    new_level = forms.CharField(label=_("Cấp của ủy ban mới"), max_length=50, required=False)
    new_emails = forms.CharField(
        label=_("Email của ủy ban mới"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mỗi địa chỉ một dòng hoặc cách nhau bởi dấu phẩy"),
    )
    people = _people_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        siblings = _siblings(self.committee).by_name()
        self.fields["others"].queryset = siblings
        self.fields["into"].choices = [
            (NEW, _("Một ủy ban mới (ghi tên, mã bên dưới)")),
            (str(self.committee.pk), self.committee.name),
            *((str(c.pk), c.name) for c in siblings),
        ]
        self.fields["into"].initial = NEW
        self.fields["new_level"].initial = self.committee.level

    def clean(self):
        d = super().clean()
        if d.get("into") == NEW:
            for name in ("new_name", "new_code", "new_level"):
                if not d.get(name):
                    self.add_error(name, _("Cần ghi khi sáp nhập vào một ủy ban mới."))
        return d

    def concerned(self) -> list[int]:
        into = self.cleaned_data["into"]
        return [self.committee.pk, *(c.pk for c in self.cleaned_data["others"]), *([int(into)] if into != NEW else [])]

    def apply(self, *, by) -> Reorganisation:
        d = self.cleaned_data
        fresh = _locked(self.concerned())
        sources = [fresh[self.committee.pk], *(fresh[c.pk] for c in d["others"])]
        if d["into"] == NEW:
            into = NewCommittee(
                name=d["new_name"],
                code=d["new_code"],
                level=d["new_level"],
                parent=fresh[self.committee.pk].parent,
                emails=d["new_emails"],
                kind=self.committee.kind,
            )
        else:
            into = fresh[int(d["into"])]
        return committees_merge(sources=sources, into=into, decision=self.decision(), people=d["people"] or None, by=by)


class SplitForm(ReorganisationForm):
    kind = Reorganisation.Kind.SPLIT
    level = forms.CharField(label=_("Cấp của các đơn vị mới"), max_length=50)
    main = forms.TypedChoiceField(
        label=_("Đơn vị nhận các báo cáo còn dở dang"),
        coerce=int,
        choices=[(i, i) for i in range(1, SPLIT_ROWS + 1)],
        initial=1,
        help_text=_("Số thứ tự của đơn vị mới ở trên; đơn vị này nhận cả cán bộ khi chọn chuyển sang."),
    )
    people = _people_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].initial = self.committee.level
        rows = {}
        for i in range(1, SPLIT_ROWS + 1):
            rows[f"name_{i}"] = forms.CharField(
                label=_("Đơn vị mới %(n)d: tên") % {"n": i}, max_length=200, required=False
            )
            rows[f"code_{i}"] = forms.SlugField(
                label=_("Đơn vị mới %(n)d: mã") % {"n": i}, max_length=50, required=False
            )
        self.fields = {**rows, **self.fields}
        self.order_fields([*rows, "level", "main", "people"])

    def rows(self) -> list[int]:
        return [i for i in range(1, SPLIT_ROWS + 1) if self.cleaned_data.get(f"name_{i}")]

    def clean(self):
        d = super().clean()
        for i in range(1, SPLIT_ROWS + 1):
            if d.get(f"name_{i}") and not d.get(f"code_{i}"):
                self.add_error(f"code_{i}", _("Cần ghi mã của đơn vị mới."))
        if len(self.rows()) < 2:
            raise ValidationError(_("Chia tách cần ít nhất hai đơn vị mới."))
        if d.get("main") and d["main"] not in self.rows():
            self.add_error("main", _("Đơn vị số %(n)d chưa có tên.") % {"n": d["main"]})
        return d

    def apply(self, *, by) -> Reorganisation:
        d = self.cleaned_data
        source = _locked(self.concerned())[self.committee.pk]
        rows = self.rows()
        into = [
            NewCommittee(
                name=d[f"name_{i}"], code=d[f"code_{i}"], level=d["level"], parent=source.parent, kind=source.kind
            )
            for i in rows
        ]
        return committee_split(
            source=source,
            into=into,
            main=rows.index(d["main"]),
            decision=self.decision(),
            people=d["people"] or None,
            by=by,
        )


class MoveForm(ReorganisationForm):
    kind = Reorganisation.Kind.MOVE
    parent = forms.ModelChoiceField(label=_("Cấp trên mới"), queryset=Committee.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        c = self.committee
        self.fields["parent"].queryset = (
            self.access.visible_committees()
            .filter(is_active=True, kind=Committee.Kind.FRONT, depth__lt=c.depth)
            .exclude(pk=c.parent_id)
            .exclude(path__startswith=c.path)
            .in_tree_order()
        )

    def clean_parent(self):
        parent = self.cleaned_data["parent"]
        if not self.access.oversees(parent):  # an acting committee of the person's is not theirs to fill
            raise ValidationError(_("Không thể chuyển đơn vị về cấp trên này."))
        return parent

    def concerned(self) -> list[int]:
        return [self.committee.pk, self.cleaned_data["parent"].pk]

    def apply(self, *, by) -> Reorganisation:
        fresh = _locked(self.concerned())
        return committee_move(
            committee=fresh[self.committee.pk],
            parent=fresh[self.cleaned_data["parent"].pk],
            decision=self.decision(),
            by=by,
        )


class RenameForm(ReorganisationForm):
    kind = Reorganisation.Kind.RENAME
    name = forms.CharField(label=_("Tên mới"), max_length=200)
    short_name = forms.CharField(label=_("Tên ngắn mới"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].initial = self.committee.name
        self.fields["short_name"].initial = self.committee.short_name

    def apply(self, *, by) -> Reorganisation:
        d = self.cleaned_data
        return committee_rename(
            committee=_locked(self.concerned())[self.committee.pk],
            name=d["name"],
            short_name=d["short_name"],
            decision=self.decision(),
            by=by,
        )


class DissolveForm(ReorganisationForm):
    kind = Reorganisation.Kind.DISSOLVE
    successor = forms.ModelChoiceField(
        label=_("Đơn vị kế tục"),
        queryset=Committee.objects.none(),
        required=False,
        empty_label=_("Không có"),
        help_text=_("Nhận các báo cáo còn dở dang, các đơn vị trực thuộc và (nếu chọn) cán bộ."),
    )
    people = _people_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        siblings = _siblings(self.committee)
        parent = Committee.objects.filter(pk=self.committee.parent_id, is_active=True)
        self.fields["successor"].queryset = (siblings | parent).order_by("depth", "sort_name", "pk")

    def concerned(self) -> list[int]:
        successor = self.cleaned_data["successor"]
        return [self.committee.pk, *([successor.pk] if successor else [])]

    def apply(self, *, by) -> Reorganisation:
        d = self.cleaned_data
        fresh = _locked(self.concerned())
        return committee_dissolve(
            committee=fresh[self.committee.pk],
            successor=fresh[d["successor"].pk] if d["successor"] else None,
            decision=self.decision(),
            people=d["people"] or None,
            by=by,
        )


FORMS = {f.kind: f for f in (MergeForm, SplitForm, MoveForm, RenameForm, DissolveForm)}
