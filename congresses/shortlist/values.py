"""The values a short-list row may take, and the one check of a row, used by the form and by the
Excel import alike: raw text in, typed values or a reason per column out."""

import datetime

from django.utils.translation import gettext as _

from congresses.models import Nominee
from lib.dates import parse_date
from lib.vnsort import fold_name

# The 54 ethnic groups of Vietnam (Kinh first).
ETHNICITIES = [
    "Kinh",
    "Tày",
    "Thái",
    "Mường",
    "Khmer",
    "Hoa",
    "Nùng",
    "Mông",
    "Dao",
    "Gia Rai",
    "Ê Đê",
    "Ba Na",
    "Sán Chay",
    "Chăm",
    "Cơ Ho",
    "Xơ Đăng",
    "Sán Dìu",
    "Hrê",
    "Ra Glai",
    "Mnông",
    "Thổ",
    "Stiêng",
    "Khơ mú",
    "Bru - Vân Kiều",
    "Cơ Tu",
    "Giáy",
    "Tà Ôi",
    "Mạ",
    "Giẻ - Triêng",
    "Co",
    "Chơ Ro",
    "Xinh Mun",
    "Hà Nhì",
    "Chu Ru",
    "Lào",
    "La Chí",
    "Kháng",
    "Phù Lá",
    "La Hủ",
    "La Ha",
    "Pà Thẻn",
    "Lự",
    "Ngái",
    "Chứt",
    "Lô Lô",
    "Mảng",
    "Cơ Lao",
    "Bố Y",
    "Cống",
    "Si La",
    "Pu Péo",
    "Rơ Măm",
    "Brâu",
    "Ơ Đu",
]
MAJORITY = "Kinh"
RELIGIONS = [
    "Phật giáo",
    "Công giáo",
    "Tin Lành",
    "Cao Đài",
    "Phật giáo Hòa Hảo",
    "Hồi giáo",
    "Bà La Môn",
    "Tứ Ân Hiếu Nghĩa",
    "Bửu Sơn Kỳ Hương",
    "Minh Sư Đạo",
    "Tịnh độ Cư sĩ Phật hội",
]
NO_RELIGION = ("không", "khong", "")
POLITICAL_THEORY = ["Sơ cấp", "Trung cấp", "Cao cấp", "Cử nhân"]

# Excel/Word columns, in order: (field, header)
COLUMNS = [
    ("full_name", "Họ và tên"),
    ("birth_date", "Ngày sinh"),
    ("gender", "Giới tính"),
    ("ethnicity", "Dân tộc"),
    ("religion", "Tôn giáo"),
    ("home_town", "Quê quán"),
    ("education", "Trình độ chuyên môn"),
    ("profession", "Nghề nghiệp"),
    ("political_theory", "Lý luận chính trị"),
    ("party_joined_on", "Ngày vào Đảng"),
    ("current_position", "Chức vụ, đơn vị công tác"),
    ("group", "Cơ cấu"),
    ("reelected", "Tái cử / Mới"),
    ("proposed_post", "Dự kiến chức danh"),
]


def _pick(value: str, allowed: list[str]) -> str | None:
    """The allowed value spelt like `value` (Hoà/Hòa, NFC/NFD, case), None when none is."""
    folded = fold_name(value)
    for item in allowed:
        if fold_name(item) == folded:
            return item
    return None


def _choice(value: str, choices) -> str | None:
    folded = fold_name(value)
    for key, label in choices:
        if fold_name(str(label)) == folded or key == value.strip():
            return key
    return None


