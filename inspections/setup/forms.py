from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lib.numbers import parse_number
from plans.forms import DATE_WIDGET
from plans.forms import _Crispy as Crispy  # the portal's crispy set-up: no form tag, no second CSRF field
from plans.models import Plan

from ..models import AgendaItem, Criterion, InspectionDay, Round, ScoreGroup, VetoCondition
from .presets import BAND_PRESETS

TIME_WIDGET = forms.TimeInput(format="%H:%M", attrs={"placeholder": "HH:MM", "inputmode": "numeric"})


class PointsField(forms.CharField):
    """Points typed as Vietnamese write them ("8,5"), read with lib.numbers.parse_number."""

    def to_python(self, value):
        text = super().to_python(value)
        try:
            number = parse_number(text)
        except ValueError:
            raise ValidationError(_("\"%(v)s\" không phải là số."), params={"v": text}) from None
        if number is None:
            if self.required:
                raise ValidationError(self.error_messages["required"])
            return None
        if number < 0:
            raise ValidationError(_("Điểm không được âm."))
        return number

    def prepare_value(self, value):
        from lib.numbers import format_number

        if value is None or isinstance(value, str):
            return value
        return format_number(value)


class RoundForm(Crispy, forms.ModelForm):
    diff_threshold = PointsField(label=_("Mức chênh lệch cần chú ý (điểm)"))

    class Meta:
        model = Round
        fields = [
            "title", "year", "plan", "deadline_stated", "deadline_rule", "diff_threshold", "tie_break",
            "top_band_cap_percent", "example_label", "signer_name",
        ]
        widgets = {"deadline_stated": DATE_WIDGET}
        help_texts = {"deadline_stated": _("Ngày ghi trong kế hoạch, ví dụ \"trước ngày 12/10/2023\" thì ghi 12/10/2023.")}

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.filter(committee=committee).order_by("-created_at")
        self.fields["deadline_stated"].input_formats = ["%d/%m/%Y"]
        self._helper()


class RoundCreateForm(RoundForm):
    band_preset = forms.ChoiceField(label=_("Bộ xếp loại"), choices=[(k, v[0]) for k, v in BAND_PRESETS.items()])
    start_from = forms.ChoiceField(label=_("Bảng điểm"), required=False)

    class Meta(RoundForm.Meta):
        fields = ["title", "year", "plan", "deadline_stated", "deadline_rule", "tie_break"]

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, committee=committee, **kwargs)
        del self.fields["diff_threshold"]
        previous = Round.objects.filter(committee=committee).order_by("-year", "-pk")
        self.fields["start_from"].choices = [
            ("", _("Để trống, tự soạn")),
            ("example", _("Bảng điểm minh họa (6 nhóm công tác Mặt trận cấp xã)")),
        ] + [(str(r.pk), _("Sao chép từ: %(t)s (%(y)s)") % {"t": r.title, "y": r.year}) for r in previous]
        self.fields["start_from"].help_text = _("Sao chép từ năm trước: bảng điểm, xếp loại và chương trình làm việc.")
        self.previous = {str(r.pk): r for r in previous}


class GroupForm(Crispy, forms.ModelForm):
    class Meta:
        model = ScoreGroup
        fields = ["label", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


class CriterionForm(Crispy, forms.ModelForm):
    max_points = PointsField(label=_("Điểm tối đa"), help_text=_("Với điểm thưởng, điểm trừ: mức tối đa của dòng này."))

    class Meta:
        model = Criterion
        fields = ["label", "title", "kind", "max_points", "evidence_required", "guidance"]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 3}), "title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()

    def clean_max_points(self):
        value = self.cleaned_data["max_points"]
        if value is None or value <= 0:
            raise ValidationError(_("Điểm tối đa phải lớn hơn 0."))
        return value


class BandRowForm(forms.Form):
    label = forms.CharField(label=_("Loại"), max_length=100, required=False)
    min_score = PointsField(label=_("Từ (điểm)"), required=False)
    strong = forms.BooleanField(label=_("Vững mạnh trở lên"), required=False)
    delete = forms.BooleanField(label=_("Xóa"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("label") and not data.get("delete") and data.get("min_score") is None:
            self.add_error("min_score", _("Ghi ngưỡng điểm của loại \"%(l)s\".") % {"l": data["label"]})
        return data


BandFormSet = forms.formset_factory(BandRowForm, extra=1)


class VetoForm(Crispy, forms.ModelForm):
    class Meta:
        model = VetoCondition
        fields = ["label", "cap_band"]

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cap_band"].queryset = round.bands.all()
        self._helper()


class DayForm(Crispy, forms.ModelForm):
    units = forms.CharField(
        label=_("Đơn vị được kiểm tra"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tên các xã, phường, cách nhau bởi dấu phẩy hoặc mỗi dòng một tên, ví dụ: An Phú, Hoà Hương, Phước Hoà"),
    )

    class Meta:
        model = InspectionDay
        fields = ["date", "place", "morning_start", "morning_end", "afternoon_start", "afternoon_end"]
        widgets = {
            "date": DATE_WIDGET,
            "morning_start": TIME_WIDGET,
            "morning_end": TIME_WIDGET,
            "afternoon_start": TIME_WIDGET,
            "afternoon_end": TIME_WIDGET,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].input_formats = ["%d/%m/%Y"]
        self._helper()

    def unit_names(self) -> list[str]:
        raw = self.cleaned_data.get("units", "").replace("\n", ",").replace(";", ",")
        return [n.strip() for n in raw.split(",") if n.strip()]


class AgendaItemForm(Crispy, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["start", "end", "title", "minutes_per_unit"]
        widgets = {"start": TIME_WIDGET, "end": TIME_WIDGET, "title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


class TeamMemberForm(Crispy, forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    title = forms.CharField(label=_("Nhiệm vụ trong tổ"), max_length=100, required=False)
    days = forms.ModelMultipleChoiceField(label=_("Các ngày"), queryset=InspectionDay.objects.none(), required=False,
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].queryset = round.days.all()
        self._helper()


class ImportForm(Crispy, forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx) hoặc Word (.docx)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.docx"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
