"""Forms of reporting duties (who reports, by when) and per-committee extensions."""

import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from reports.duties.services import levels_below, local_deadline, outlines_for_plan
from reports.models import Outline, ReportingDuty

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
TIME_WIDGET = forms.TimeInput(format="%H:%M", attrs={"placeholder": "HH:MM", "inputmode": "numeric"})


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class DutyForm(forms.Form):
    title = forms.CharField(label=_("Tên báo cáo"), max_length=300)
    outline = forms.ModelChoiceField(label=_("Đề cương"), queryset=Outline.objects.none())
    targets = forms.ChoiceField(
        label=_("Đơn vị phải báo cáo"), choices=ReportingDuty.Targets.choices, widget=forms.RadioSelect
    )
    target_level = forms.ChoiceField(label=_("Cấp (khi chọn “Theo cấp”)"), required=False)
    committees = forms.ModelMultipleChoiceField(
        label=_("Đơn vị (khi chọn “Danh sách chọn”)"),
        queryset=Committee.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deadline_date = forms.DateField(label=_("Hạn nộp: ngày"), widget=DATE_WIDGET)
    deadline_time = forms.TimeField(
        label=_("Hạn nộp: giờ"),
        required=False,
        widget=TIME_WIDGET,
        help_text=_("Để trống: hết ngày (23:59). “Chậm nhất ngày 14/6/2022” nghĩa là hết ngày đó."),
    )
    page_limit = forms.IntegerField(label=_("Số trang tối đa"), required=False, min_value=1, max_value=500)
    approval_tiers = forms.MultipleChoiceField(
        label=_("Phê duyệt theo cấp"),
        required=False,
        choices=[(t.value, t.label) for t in reversed(Committee.Tier)],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Để trống: Ban Thường trực ban hành kế hoạch tiếp nhận hoặc trả lại báo cáo như thường lệ. Chọn các cấp "
            "trên của đơn vị báo cáo phải lần lượt phê duyệt (ví dụ cấp huyện tiếp nhận, rồi cấp tỉnh xác nhận): mỗi "
            "cấp thông qua hoặc trả lại có lý do; báo cáo đã phê duyệt xong thì khóa."
        ),
    )
    instructions = forms.CharField(
        label=_("Cách gửi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        initial="Gửi trên Cổng báo cáo MTTQ.",
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.fields["outline"].queryset = outlines_for_plan(plan)
        self.fields["target_level"].choices = [("", "—")] + levels_below(plan.committee)
        self.fields["committees"].queryset = (
            Committee.objects.below(plan.committee).filter(is_active=True).in_sibling_order()
        )

    @classmethod
    def initial_for(cls, duty: ReportingDuty) -> dict:
        deadline = timezone.localtime(duty.deadline)
        return {
            "title": duty.title,
            "outline": duty.outline_id,
            "targets": duty.targets,
            "target_level": duty.target_level,
            "committees": [c.pk for c in duty.committees.all()],
            "deadline_date": deadline.date(),
            "deadline_time": None
            if deadline.time().replace(microsecond=0) == datetime.time(23, 59, 59)
            else deadline.time(),
            "page_limit": duty.page_limit,
            "approval_tiers": duty.approval_tiers,
            "instructions": duty.instructions,
        }

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "outline": data["outline"],
            "targets": data["targets"],
            "target_level": data["target_level"] or "",
            "committees": list(data["committees"]),
            "deadline": local_deadline(data["deadline_date"], data["deadline_time"]),
            "page_limit": data["page_limit"],
            "approval_tiers": data["approval_tiers"],
            "instructions": data["instructions"],
        }


class DutyCorrectionForm(DutyForm):
    """A duty added to an issued plan: the correction (đính chính, bổ sung) first, then the duty."""

    corrected_on = forms.DateField(
        label=_("Ngày đính chính"),
        widget=DATE_WIDGET,
        error_messages={"required": _("Xin nhập ngày đính chính (dd/mm/yyyy).")},
    )
    reason = forms.CharField(
        label=_("Lý do đính chính, bổ sung"),
        error_messages={"required": _("Xin ghi lý do đính chính, bổ sung.")},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Ghi rõ để các đơn vị hiểu vì sao kế hoạch có thêm yêu cầu báo cáo; nội dung này có trong thư thông báo."
        ),
    )
    field_order = ["corrected_on", "reason"]

    def service_kwargs(self) -> dict:
        return {
            **super().service_kwargs(),
            "corrected_on": self.cleaned_data["corrected_on"],
            "reason": self.cleaned_data["reason"],
        }


class IssueForm(forms.Form):
    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=DATE_WIDGET)
    number = forms.IntegerField(
        label=_("Số văn bản"),
        required=False,
        min_value=1,
        help_text=_(
            "Để trống để lấy số tiếp theo trong sổ đăng ký văn bản của đơn vị; chỉ nhập khi ghi lại kế hoạch đã có số."
        ),
    )

    confirm_past = forms.BooleanField(
        label=_("Tôi biết hạn nộp đã qua và vẫn ban hành (các đơn vị sẽ bị tính là quá hạn ngay)"), required=False
    )

    def __init__(self, *args, past_duties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.past_duties = list(past_duties)
        if not self.past_duties:
            del self.fields["confirm_past"]
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        if self.past_duties and not cleaned.get("confirm_past"):
            self.add_error(
                "confirm_past",
                _("Hạn nộp của %(duties)s đã qua. Hãy sửa hạn, hoặc đánh dấu ô này để vẫn ban hành.")
                % {"duties": ", ".join(f"“{d.title}” ({d.deadline_text})" for d in self.past_duties)},
            )
        return cleaned


class ExtensionForm(forms.Form):
    new_date = forms.DateField(label=_("Hạn mới: ngày"), widget=DATE_WIDGET)
    new_time = forms.TimeField(
        label=_("Hạn mới: giờ"), required=False, widget=TIME_WIDGET, help_text=_("Để trống: hết ngày.")
    )
    reason = forms.CharField(label=_("Lý do gia hạn"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def new_deadline(self):
        return local_deadline(self.cleaned_data["new_date"], self.cleaned_data["new_time"])
