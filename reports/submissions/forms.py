"""Forms of the submissions area: evidence upload, review comment, return reason, Word upload,
the report's number and signer."""

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lib.numbers import format_number
from lib.richtext import strip_forbidden


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


REVIEW_TEXT_MAX = 5000  # a comment or a return reason is a paragraph or two, and goes out by email


class _ReviewTextField(forms.CharField):
    def validate(self, value):
        super().validate(value)
        if len(value) > REVIEW_TEXT_MAX:
            raise forms.ValidationError(
                _("Nội dung dài %(n)s ký tự, tối đa %(max)s ký tự: hãy rút gọn.")
                % {"n": format_number(len(value)), "max": format_number(REVIEW_TEXT_MAX)},
                code="max_length",
            )


class CommentForm(forms.Form):
    text = _ReviewTextField(
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
    reason = _ReviewTextField(
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


_DOC_NUMBER = re.compile(r"^[\w/.\-–\s]*$", re.UNICODE)


def _clean_line(value: str) -> str:
    """One line of text: characters XML cannot hold removed, spaces collapsed."""
    return " ".join(strip_forbidden(value).split())


class _LineField(forms.CharField):
    """A one-line text: NUL and other characters a .docx cannot hold are dropped, not refused."""

    def to_python(self, value):
        return super().to_python(_clean_line(value) if isinstance(value, str) else value)


class DocumentInfoForm(forms.Form):
    """The report as a document: its own number and who signs it (the date is the day it is
    submitted, the place the committee's)."""

    doc_number = _LineField(
        label=_("Số báo cáo"),
        required=False,
        max_length=50,
        help_text=_("Ví dụ: 15/BC-MTTQ. Chưa có số thì ghi /BC-MTTQ để văn thư điền sau."),
        error_messages={"max_length": _("Số báo cáo dài quá %(limit_value)d ký tự.")},
    )
    signer_position = _LineField(
        label=_("Chức vụ người ký"),
        required=False,
        max_length=100,
        help_text=_("Ví dụ: CHỦ TỊCH, PHÓ CHỦ TỊCH. Để trống thì ghi CHỦ TỊCH."),
        error_messages={"max_length": _("Chức vụ dài quá %(limit_value)d ký tự.")},
    )
    signer_name = _LineField(
        label=_("Họ và tên người ký"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Họ tên dài quá %(limit_value)d ký tự.")},
    )

    def clean_doc_number(self):
        value = self.cleaned_data["doc_number"]
        if value.lower().startswith("số:"):
            value = value[3:].strip()
        if not _DOC_NUMBER.match(value):
            raise forms.ValidationError(_("Số báo cáo chỉ gồm chữ, chữ số và các dấu / - . (ví dụ 15/BC-MTTQ)."))
        return value

    def clean_signer_name(self):
        value = self.cleaned_data["signer_name"]
        if any(ch.isdigit() or ch in "<>{}[]@#$%^*=|\\" for ch in value):
            raise forms.ValidationError(_("Họ tên người ký chỉ gồm chữ cái."))
        return value
