"""Forms of a round: creation from its rules, a level's dates and limits, targets; pilot selection."""

from django import forms
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from congresses.forms import date_field, helper
from congresses.models import ChainStep, RoundLevel, Share
from lib.numbers import parse_number


class RoundCreateForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Ủy ban tổ chức"), queryset=Committee.objects.none())
    preset = forms.ChoiceField(
        label=_("Quy định áp dụng"),
        choices=[
            ("2024-2029", _("Nhiệm kỳ 2024–2029 (Hướng dẫn 104/HD-MTTW-BTT: cấp xã, cấp huyện)")),
            ("2025-2030", _("Nhiệm kỳ 2025–2030 (Hướng dẫn 03/HD-MTTW-BTT: chỉ cấp xã)")),
        ],
    )
    title = forms.CharField(label=_("Tên đợt"), max_length=300)
    plan = forms.ModelChoiceField(label=_("Kế hoạch"), queryset=None, required=False)

    def __init__(self, *args, committees=(), plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(pk__in=[c.pk for c in committees])
        self.fields["plan"].queryset = plans
        self.fields["plan"].label_from_instance = lambda p: f"{p.document_number} – {p.title.splitlines()[0]}"
        self.helper = helper()


class LevelForm(forms.ModelForm):
    window_start = date_field(_("Tổ chức từ ngày"))
    window_end = date_field(_("Đến ngày"))
    submit_deadline = date_field(_("Hạn đơn vị nộp hồ sơ"), required=False)
    approve_deadline = date_field(_("Hạn duyệt xong hồ sơ"), required=False)

    class Meta:
        model = RoundLevel
        fields = [
            "window_start",
            "window_end",
            "max_days",
            "max_sessions",
            "over_limit",
            "submit_deadline",
            "approve_deadline",
            "guests_sibling_chairs",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()


class PercentField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        try:
            return parse_number(value)
        except ValueError:
            raise forms.ValidationError(
                _("“%(v)s” không phải là một số (ví dụ: 25 hoặc 27,5).") % {"v": value}
            ) from None


class TargetsForm(forms.Form):
    """One min/max pair per share."""

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = {t.share: t for t in (targets or [])}
        for share, label in Share.choices:
            t = current.get(share)
            self.fields[f"{share}_min"] = PercentField(
                label=_("%(s)s: tối thiểu (%%)") % {"s": label}, required=False, initial=t.min_percent if t else None
            )
            self.fields[f"{share}_max"] = PercentField(
                label=_("%(s)s: tối đa (%%)") % {"s": label}, required=False, initial=t.max_percent if t else None
            )
        self.helper = helper()

    def clean(self):
        data = super().clean()
        for share, label in Share.choices:
            low, high = data.get(f"{share}_min"), data.get(f"{share}_max")
            for name, value in ((f"{share}_min", low), (f"{share}_max", high)):
                if value is not None and not (0 <= value <= 100):
                    self.add_error(name, _("Tỷ lệ phải từ 0 đến 100%."))
            if low is not None and high is not None and low > high:
                self.add_error(f"{share}_max", _("%(s)s: mức tối đa nhỏ hơn mức tối thiểu.") % {"s": label})
        return data


class CandidateAddForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Đơn vị đề xuất"), queryset=Committee.objects.none())

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = units if units is not None else Committee.objects.none()
        self.helper = helper()


class AnswersForm(forms.Form):
    """Yes/no, evidence and (for an inspection criterion answered otherwise) the reason, per criterion."""

    def __init__(self, *args, criteria=(), answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        answers = answers or {}
        self.criteria = list(criteria)
        for c in self.criteria:
            a = answers.get(c.pk)
            self.fields[f"met_{c.pk}"] = forms.TypedChoiceField(
                label=_("Đánh giá"),
                choices=[("", _("— chưa đánh giá —")), ("1", _("Đạt")), ("0", _("Không đạt"))],
                coerce=lambda v: v == "1",
                empty_value=None,
                required=False,
                initial=("1" if a.met else "0") if a else "",
            )
            self.fields[f"evidence_{c.pk}"] = forms.CharField(
                label=_("Căn cứ, minh chứng"),
                required=False,
                initial=a.evidence if a else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if c.from_inspection:
                self.fields[f"reason_{c.pk}"] = forms.CharField(
                    label=_("Lý do (khi khác kết quả kiểm tra)"),
                    required=False,
                    initial=a.override_reason if a else "",
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
        self.helper = helper()


class ChooseForm(forms.Form):
    reason = forms.CharField(label=_("Lý do chọn làm điểm"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()


class ChainForm(forms.Form):
    """The levels of the chain, in their fixed order: the Party committee of the same level, the
    district's and the province's standing committees; each taken or not, with its label."""

    def __init__(self, *args, level=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = {step.kind: step for step in level.chain.all()}
        for kind, label in ChainStep.Kind.choices:
            if kind == ChainStep.Kind.DISTRICT and level.tier != Committee.Tier.COMMUNE:
                continue
            step = current.get(kind)
            self.fields[f"{kind}_on"] = forms.BooleanField(label=label, required=False, initial=step is not None)
            self.fields[f"{kind}_label"] = forms.CharField(
                label=_("Tên hiển thị"), required=False, max_length=200, initial=step.label if step else ""
            )
        self.helper = helper()

    def steps(self) -> list[tuple[str, str]]:
        return [
            (kind, self.cleaned_data[f"{kind}_label"].strip() or str(label))
            for kind, label in ChainStep.Kind.choices
            if self.cleaned_data.get(f"{kind}_on")
        ]


class DocumentForm(forms.Form):
    label = forms.CharField(label=_("Tên tài liệu"), max_length=300)
    required = forms.BooleanField(label=_("Bắt buộc"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()
