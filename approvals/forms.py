"""Forms of the case page: a level's decision on one document, a meeting of a level."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Decision, Meeting

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class DecisionForm(forms.Form):
    """Approve or return one document (the button pressed gives the outcome)."""

    key = forms.SlugField(widget=forms.HiddenInput)
    item_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    outcome = forms.ChoiceField(choices=Decision.Outcome.choices, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Ý kiến"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi trả lại: nêu rõ cần sửa, bổ sung gì."),
    )
    meeting = forms.ModelChoiceField(label=_("Theo cuộc họp"), queryset=Meeting.objects.none(), required=False)

    def __init__(self, *args, meetings=None, meeting_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        if meetings is None:
            del self.fields["meeting"]
            return
        field = self.fields["meeting"]
        field.queryset = meetings
        field.required = meeting_required
        field.empty_label = None if meeting_required else _("(không gắn với cuộc họp)")
        field.label_from_instance = lambda m: _("Họp ngày %(d)s") % {"d": m.held_on.strftime("%d/%m/%Y")}
        if meeting_required and meetings:
            self.initial.setdefault("meeting", meetings.last())


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Ngày họp"), widget=DATE_WIDGET)
    conclusions = forms.CharField(label=_("Kết luận của cuộc họp"), widget=forms.Textarea(attrs={"rows": 3}))
    minutes = forms.FileField(
        label=_("Biên bản cuộc họp"),
        required=False,
        help_text=_("PDF, Word (.docx) hoặc ảnh chụp (JPEG, PNG)."),
    )

    def __init__(self, *args, minutes_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        if minutes_required:  # checked by the service, whose message names the level
            self.fields["minutes"].label = _("Biên bản cuộc họp (bắt buộc)")
