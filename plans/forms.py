from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from committees.models import Committee

from .models import Plan
from .services import milestones_text, parse_milestone_line, recipients_text

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class _Crispy:
    def _helper(self):
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class PlanForm(_Crispy, forms.ModelForm):
    """A draft plan's text. Recipients and milestones are typed one per line."""

    committee = forms.ModelChoiceField(label=_("Đơn vị ban hành"), queryset=Committee.objects.none())
    recipients = forms.CharField(
        label=_("Nơi nhận"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Mỗi nơi nhận một dòng, mục đích trong ngoặc, ví dụ: BTT Ủy ban MTTQVN tỉnh (B/c)"),
    )
    milestones = forms.CharField(
        label=_("Tiến độ thực hiện"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Mỗi cấp một dòng “Cấp: việc phải làm”, thêm “| dd/mm/yyyy” nếu có thời hạn, ví dụ: "
            "Cấp phường: tổ chức hội nghị sơ kết | 15/06/2022"
        ),
    )

    class Meta:
        model = Plan
        fields = [
            "committee",
            "kind",
            "title",
            "symbol",
            "place",
            "issued_on",
            "legal_bases",
            "preamble",
            "purpose",
            "content",
            "organisation",
            "closing_text",
            "signer_on_behalf",
            "signer_position",
            "signer_name",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "issued_on": DATE_WIDGET,
            "legal_bases": forms.Textarea(attrs={"rows": 4}),
            "preamble": forms.Textarea(attrs={"rows": 4}),
            "purpose": forms.Textarea(attrs={"rows": 6}),
            "content": forms.Textarea(attrs={"rows": 8}),
            "organisation": forms.Textarea(attrs={"rows": 8}),
            "closing_text": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "issued_on": _("Để trống: lấy ngày ban hành."),
            "content": _("Mỗi đoạn một dòng; dòng bắt đầu bằng “1.”, “2.” là tiêu đề mục."),
            "symbol": _("Số được cấp khi ban hành, theo sổ đăng ký văn bản của đơn vị trong năm."),
        }

    def __init__(self, *args, committees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
        if "issued_on" in self.fields:
            self.fields["issued_on"].label = _("Ngày ban hành (dự kiến)")
        if self.instance.pk:
            del self.fields["committee"]
            if not self.is_bound:
                self.initial["recipients"] = recipients_text(self.instance)
                self.initial["milestones"] = milestones_text(self.instance)
        else:
            self.fields["committee"].queryset = Committee.objects.filter(pk__in=[c.pk for c in committees])
            if len(committees) == 1:
                self.initial["committee"] = committees[0].pk

    def clean_milestones(self):
        text = self.cleaned_data["milestones"]
        for line in text.splitlines():
            if line.strip():
                parse_milestone_line(line)  # raises ValidationError with the line
        return text

    def service_kwargs(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "committee"}
        data["recipients"] = self.cleaned_data["recipients"]
        data["milestones"] = self.cleaned_data["milestones"]
        return data


class PlanCorrectForm(PlanForm):
    """Correcting an issued plan: the number and the date stay; a reason is required."""

    note = forms.CharField(label=_("Lý do điều chỉnh"), widget=forms.Textarea(attrs={"rows": 2}))

    class Meta(PlanForm.Meta):
        fields = [f for f in PlanForm.Meta.fields if f not in ("issued_on", "symbol", "committee")]

    def service_kwargs(self) -> dict:
        data = super().service_kwargs()
        data["note"] = self.cleaned_data["note"]
        return data


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: next to its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class PlanAttachmentForm(forms.Form):
    """One file for the plan; on an issued plan the change is a correction and needs a reason."""

    file = forms.FileField(
        label=_("Tệp đính kèm"),
        help_text=_("PDF, Word (.docx), Excel (.xlsx), ảnh JPEG hoặc PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )
    note = forms.CharField(label=_("Lý do điều chỉnh"), required=False, max_length=1000)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        if plan.state == Plan.State.ISSUED:
            self.fields["note"].required = True
            self.fields["note"].help_text = _("Kế hoạch đã ban hành: thêm tệp là một lần điều chỉnh.")
        else:
            del self.fields["note"]


class PlanAttachmentDeleteForm(forms.Form):
    note = forms.CharField(label=_("Lý do điều chỉnh"), required=False, max_length=1000)
