from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        # The same message whether or not the account exists.
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Xin kiểm tra lại (mật khẩu phân biệt chữ hoa, chữ thường)."
        ),
        "inactive": _("Tên đăng nhập hoặc mật khẩu không đúng. Xin kiểm tra lại (mật khẩu phân biệt chữ hoa, chữ thường)."),
    }

    remember = forms.BooleanField(label=_("Ghi nhớ đăng nhập trên máy này"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")
        self.fields["remember"].help_text = _(
            "Không chọn trên máy dùng chung: phiên đăng nhập kết thúc khi đóng trình duyệt hoặc sau %(hours)d giờ "
            "không dùng. Nếu chọn: sau %(days)d ngày không dùng."
        ) % {"hours": settings.SESSION_IDLE_HOURS, "days": settings.SESSION_REMEMBER_DAYS}
