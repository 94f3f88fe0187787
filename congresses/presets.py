"""The rules of the two rounds the portal knows, as data a round is created from (and may then edit).

2024-2029: Hướng dẫn 104/HD-MTTW-BTT; Sóc Trăng's 380/KH-MTTQ-BTT: a commune pilot (≤ 1 day, early
01/2024) approved by the ward's Party committee, then the district's and the province's standing
committees before 10/12/2023; a district pilot (≤ 2 days, 04/2024) approved by the district Party
committee, then the province.
2025-2030: Hướng dẫn 03/HD-MTTW-BTT: no district level; commune congresses in 2 sessions over 2 days,
approved by the commune Party committee, then the province.
"""

import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

# The seven documents of 380/KH-MTTQ-BTT, then the optional extras.
DOCUMENTS = [
    ("programme", _("Dự kiến chương trình Đại hội"), True),
    ("delegates", _("Báo cáo tổng hợp đại biểu chính thức dự Đại hội, khách mời"), True),
    ("term_report", _("Dự thảo báo cáo tổng kết nhiệm kỳ"), True),
    ("action_programme", _("Chương trình hành động nhiệm kỳ mới"), True),
    ("review", _("Báo cáo kiểm điểm hoạt động của Ủy ban MTTQ Việt Nam khóa cũ"), True),
    ("scheme", _("Đề án xây dựng Ủy ban MTTQ Việt Nam, Ban Thường trực Ủy ban MTTQ Việt Nam khóa mới"), True),
    ("short_list", _("Danh sách trích ngang dự kiến Ủy viên Ủy ban, Ban Thường trực khóa mới"), True),
    ("resolution", _("Dự thảo Nghị quyết Đại hội"), False),
    ("delegation", _("Đề án đoàn đại biểu dự Đại hội cấp trên"), False),
    ("comments", _("Tổng hợp ý kiến góp ý vào dự thảo văn kiện"), False),
]

# The criteria of 380/KH-MTTQ-BTT, section 1.2.
CRITERIA = [
    ("area", _("Mang tính đại diện về địa bàn"), False),
    (
        "composition",
        _("Đại diện về thành phần, đối tượng (dân tộc, tôn giáo, công nhân, nông dân, tiểu thương…)"),
        False,
    ),
    ("strong", _("Chất lượng hoạt động của Ủy ban MTTQ đạt từ vững mạnh trở lên"), True),
    ("facilities", _("Có cơ sở vật chất bảo đảm tổ chức Đại hội điểm đạt kết quả tốt"), False),
    ("party", _("Được sự quan tâm lãnh đạo của cấp ủy, sự hỗ trợ tích cực của chính quyền địa phương"), False),
]

TARGETS_2024 = [
    ("non_party", Decimal("25"), Decimal("30")),
    ("women", Decimal("25"), None),
    ("under_35", Decimal("10"), None),
    ("reelected", None, Decimal("70")),
]
TARGETS_2025 = [
    ("non_party", Decimal("25"), Decimal("30")),
    ("women", Decimal("30"), None),
    ("under_35", Decimal("10"), None),
    ("minority", Decimal("5"), None),
]

PRESETS = {
    "2024-2029": dict(
        term_start=2024,
        term_end=2029,
        guidance="Hướng dẫn số 104/HD-MTTW-BTT ngày 29/6/2023",
        levels=[
            dict(
                tier="commune",
                window_start=datetime.date(2024, 1, 1),
                window_end=datetime.date(2024, 1, 15),
                max_days=1,
                max_sessions=2,
                over_limit="refuse",
                submit_deadline=datetime.date(2023, 11, 30),
                approve_deadline=datetime.date(2023, 12, 10),
                guests_sibling_chairs=True,
                chain=[
                    ("party", "Đảng ủy phường, xã, thị trấn"),
                    ("district", "Ban Thường trực Ủy ban MTTQ cấp huyện"),
                    ("province", "Ban Thường trực Ủy ban MTTQ tỉnh"),
                ],
            ),
            dict(
                tier="district",
                window_start=datetime.date(2024, 4, 1),
                window_end=datetime.date(2024, 4, 30),
                max_days=2,
                max_sessions=2,
                over_limit="refuse",
                submit_deadline=datetime.date(2024, 3, 1),
                approve_deadline=datetime.date(2024, 3, 20),
                guests_sibling_chairs=True,
                chain=[
                    ("party", "Ban Thường vụ Huyện ủy"),
                    ("province", "Ban Thường trực Ủy ban MTTQ tỉnh"),
                ],
            ),
        ],
        targets=TARGETS_2024,
    ),
    "2025-2030": dict(
        term_start=2025,
        term_end=2030,
        guidance="Hướng dẫn số 03/HD-MTTW-BTT",
        levels=[
            dict(
                tier="commune",
                window_start=datetime.date(2025, 9, 1),
                window_end=datetime.date(2025, 10, 31),
                max_days=2,
                max_sessions=2,
                over_limit="warn",
                submit_deadline=datetime.date(2025, 8, 10),
                approve_deadline=datetime.date(2025, 8, 25),
                guests_sibling_chairs=False,
                chain=[
                    ("party", "Đảng ủy xã, phường"),
                    ("province", "Ban Thường trực Ủy ban MTTQ tỉnh"),
                ],
            ),
        ],
        targets=TARGETS_2025,
    ),
}
