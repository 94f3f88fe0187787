from django import forms
from django.utils.translation import gettext_lazy as _

from congresses.forms import helper
from congresses.models import Nominee
from congresses.shortlist.values import ETHNICITIES, POLITICAL_THEORY, RELIGIONS


class NomineeForm(forms.Form):
    """Raw text per column; the row is checked by congresses.shortlist.values.clean_row in the service."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    birth_date = forms.CharField(
        label=_("Ngày sinh"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
    gender = forms.ChoiceField(
        label=_("Giới tính"), choices=[(str(label), label) for _k, label in Nominee.Gender.choices]
    )
    ethnicity = forms.ChoiceField(label=_("Dân tộc"), choices=[(e, e) for e in ETHNICITIES])
    religion = forms.ChoiceField(label=_("Tôn giáo"), choices=[("Không", _("Không"))] + [(r, r) for r in RELIGIONS])
    home_town = forms.CharField(label=_("Quê quán"), max_length=200, required=False)
    education = forms.CharField(label=_("Trình độ chuyên môn"), max_length=200, required=False)
    profession = forms.CharField(label=_("Nghề nghiệp"), max_length=200, required=False)
    political_theory = forms.ChoiceField(
        label=_("Lý luận chính trị"), choices=[("Không", _("Không"))] + [(t, t) for t in POLITICAL_THEORY]
    )
    party_joined_on = forms.CharField(
        label=_("Ngày vào Đảng (để trống nếu ngoài Đảng)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
    current_position = forms.CharField(label=_("Chức vụ, đơn vị công tác"), max_length=300, required=False)
    group = forms.ChoiceField(label=_("Cơ cấu"), choices=[(str(label), label) for _k, label in Nominee.Group.choices])
    reelected = forms.ChoiceField(label=_("Tái cử / Mới"), choices=[("Mới", _("Mới")), ("Tái cử", _("Tái cử"))])
    proposed_post = forms.ChoiceField(
        label=_("Dự kiến chức danh"), choices=[(str(label), label) for _k, label in Nominee.Post.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()

    @classmethod
    def initial_for(cls, nominee: Nominee) -> dict:
        from congresses.shortlist.excel import cell_text

        initial = {field: cell_text(nominee, field) for field in cls.base_fields}
        if nominee.party_joined_on is None:
            initial["party_joined_on"] = ""
        return initial


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx) theo mẫu của Cổng"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()
