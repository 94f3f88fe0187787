"""What a new round starts from: the two band presets, the agenda of plan 002, and an illustrative
scoring table on the six usual groups of a commune Front committee (an example, labelled as one:
the real Tam Kỳ table is not public)."""

import datetime
from decimal import Decimal as D

from django.utils.translation import gettext_lazy as _

# (label, min score, counts as "vững mạnh" or better), best first; vetoes: (label, index of the
# band it caps at, None for the lowest band)
BAND_PRESETS = {
    "nhiem_vu": (
        _("Hoàn thành xuất sắc / tốt / hoàn thành / không hoàn thành nhiệm vụ (90 / 70 / 50 điểm)"),
        [
            ("Hoàn thành xuất sắc nhiệm vụ", D("90"), True),
            ("Hoàn thành tốt nhiệm vụ", D("70"), True),
            ("Hoàn thành nhiệm vụ", D("50"), False),
            ("Không hoàn thành nhiệm vụ", D("0"), False),
        ],
        [("Có cán bộ chuyên trách bị kỷ luật trong năm", None),
         ("Không đạt chỉ tiêu vận động Quỹ \"Vì người nghèo\"", 1)],
    ),
    "vung_manh": (
        _("Vững mạnh / Khá / Trung bình / Yếu (ngưỡng do Ban Thường trực định)"),
        [
            ("Vững mạnh", D("85"), True),
            ("Khá", D("70"), False),
            ("Trung bình", D("50"), False),
            ("Yếu", D("0"), False),
        ],
        [("Có cán bộ chuyên trách bị kỷ luật trong năm", None)],
    ),
}

T = datetime.time
# Bước 4 of plan 002: (start, end, title, minutes per unit)
AGENDA_002 = [
    (T(7, 30), T(8, 0), "Chủ trì khai mạc, gợi ý, hướng dẫn các đơn vị. Phân công các đơn vị kiểm tra chéo.", None),
    (T(8, 0), T(8, 30), "Đại diện Ban Thường trực Ủy ban MTTQ Việt Nam các xã, phường báo cáo tóm tắt kết quả hoạt động nổi trội của địa phương mình (mỗi đơn vị báo cáo không quá 10 phút).", 10),
    (T(8, 30), T(9, 30), "Các đơn vị kiểm tra chéo thực tế hồ sơ, phân tích, đánh giá, học tập mô hình hay, cách làm hay, sáng tạo, cách lưu hồ sơ của các đơn vị khác; báo cáo kết quả về tổ kiểm tra.", None),
    (T(9, 30), T(9, 45), "Giải lao.", None),
    (T(9, 45), T(11, 0), "Tổ kiểm tra đối chiếu kết quả kiểm tra của tổ và các đơn vị chấm chéo.", None),
    (T(11, 0), None, "Nghỉ trưa.", None),
    (T(14, 0), T(15, 0), "Tổ kiểm tra báo cáo kết quả kiểm tra.", None),
    (T(15, 0), None, "Chủ trì kết luận buổi kiểm tra.", None),
]

EXAMPLE_LABEL = "Bảng điểm minh họa (không phải bảng điểm thật của thành phố Tam Kỳ)"

R, B, M = "regular", "bonus", "deduction"
# (group label, group title, [(label, title, kind, max, evidence required, guidance)])
EXAMPLE_TABLE = [
    ("I", "Công tác tuyên truyền, vận động, tập hợp các tầng lớp nhân dân; công tác đối ngoại nhân dân", [
        ("1", "Tuyên truyền chủ trương, chính sách, pháp luật; nắm tình hình nhân dân, báo cáo định kỳ", R, D("8"), True,
         "Đủ báo cáo tình hình nhân dân hằng tháng: 8 điểm; thiếu mỗi kỳ trừ 1 điểm."),
        ("2", "Vận động, tập hợp, phát triển đoàn viên, hội viên; củng cố Ban Công tác Mặt trận", R, D("7"), True, ""),
        ("3", "Công tác đối ngoại nhân dân, người Việt Nam ở nước ngoài", R, D("5"), False, ""),
    ]),
    ("II", "Các cuộc vận động và phong trào thi đua", [
        ("1", "Cuộc vận động \"Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh\"", R, D("10"), True, ""),
        ("2", "Cuộc vận động \"Người Việt Nam ưu tiên dùng hàng Việt Nam\"; Quỹ \"Vì người nghèo\", an sinh xã hội", R, D("10"), True,
         "Đạt chỉ tiêu vận động Quỹ: 10 điểm; đạt dưới 80%: 5 điểm."),
        ("3", "Phong trào \"Toàn dân bảo vệ an ninh Tổ quốc\"", R, D("5"), False, ""),
    ]),
    ("III", "Thực hiện dân chủ ở cơ sở, giám sát và phản biện xã hội, tham gia xây dựng Đảng, chính quyền", [
        ("1", "Giám sát, phản biện xã hội theo kế hoạch; theo dõi kết quả sau giám sát", R, D("8"), True, ""),
        ("2", "Tham gia xây dựng Đảng, chính quyền; tổ chức hội nghị góp ý", R, D("7"), True, ""),
        ("3", "Hoạt động của Ban Thanh tra nhân dân, Ban Giám sát đầu tư của cộng đồng", R, D("5"), False, ""),
    ]),
    ("IV", "Công tác dân tộc, tôn giáo", [
        ("1", "Nắm tình hình, vận động đồng bào các dân tộc, tôn giáo", R, D("5"), False, ""),
        ("2", "Thăm hỏi, phối hợp với các tổ chức tôn giáo dịp lễ, Tết", R, D("5"), False, ""),
    ]),
    ("V", "Đội ngũ cán bộ chuyên trách", [
        ("1", "Cán bộ chuyên trách đủ số lượng, đạt chuẩn; tham gia đầy đủ các lớp tập huấn", R, D("5"), False, ""),
        ("2", "Cán bộ chấp hành chế độ thông tin, báo cáo đúng hạn", R, D("5"), True, ""),
    ]),
    ("VI", "Công tác văn phòng và thi đua, khen thưởng", [
        ("1", "Lưu trữ hồ sơ, văn bản khoa học, đúng quy định", R, D("8"), True, ""),
        ("2", "Tổ chức phong trào thi đua; đề xuất khen thưởng kịp thời", R, D("7"), False, ""),
    ]),
    ("VII", "Điểm thưởng", [
        ("1", "Mô hình mới, cách làm hiệu quả được cấp trên ghi nhận, nhân rộng", B, D("5"), True,
         "Mỗi mô hình được ghi nhận: 2,5 điểm; tối đa 5 điểm."),
        ("2", "Được cấp trên khen thưởng đột xuất trong năm", B, D("3"), True, ""),
    ]),
    ("VIII", "Điểm trừ", [
        ("1", "Gửi báo cáo, hồ sơ chậm hoặc thiếu", M, D("5"), False, "Mỗi lần chậm trừ 1 điểm; tối đa 5 điểm."),
        ("2", "Để xảy ra điểm nóng, khiếu kiện đông người không nắm được tình hình", M, D("5"), False, ""),
    ]),
]
