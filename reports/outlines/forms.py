"""Forms of the outline pages: import (file or pasted text), the tree to correct before saving,
and the item editor."""

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from reports.models import Indicator, Outline

MAX_IMPORT_MB = getattr(settings, "OUTLINE_IMPORT_MAX_MB", 10)
LEVEL_CHOICES = [(d, str(d + 1)) for d in range(8)]


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class _CommitteeField:
    def _committee_choices(self, committees):
        self.fields["committee"].queryset = Committee.objects.filter(pk__in=[c.pk for c in committees])
        if len(committees) == 1:
            self.initial.setdefault("committee", committees[0].pk)
            self.fields["committee"].widget = forms.HiddenInput()


class OutlineImportForm(_CommitteeField, forms.Form):
    committee = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Committee.objects.none())
    title = forms.CharField(
        label=_("Tên đề cương"),
        max_length=500,
        required=False,
        help_text=_("Để trống: lấy từ các dòng đầu của đề cương."),
    )
    file = forms.FileField(
        label=_("Tệp Word (.docx)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
        ),
        help_text=_("Tối đa %(mb)s MB.") % {"mb": MAX_IMPORT_MB},
    )
    text = forms.CharField(
        label=_("Hoặc dán nội dung đề cương"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )

    def __init__(self, *args, committees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self._committee_choices(committees)

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if not upload and not text:
            raise forms.ValidationError(_("Xin chọn tệp Word (.docx) hoặc dán nội dung đề cương."))
        if upload and upload.size > MAX_IMPORT_MB * 1024 * 1024:
            self.add_error("file", _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": MAX_IMPORT_MB})
        return data


class OutlineHeaderForm(_CommitteeField, forms.Form):
    """The outline's own fields on the correction page."""

    committee = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Committee.objects.none())
    title = forms.CharField(label=_("Tên đề cương"), max_length=500)
    heading = forms.CharField(label=_("Các dòng đầu"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    is_template = forms.BooleanField(label=_("Dùng làm mẫu cho các kế hoạch sau"), required=False)

    def __init__(self, *args, committees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self._committee_choices(committees)


class RowForm(forms.Form):
    """One item of the parsed tree, as the person corrects it."""

    depth = forms.TypedChoiceField(
        label=_("Cấp"),
        choices=LEVEL_CHOICES,
        coerce=int,
        widget=forms.Select(attrs={"class": "form-select form-select-sm w-auto d-inline-block js-row-depth"}),
    )
    label = forms.CharField(label=_("Số thứ tự"), max_length=20, required=False)
    title = forms.CharField(label=_("Tiêu đề"), widget=forms.Textarea(attrs={"rows": 1}))
    guidance = forms.CharField(label=_("Hướng dẫn"), required=False, widget=forms.Textarea(attrs={"rows": 1}))


RowFormSet = forms.formset_factory(RowForm, extra=0, can_delete=True, max_num=2000, validate_max=True)


class OutlineEditForm(forms.ModelForm):
    class Meta:
        model = Outline
        fields = ["title", "heading", "is_template"]
        widgets = {"heading": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ItemForm(forms.Form):
    label = forms.CharField(
        label=_("Số thứ tự"), max_length=20, required=False, help_text=_("Như viết: I., 1., 1.1., a), -, +")
    )
    title = forms.CharField(label=_("Tiêu đề"), widget=forms.Textarea(attrs={"rows": 2}))
    guidance = forms.CharField(label=_("Hướng dẫn"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    required = forms.BooleanField(label=_("Bắt buộc"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "aggregation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
