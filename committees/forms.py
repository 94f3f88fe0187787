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
        "inactive": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Xin kiểm tra lại (mật khẩu phân biệt chữ hoa, chữ thường)."
        ),
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


class TreeImportForm(forms.Form):
    """A province's reform from a spreadsheet (committees.reorg.importer)."""

    file = forms.FileField(
        label=_("Bảng tính sắp xếp (.xlsx)"),
        help_text=_(
            "Cột: Mã cũ, Mã mới, Tên mới, Mã cấp trên mới, Cấp, Ngày hiệu lực, Số quyết định, Ngày quyết định, "
            "Cơ quan quyết định. Mỗi dòng một đơn vị cũ."
        ),
    )
    people = forms.ChoiceField(label=_("Cán bộ của các đơn vị thôi hoạt động"), choices=(), initial="move")
    dry_run = forms.BooleanField(label=_("Chỉ kiểm tra, chưa ghi"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        from .reorg.services import People

        super().__init__(*args, **kwargs)
        self.fields["people"].choices = People.choices
