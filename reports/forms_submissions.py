"""Forms of the submissions area: evidence upload, review comment, return reason, Word upload."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp minh chứng"),
        help_text=_("PDF, Word (.docx), Excel (.xlsx), ảnh JPEG hoặc PNG; mỗi tệp tối đa %(mb)s MB.")
        % {"mb": settings.UPLOAD_MAX_FILE_MB},
        error_messages={"required": _("Hãy chọn một tệp."), "empty": _("Tệp rỗng.")},
    )
    item = forms.TypedChoiceField(
        label=_("Thuộc mục"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", _("Cả báo cáo"))] + [(i.pk, f"{i.label} {i.title}"[:80]) for i in items]


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Nhận xét"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy viết nhận xét.")},
    )
    item = forms.TypedChoiceField(
        label=_("Mục"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", _("Chung cho cả báo cáo"))] + [
            (i.pk, f"{i.label} {i.title}"[:80]) for i in items
        ]


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy ghi lý do trả lại.")},
    )


class WordUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp báo cáo Word (.docx)"),
        error_messages={"required": _("Hãy chọn tệp Word."), "empty": _("Tệp rỗng.")},
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > settings.UPLOAD_MAX_FILE_MB * 1024 * 1024:
            raise forms.ValidationError(_("Tệp lớn hơn %(mb)s MB cho phép.") % {"mb": settings.UPLOAD_MAX_FILE_MB})
        return f
