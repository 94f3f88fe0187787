"""Forms of the congress itself and of the records after it (one small form per record)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from congresses.forms import TIME_WIDGET, date_field, helper
from congresses.models import Attendee, DelegationMember, ProgrammeItem
from lib.numbers import parse_number


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()


class ScheduleForm(_Form):
    starts_on = date_field(_("Ngày khai mạc"))
    days = forms.IntegerField(label=_("Số ngày"), min_value=1, max_value=10, initial=1)
    sessions = forms.IntegerField(label=_("Số phiên"), min_value=1, max_value=10, initial=2)
    place = forms.CharField(label=_("Địa điểm"), max_length=300)


class ProgrammeForm(_Form):
    session = forms.ChoiceField(label=_("Phiên"), choices=ProgrammeItem.Session.choices)
    on = date_field(_("Ngày"))
    at = forms.TimeField(label=_("Giờ"), widget=TIME_WIDGET, input_formats=["%H:%M", "%Hh%M", "%H.%M"])
    title = forms.CharField(label=_("Nội dung"), max_length=300)


class AttendeeForm(_Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=Attendee.Kind.choices)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    title = forms.CharField(label=_("Chức vụ, đơn vị"), max_length=300)


class FirstMeetingForm(_Form):
    on = date_field(_("Ngày hội nghị lần thứ nhất"))
    standing_members = forms.CharField(
        label=_("Ban Thường trực được hiệp thương (mỗi người một dòng)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    notes = forms.CharField(label=_("Kết quả khác"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RecognitionRequestForm(_Form):
    on = date_field(_("Ngày gửi tờ trình đề nghị công nhận"))


class RecognitionForm(_Form):
    on = date_field(_("Ngày quyết định công nhận"))
    number = forms.CharField(label=_("Số quyết định"), max_length=100)


class QuotaForm(_Form):
    official = forms.IntegerField(label=_("Số đại biểu chính thức được phân bổ"), min_value=0, max_value=500)
    substitute = forms.IntegerField(label=_("Số đại biểu dự khuyết được phân bổ"), min_value=0, max_value=100)


class DelegateForm(_Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=DelegationMember.Kind.choices)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    title = forms.CharField(label=_("Chức vụ, đơn vị"), max_length=300, required=False)


class ResultsForm(_Form):
    on = date_field(_("Ngày gửi báo cáo kết quả về tỉnh"))
    text = forms.CharField(label=_("Báo cáo kết quả Đại hội"), widget=forms.Textarea(attrs={"rows": 5}))


class LessonsForm(_Form):
    strengths = forms.CharField(label=_("Ưu điểm"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    limits = forms.CharField(label=_("Hạn chế"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lessons = forms.CharField(label=_("Bài học kinh nghiệm"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TargetForm(_Form):
    text = forms.CharField(label=_("Chỉ tiêu"), max_length=500)
    value = forms.CharField(label=_("Giá trị (nếu có)"), required=False, max_length=30)
    unit = forms.CharField(label=_("Đơn vị tính"), required=False, max_length=50)

    def clean_value(self):
        try:
            return parse_number(self.cleaned_data["value"])
        except ValueError:
            raise forms.ValidationError(
                _("“%(v)s” không phải là một số.") % {"v": self.cleaned_data["value"]}
            ) from None


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm trong bài học kinh nghiệm"), required=False, max_length=200)
