from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Tên gợi nhớ"),
        max_length=100,
        help_text=_("Dùng cho hệ thống nào, ví dụ: Bảng điều khiển của tỉnh"),
    )
