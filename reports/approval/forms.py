"""Forms of the approval page: a level's decision on the report, the last level's unlock."""

from django import forms
from django.utils.translation import gettext_lazy as _

from approvals.models import Decision


class LevelDecisionForm(forms.Form):
    """Approve, or return with a reason (the button pressed gives the outcome; the reason is
    required for a return, checked by the service so that its message names the report)."""

    outcome = forms.ChoiceField(choices=Decision.Outcome.choices)
    reason = forms.CharField(
        label=_("Ý kiến / lý do trả lại"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi trả lại: nêu rõ cần sửa, bổ sung gì."),
    )


class UnlockForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do mở khóa"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy ghi lý do mở khóa.")},
    )