def age_on(birth: datetime.date, on: datetime.date) -> int:
    """Full years of age on the day `on`."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def clean_row(raw: dict, *, on: datetime.date) -> tuple[dict, dict]:
    """Check one row given as {field: raw value}; `on` is the congress date (ages). Returns
    (values, errors) where errors maps a field to its Vietnamese reason."""
    values, errors = {}, {}

    def text(field):
        v = raw.get(field)
        if isinstance(v, datetime.date | datetime.datetime):
            return v.strftime("%d/%m/%Y")
        return " ".join(str(v if v is not None else "").split())

    values["full_name"] = text("full_name")
    if not values["full_name"]:
        errors["full_name"] = _("chưa có họ và tên")
    elif len(values["full_name"].split()) < 2:
        errors["full_name"] = _("ghi đủ họ và tên (họ trước, tên sau)")
    try:
        birth = parse_date(raw.get("birth_date"))
        age = age_on(birth, on)
        if birth >= on:
            errors["birth_date"] = _("ngày sinh %(d)s không trước ngày Đại hội") % {"d": birth.strftime("%d/%m/%Y")}
        elif age < 18 or age > 100:
            errors["birth_date"] = _("tính đến ngày Đại hội là %(n)d tuổi: không hợp lý") % {"n": age}
        values["birth_date"] = birth
    except ValueError as exc:
        errors["birth_date"] = str(exc)
    gender = _choice(text("gender"), Nominee.Gender.choices)
    if gender is None:
        errors["gender"] = _("“%(v)s” không phải Nam/Nữ") % {"v": text("gender")}
    values["gender"] = gender
    ethnicity = _pick(text("ethnicity"), ETHNICITIES)
    if ethnicity is None:
        errors["ethnicity"] = _("“%(v)s” không có trong danh mục 54 dân tộc") % {"v": text("ethnicity")}
    values["ethnicity"] = ethnicity
    religion = text("religion")
    if fold_name(religion) in NO_RELIGION:
        values["religion"] = ""
    else:
        values["religion"] = _pick(religion, RELIGIONS)
        if values["religion"] is None:
            errors["religion"] = _("“%(v)s” không có trong danh mục tôn giáo (ghi “Không” nếu không theo tôn giáo)") % {
                "v": religion
            }
    for field in ("home_town", "education", "profession", "current_position"):
        values[field] = text(field)
    theory = text("political_theory")
    if fold_name(theory) in NO_RELIGION:
        values["political_theory"] = ""
    else:
        values["political_theory"] = _pick(theory, POLITICAL_THEORY)
        if values["political_theory"] is None:
            errors["political_theory"] = _("“%(v)s” phải là Sơ cấp, Trung cấp, Cao cấp, Cử nhân hoặc Không") % {
                "v": theory
            }
    party = raw.get("party_joined_on")
    if party is None or fold_name(text("party_joined_on")) in NO_RELIGION:
        values["party_joined_on"] = None
    else:
        try:
            joined = parse_date(party)
            values["party_joined_on"] = joined
            birth = values.get("birth_date")
            if joined > on:
                errors["party_joined_on"] = _("ngày vào Đảng sau ngày Đại hội")
            elif birth and (joined <= birth or age_on(birth, joined) < 18):
                errors["party_joined_on"] = _("ngày vào Đảng khi chưa đủ 18 tuổi")
        except ValueError as exc:
            errors["party_joined_on"] = str(exc)
    group = _choice(text("group"), Nominee.Group.choices)
    if group is None:
        errors["group"] = _("“%(v)s” không phải một cơ cấu trong danh mục") % {"v": text("group")}
    values["group"] = group
    reelected = fold_name(text("reelected"))
    if reelected in (fold_name("Tái cử"), "x", "co"):
        values["reelected"] = True
    elif reelected in (fold_name("Mới"), fold_name("Tham gia lần đầu"), "", "khong"):
        values["reelected"] = False
    else:
        errors["reelected"] = _("ghi “Tái cử” hoặc “Mới”")
    post = _choice(text("proposed_post") or str(Nominee.Post.MEMBER.label), Nominee.Post.choices)
    if post is None:
        errors["proposed_post"] = _("“%(v)s” phải là Ủy viên, Ủy viên Ban Thường trực, Phó Chủ tịch hoặc Chủ tịch") % {
            "v": text("proposed_post")
        }
    values["proposed_post"] = post
    return values, errors
