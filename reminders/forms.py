from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReminderRule


class ReminderRuleForm(forms.ModelForm):
    class Meta:
        model = ReminderRule
        fields = ["days_before", "on_the_day", "send_time", "overdue_notices", "overdue_every_days"]
        widgets = {
            "days_before": forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "7,3,1"}),
            "send_time": forms.TimeInput(attrs={"placeholder": "07:30", "inputmode": "numeric"}, format="%H:%M"),
            "overdue_notices": forms.NumberInput(attrs={"min": 0, "max": 20}),
            "overdue_every_days": forms.NumberInput(attrs={"min": 1, "max": 60}),
        }


class RemindNowForm(forms.Form):
    """One click: the token is made when the page is drawn, so a second POST of it does nothing."""

    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", error_messages={"invalid": _("Yêu cầu không hợp lệ.")})
