"""Demo plans, outlines and reporting duties recreating the source documents 000-004.

Everything is written through the services: plan_create, outline_create_from_rows and
indicator_add, duty_save, plan_issue_with_duties / plan_issue. These plans are from 2021-2023:
they are issued with notify=False (the service's own option for recording plans of the past, so no
notice email is queued), and the stamps the services put on them are moved back to the seeds'
dates (demo/history.py). Idempotent: a plan is keyed by (committee, title) and an outline by
(committee, title); what exists is left alone.
"""

import datetime
from pathlib import Path

from django.db import transaction

from committees.models import Committee
from demo.emails import emails_recorded_not_sent
from demo.history import local, redate_plan
from plans.models import Plan
from plans.services import plan_create, plan_issue
from reports.duties.services import duty_save, local_deadline, plan_issue_with_duties
from reports.models import Indicator, Outline, OutlineItem, ReportingDuty
from reports.outlines.importer import parsed_to_rows
from reports.outlines.parser import parse_outline_text
from reports.outlines.services import indicator_add, outline_create_from_rows

DATA = Path(__file__).parent / "data"
SIGN = {"signer_on_behalf": "TM. BAN THƯỜNG TRỰC", "signer_position": "CHỦ TỊCH"}

# --- 000: An Bình city, mid-term review; outline 001 ----------------------------------------------
PLAN_000 = dict(
    kind=Plan.Kind.INTERIM_REVIEW,
    title="Sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội MTTQVN các cấp nhiệm kỳ 2019 - 2024",
    issued_on=datetime.date(2022, 5, 20),
    preamble=(
        "Nhằm đánh giá kết quả 03 năm thực hiện Nghị quyết Đại hội Mặt trận Tổ quốc Việt Nam các cấp nhiệm kỳ 2019 - 2024, "
        "đồng thời tiếp tục cụ thể hóa và tổ chức thực hiện có hiệu quả Chương trình hành động của Ủy ban MTTQ Việt Nam các cấp "
        "trong những năm tiếp theo, Ban Thường trực Ủy ban MTTQ Việt Nam thành phố xây dựng kế hoạch tổ chức sơ kết giữa nhiệm kỳ "
        "thực hiện Nghị quyết Đại hội Mặt trận Tổ quốc Việt Nam các cấp nhiệm kỳ 2019 - 2024 với những nội dung cụ thể như sau:"
    ),
    purpose=(
        "1. Đánh giá quá trình hướng dẫn, chỉ đạo và tổ chức thực hiện Nghị quyết Đại hội Mặt trận Tổ quốc Việt Nam các cấp trong "
        "03 năm vừa qua. Phân tích, đánh giá cụ thể những kết quả đã đạt được, chỉ ra những hạn chế, tồn tại và nguyên nhân, rút ra "
        "những bài học kinh nghiệm trong triển khai thực hiện Nghị quyết. Trên cơ sở đó, đề xuất, kiến nghị những nội dung cần bổ sung, "
        "điều chỉnh các giải pháp để phù hợp với tình hình thực tiễn hiện nay.\n"
        "2. Thông qua sơ kết, đẩy mạnh tuyên truyền trong cán bộ, đoàn viên, hội viên và các tầng lớp nhân dân những kết quả đã đạt được; "
        "động viên phát huy tính năng động, sáng tạo, đoàn kết để khắc phục khó khăn, ra sức thi đua phấn đấu thực hiện thắng lợi Nghị quyết "
        "Đại hội đại biểu Mặt trận Tổ quốc Việt Nam các cấp nhiệm kỳ 2019-2024."
    ),
    content=(
        "1. Nội dung\n"
        "- Đánh giá vai trò của Ủy ban Mặt trận Tổ quốc Việt Nam các cấp trong việc tuyên truyền, phổ biến và triển khai thực hiện "
        "các chương trình hành động đã nêu trong Nghị quyết.\n"
        "- Đánh giá kết quả đạt được, những hạn chế, tồn tại trong thực hiện Nghị quyết; nêu rõ nguyên nhân ưu điểm, những hạn chế, "
        "khuyết điểm, rút ra những bài học kinh nghiệm trong quá trình tổ chức thực hiện; từ đó, đề xuất những giải pháp hiệu quả để "
        "tiếp tục thực hiện thắng lợi Nghị quyết trong thời gian tới."
    ),
    milestones=(
        "Cấp thành phố: Tổ chức hội nghị sơ kết giữa nhiệm kỳ (2019 - 2024) và sơ kết 6 tháng đầu năm 2022 vào cuối tháng 6/2022.\n"
        "Cấp phường: Tổ chức hội nghị sơ kết giữa nhiệm kỳ và sơ kết 6 tháng đầu năm 2022 hoàn thành giữa tháng 6/2022."
    ),
    organisation=(
        "1. Ban Thường trực UBMTTQVN thành phố:\n"
        "- Xây dựng kế hoạch hướng dẫn, đề cương báo cáo, phụ lục biểu mẫu số liệu giữa nhiệm kỳ (2019 - 2024).\n"
        "2. Các tổ chức thành viên của MTTQVN thành phố: Căn cứ Nghị quyết Đại hội, các tổ chức thành viên báo cáo kết quả hoạt động "
        "theo chức năng, nhiệm vụ của mình, gửi về Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam thành phố (trên Cổng báo cáo MTTQ) "
        "chậm nhất ngày 14/6/2022.\n"
        "3. Ủy ban MTTQVN các phường: Căn cứ Nghị quyết Đại hội, Ủy ban MTTQ Việt Nam các phường xây dựng Báo cáo sơ kết (không quá "
        "10 trang) gửi về Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam thành phố (trên Cổng báo cáo MTTQ) chậm nhất ngày 14/6/2022."
    ),
    closing_text=(
        "Trong quá trình thực hiện, nếu có gì vướng mắc, đề nghị Ủy ban MTTQ Việt Nam các phường, các tổ chức thành viên của "
        "UBMTTQVN thành phố phản ánh về Ban Thường trực UBMTTQVN thành phố để có sự chỉ đạo chung./."
    ),
    recipients=(
        "BTT Ủy ban MTTQVN tỉnh (B/c)\nThường trực Thành ủy (B/c)\nBan Dân vận Thành ủy (B/c)\nBTT UBMTTQVN TP (T/h)\n"
        "Các tổ chức thành viên (T/h)\nUBMTTQVN 9 phường (T/h)\nLưu VP UBMTTQVN TP"
    ),
    signer_name="Nguyễn Hồng Hải",
    **SIGN,
)
# Numbers the wards fill in, under the items of outline 001 that ask for them.
INDICATORS_001 = {"Số cuộc, số lượt người dự": [("Số cuộc", "cuộc"), ("Số lượt người dự", "lượt người")]}

# --- 004: Thống Nhất district, 5-year campaign review ---------------------------------------------
PLAN_004 = dict(
    kind=Plan.Kind.CAMPAIGN_REVIEW,
    title='Sơ kết 05 năm thực hiện cuộc vận động "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh" giai đoạn 2016-2020',
    issued_on=datetime.date(2021, 1, 25),
    legal_bases=(
        "Căn cứ Kế hoạch số 83/KH-MTTQ-BTT ngày 19/01/2021 của Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Đồng Nai "
        "về việc sơ kết 5 năm thực hiện cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh” giai đoạn 2016-2021."
    ),
    preamble=(
        'Ban Thường trực Ủy ban Mặt trận Tổ quốc huyện xây dựng kế hoạch sơ kết 05 năm thực hiện cuộc vận động "Toàn dân đoàn kết '
        'xây dựng nông thôn mới, đô thị văn minh" trong hệ thống MTTQ huyện như sau:'
    ),
    purpose=(
        "1. Mục đích:\n"
        '- Nhằm đánh giá toàn diện kết quả triển khai thực hiện Cuộc vận động "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh” '
        "trong 05 năm (2016-2020); Nắm chắc thực trạng tình hình thuận lợi, khó khăn và đề ra giải pháp phù hợp, khả thi để thực hiện có "
        'chất lượng, hiệu quả Cuộc vận động "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh” trong giai đoạn tiếp theo; góp phần '
        "thực hiện các chỉ tiêu kinh tế, văn hóa - xã hội, quốc phòng – an ninh của địa phương trong thời gian tới. Đồng thời tiếp tục hướng "
        "dẫn các xã, Thị trấn duy trì, giữ vững và nâng cao chất lượng tiêu chí trong xây dựng nông thôn mới đã đạt được.\n"
        "2. Yêu cầu:\n"
        "- Việc tổ chức sơ kết đảm bảo nghiêm túc, hiệu quả, tiết kiệm, tránh làm lướt, hình thức; kịp thời biểu dương, khen thưởng những "
        "đóng góp tích cực của các tầng lớp nhân dân và Mặt trận Tổ quốc huyện và cơ sở, các tổ chức thành viên cùng cấp trong tổ chức thực "
        "hiện cuộc vận động, nhằm góp phần cổ vũ, động viên phong trào ”Cả nước chung sức xây dựng nông thôn mới”."
    ),
    content=(
        "1. Hình thức sơ kết:\n"
        "- Tiến hành sơ kết ở 02 cấp MTTQ cấp huyện, cấp xã. Tùy theo thực tế của địa phương, UBMTTQ các xã, thị trấn báo cáo cấp ủy cùng "
        "cấp để tổ chức hội nghị sơ kết hoặc xây dựng báo cáo tổng kết gửi về Ủy ban MTTQ huyện để tổng hợp.\n"
        "2. Nội dung:\n"
        "- Ủy ban MTTQ cấp huyện và xã, thị trấn xây dựng Kế hoạch sơ kết 5 năm thực hiện cuộc vận động “Toàn dân đoàn kết xây dựng nông "
        "thôn mới, đô thị văn minh” giai đoạn 2016-2021 cụ thể, thiết thực đảm bảo mục đích, yêu cầu đề ra.\n"
        "- Các xã, thị trấn gửi báo cáo tổng kết 05 năm thực hiện Cuộc vận động (theo đề cương đính kèm) gửi về Ủy ban MTTQ huyện chậm nhất "
        "ngày 18/02/2021 (Thứ Năm).\n"
        "- Ủy ban MTTQ huyện báo cáo Thường trực Huyện ủy và thống nhất với Ban chỉ đạo phong trào ”Toàn dân đoàn kết xây dựng đời sống văn "
        "hóa” và Văn phòng điều phối nông thôn mới của huyện để tiến hành sơ kết với hình thức phù hợp."
    ),
    organisation=(
        "- Trên cơ sở kế hoạch của UB.MTTQ huyện, MTTQ các xã, thị trấn xây dựng kế hoạch và gửi báo cáo tổng kết về Ủy ban MTTQ huyện "
        "chậm nhất ngày 18/02/2021 (Thứ Năm) để tổng hợp chung toàn huyện.\n"
        "- Ban Thường trực Ủy ban Mặt trận Tổ quốc phối hợp với Ban chỉ đạo phong trào ”Toàn dân đoàn kết xây dựng đời sống văn hóa” và "
        "Văn phòng điều phối nông thôn mới huyện đề xuất Thường trực Huyện ủy, UBND huyện cho chủ trương và bố trí kinh phí khen thưởng "
        "cho các tập thể và cá nhân có thành tích trong triển khai thực hiện Cuộc vận động."
    ),
    closing_text=(
        'Trên đây là kế hoạch sơ kết 05 năm thực hiện cuộc vận động "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh" giai đoạn '
        "2016-2020 trong hệ thống MTTQ cấp huyện, xã của Ban Thường trực Ủy ban MTTQ huyện Thống Nhất. Đề nghị các đơn vị triển khai thực "
        "hiện đảm bảo tiến độ và mục đích, yêu cầu đề ra./."
    ),
    recipients=(
        "Thường trực Huyện ủy\nPhòng VH-TT huyện, TT.BCĐ phong trào TDĐKXDĐSVH huyện\n"
        "TT BCĐ xây dựng Nông thôn mới huyện (Phòng NN&PTNT huyện)\nUBMTTQ các xã, thị trấn (T/h)\nLưu VT"
    ),
    signer_name="Lý Văn Thống",
    **SIGN,
)
OUTLINE_004 = """ĐỀ CƯƠNG BÁO CÁO
Sơ kết 05 năm thực hiện Cuộc vận động "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh" giai đoạn 2016-2020
I. ĐẶC ĐIỂM TÌNH HÌNH
Nêu ngắn gọn đặc điểm của địa phương có ảnh hưởng đến việc thực hiện Cuộc vận động.
1. Thuận lợi
2. Khó khăn
II. KẾT QUẢ THỰC HIỆN CUỘC VẬN ĐỘNG
1. Công tác chỉ đạo, triển khai, tuyên truyền
- Việc ban hành kế hoạch, văn bản hướng dẫn; kiện toàn Ban chỉ đạo, Ban vận động các cấp
- Số cuộc tuyên truyền, số lượt người dự
2. Kết quả thực hiện các nội dung của Cuộc vận động
2.1. Vận động Nhân dân tham gia xây dựng nông thôn mới
- Số tiền, ngày công, đất hiến Nhân dân đóng góp
- Đường giao thông nông thôn, kênh mương nội đồng được làm mới, sửa chữa
2.2. Xây dựng đô thị văn minh
2.3. Phát triển kinh tế, nâng cao thu nhập, giảm nghèo bền vững
- Số hộ thoát nghèo; nhà Đại đoàn kết được xây mới, sửa chữa
2.4. Xây dựng đời sống văn hóa, bảo vệ môi trường
- Khu dân cư văn hóa, gia đình văn hóa; mô hình bảo vệ môi trường
2.5. Giữ gìn an ninh chính trị, trật tự an toàn xã hội
3. Công tác giám sát, phản biện xã hội; lấy ý kiến sự hài lòng của Nhân dân về xây dựng nông thôn mới, đô thị văn minh
4. Các mô hình, điển hình tiên tiến; công tác thi đua, khen thưởng
III. ĐÁNH GIÁ CHUNG
1. Ưu điểm, nguyên nhân
2. Hạn chế, nguyên nhân
3. Bài học kinh nghiệm
IV. PHƯƠNG HƯỚNG, NHIỆM VỤ GIAI ĐOẠN 2021-2025
V. ĐỀ XUẤT, KIẾN NGHỊ
"""
INDICATORS_004 = {
    "Số cuộc tuyên truyền, số lượt người dự": [("Số cuộc tuyên truyền", "cuộc"), ("Số lượt người dự", "lượt người")],
    "Số tiền, ngày công, đất hiến Nhân dân đóng góp": [
        ("Số tiền Nhân dân đóng góp", "triệu đồng"),
        ("Ngày công", "ngày công"),
        ("Đất hiến", "m²"),
    ],
    "Đường giao thông nông thôn, kênh mương nội đồng được làm mới, sửa chữa": [("Đường giao thông, kênh mương", "km")],
    "Số hộ thoát nghèo; nhà Đại đoàn kết được xây mới, sửa chữa": [
        ("Số hộ thoát nghèo", "hộ"),
        ("Nhà Đại đoàn kết", "căn"),
    ],
    "Khu dân cư văn hóa, gia đình văn hóa; mô hình bảo vệ môi trường": [
        ("Tỷ lệ khu dân cư văn hóa", "%", Indicator.Aggregation.AVG),
        ("Số gia đình văn hóa", "hộ"),
    ],
}

# --- 002: Tam Kỳ city, annual inspection 2023 (the document; the inspection comes later) ----------
PLAN_002 = dict(
    kind=Plan.Kind.INSPECTION,
    title="Tổ chức kiểm tra đánh giá công tác Mặt trận các xã, phường năm 2023.",
    preamble=(
        "Thực hiện Chương trình phối hợp và thống nhất hành động của Ủy ban MTTQ Việt Nam thành phố năm 2023. Căn cứ Hướng dẫn số "
        "22/HD-MTTQ-BTT ngày 08/3/2023 của Ủy ban MTTQ Việt Nam thành phố về Công tác thi đua, khen thưởng đối với Ủy ban MTTQ Việt Nam "
        "các xã, phường năm 2023; Ủy ban MTTQ Việt Nam thành phố xây dựng Kế hoạch tổ chức kiểm tra đánh giá công tác Mặt trận năm 2023 "
        "với những nội dung cụ thể như sau:"
    ),
    purpose=(
        "1. Mục đích\n"
        "- Kiểm tra, đánh giá toàn diện, thực chất kết quả thực hiện Chương trình phối hợp và thống nhất hành động của Ủy ban MTTQ Việt Nam "
        "các xã, phường năm 2023;\n"
        "- Phát huy vai trò, tăng cường trách nhiệm của Ban Thường trực Ủy ban MTTQ Việt Nam thành phố trong công tác phối hợp kiểm tra, "
        "đánh giá hoạt động của Mặt trận các xã, phường.\n"
        "2. Yêu cầu\n"
        "- Tổ chức kiểm tra, đánh giá công tác Mặt trận của các địa phương bảo đảm nghiêm túc, khách quan, trung thực, chặt chẽ, làm cơ sở "
        "đánh giá, xếp loại và khen thưởng năm 2023.\n"
        "- Ban Thường trực Ủy ban MTTQ Việt Nam các xã, phường chuẩn bị đầy đủ nội dung báo cáo, hồ sơ minh chứng. Trong đó, tập trung nêu "
        "rõ những kết quả tiêu biểu, nổi bật, mô hình mới, cách làm hiệu quả; những khó khăn, hạn chế, đề xuất, kiến nghị (nếu có)."
    ),
    content=(
        "1. Nội dung\n"
        "Kết quả thực hiện Chương trình phối hợp và thống nhất hành động của Ủy ban MTTQ Việt Nam thành phố năm 2023 (theo Hướng dẫn số "
        "22/HD-MTTQ-BTT ngày 08/3/2023 của Ủy ban MTTQ Việt Nam thành phố); một số nhiệm vụ phát sinh trong năm 2023 theo hướng dẫn của Ban "
        "Thường trực Ủy ban MTTQ Việt Nam thành phố.\n"
        "2. Đối tượng kiểm tra\n"
        "- Ban Thường trực Ủy ban MTTQ Việt Nam 13 xã, phường;\n"
        "3. Thời gian:\n"
        "- Buổi sáng: từ 7h30– 11.00; buổi chiều: từ 14h00 – 17.00.\n"
        "cụ thể:\n"
        "- 01. Ngày 17/10/2023: An Phú, Hoà Hương, Phước Hoà\n"
        "- 02. Ngày 18/10/2023: Tân Thạnh, An Xuân, An Mỹ\n"
        "- 03. Ngày 19/10/2023: An Sơn, Hoà Thuận, Trường Xuân\n"
        "- 04. Ngày 20/10/2023: Tam Thăng, Tam Thanh, Tam Phú, Tam Ngọc\n"
        "- Địa điểm: Phòng họp cơ quan Ủy ban MTTQ Việt Nam thành phố (99 Hùng Vương, thành phố Tam Kỳ).\n"
        "4. Phương pháp: (Buổi sáng nghe các đơn vị báo cáo, phân công các đơn vị kiểm tra chéo; nghe các đơn vị báo cáo kiểm tra; BTT cùng "
        "xã, phường trao đổi; Buổi chiều BTT thảo luận; 15h00 BTT nhận xét, đánh giá sơ bộ)\n"
        "- Bước 1: Ban Thường trực Ủy ban MTTQ Việt Nam các xã, phường tự chấm điểm đánh giá kết quả triển khai hoạt động năm 2023 (theo bảng "
        "điểm), có thuyết minh, minh chứng.\n"
        "- Bước 2: Các đơn vị gửi toàn bộ hồ sơ, tài liệu minh chứng (sắp xếp theo thứ tự hướng dẫn và bảng điểm), báo cáo thuyết minh bảng "
        "điểm về Văn phòng Mặt trận thành phố trước ngày 12/10/2023.\n"
        "- Bước 3: Tổ kiểm tra thành phố tổ chức kiểm tra thực tế hồ sơ, đánh giá ưu, khuyết điểm theo từng mục công tác.\n"
        "- Bước 4: Đến ngày kiểm tra.\n"
        "+ 07.30 – 08.00 Chủ trì khai mạc, gợi ý, hướng dẫn các đơn vị. Phân công các đơn vị kiểm tra chéo.\n"
        "+ 08.00 – 08h30: Đại diện Ban Thường trực Ủy ban MTTQ Việt Nam các xã, phường báo cáo tóm tắt kết quả hoạt động nổi trội của địa "
        "phương mình (mỗi đơn vị báo cáo không quá 10 phút).\n"
        "+ 08.30 – 09.30: Căn cứ nội dung tự đánh giá của các đơn vị. Các đơn vị tiến hành kiểm tra chéo thực tế hồ sơ, phân tích, đánh giá, "
        "học tập các mô hình hay, cách làm hay, sáng tạo, cách lưu hồ sơ của các đơn vị khác. Báo cáo kết quả về tổ kiểm tra.\n"
        "+ 09.30 – 09.45: giải lao.\n"
        "+ 09.45 – 11.00: Tổ kiểm tra đối chiếu kết quả kiểm tra của tổ và các đơn vị chấm chéo.\n"
        "+ 11.00 nghỉ trưa.\n"
        "+ 14.00 – 15.00: Tổ kiểm tra báo cáo kết quả kiểm tra.\n"
        "+ 15.00: Chủ trì kết luận buổi kiểm tra.\n"
        "- Bước 5: Ban Thường trực Ủy ban MTTQ Việt Nam thành phố họp đánh giá, phân tích, kết luận, đánh giá xếp loại kết quả thi đua của "
        "từng đơn vị. (nhận xét sơ bộ).\n"
        "5. Thành phần\n"
        "- Chủ trì: Lãnh đạo Ban Thường trực Ủy ban MTTQ Việt Nam thành phố.\n"
        "- Đoàn kiểm tra của Ủy ban MTTQ Việt Nam thành phố, gồm: Ban Thường trực, Văn phòng cơ quan Ủy ban MTTQ Việt Nam thành phố.\n"
        "- Ban Thường trực Ủy ban MTTQ Việt Nam các xã, phường được kiểm tra."
    ),
    organisation=(
        "1. Ban Thường trực Ủy ban MTTQ Việt Nam thành phố\n"
        "- Ban hành kế hoạch kiểm tra.\n- Thành lập Đoàn kiểm tra đảm bảo theo Kế hoạch.\n"
        "- Giao Văn phòng chuẩn bị các điều kiện phục vụ công tác kiểm tra.\n- Giao Kế toán đảm bảo nguồn kinh phí phục vụ kiểm tra.\n"
        "2. Ban Thường trực Ủy ban MTTQ Việt Nam các xã, phường\n"
        "Chuẩn bị đầy đủ nội dung báo cáo (theo nội dung tại mục 1, phần II kế hoạch này), chuẩn bị đầy đủ các hồ sơ minh chứng và điều kiện "
        "cần thiết khác để phục vụ đoàn kiểm tra."
    ),
    closing_text=(
        "Trên đây là kế hoạch kiểm tra, đánh giá kết quả công tác Mặt trận năm 2023, Ban Thường trực Ủy ban MTTQ Việt Nam thành phố đề nghị "
        "Ban Thường trực Ủy ban MTTQ Việt Nam các xã, phường phối hợp triển khai thực hiện./."
    ),
    recipients=(
        "BTT Ủy ban MTTQ Việt Nam tỉnh\nThường trực Thành ủy\nBan Thường trực Ủy ban MTTQ VN thành phố\nThành viên đoàn kiểm tra\n"
        "BTT Ủy ban MTTQ Việt Nam các xã, phường\nLưu VT"
    ),
    signer_name="Nguyễn Ba",
    **SIGN,
)

# --- 003: Sóc Trăng province, pilot congresses, 380/KH-MTTQ-BTT ------------------------------------
PLAN_003 = dict(
    kind=Plan.Kind.PILOT_CONGRESS,
    title="Tổ chức Đại hội điểm Mặt trận Tổ quốc Việt Nam cấp xã và cấp huyện\nnhiệm kỳ 2024-2029",
    issued_on=datetime.date(2023, 9, 6),
    legal_bases=(
        "- Căn cứ Điều lệ Mặt trận Tổ quốc Việt Nam khóa IX;\n"
        "- Căn cứ Chỉ thị số 22-CT/TW, ngày 25/5/2023 của Ban Bí thư về lãnh đạo tổ chức Đại hội Mặt trận Tổ quốc Việt Nam các cấp và Đại hội "
        "đại biểu toàn quốc MTTQ Việt Nam lần thứ X, nhiệm kỳ 2024-2029;\n"
        "- Căn cứ Hướng dẫn số 104/HD-MTTW-BTT, ngày 29/6/2023 của Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam về Hướng dẫn Tổ chức Đại "
        "hội đại biểu Mặt trận Tổ quốc Việt Nam các cấp, tiến tới Đại hội đại biểu toàn quốc Mặt trận Tổ quốc Việt Nam lần thứ X, nhiệm kỳ "
        "2024-2029;\n"
        "- Căn cứ Công văn số 1333-CV/TU, ngày 11/8/2023 của Ban Thường vụ Tỉnh ủy “Về việc lãnh đạo đại hội Mặt trận Tổ quốc Việt Nam các "
        "cấp nhiệm kỳ 2024-2029”;\n"
        "- Căn cứ Kế hoạch số 379/KH-MTTQ-BTT, ngày 06/9/2023 của Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh Sóc Trăng về “Tổ chức Đại hội "
        "Mặt trận Tổ quốc Việt Nam các cấp tỉnh Sóc Trăng, nhiệm kỳ 2024-2029”;"
    ),
    preamble=(
        "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh xây dựng kế hoạch tổ chức Đại hội điểm MTTQ Việt Nam cấp xã và cấp huyện nhiệm kỳ "
        "2024-2029, với các nội dung cụ thể sau:"
    ),
    purpose=(
        "- Hướng dẫn, chỉ đạo Đại hội điểm MTTQ Việt Nam cấp xã và cấp huyện nhiệm kỳ 2024-2029 nhằm đánh giá công tác chuẩn bị và tổ chức "
        "Đại hội ở một số địa phương, đơn vị; trên cơ sở đó phân tích nguyên nhân ưu điểm, nguyên nhân hạn chế, rút ra bài học kinh nghiệm "
        "để các đơn vị khác làm tốt hơn công tác chuẩn bị và tổ chức Đại hội ở địa phương, đơn vị mình.\n"
        "- Địa phương, đơn vị được chọn chỉ đạo Đại hội điểm phải đảm bảo có tính đại diện về địa bàn, lĩnh vực, đối tượng, cán bộ và các "
        "điều kiện khác, đồng thời có sở vật chất đảm bảo để tổ chức Đại hội điểm và được sự ủng hộ của cấp ủy, chính quyền địa phương, đơn vị.\n"
        "- Đại hội điểm phải được chuẩn bị chu đáo, đảm bảo đúng Điều lệ MTTQ Việt Nam và Hướng dẫn số 104/HD-MTTW-BTT, ngày 29/6/2023 của "
        "Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam về Hướng dẫn Tổ chức Đại hội đại biểu MTTQ Việt Nam các cấp, tiến tới Đại hội đại "
        "biểu toàn quốc Mặt trận Tổ quốc Việt Nam lần thứ X, nhiệm kỳ 2024-2029; Công văn số 1333-CV/TU, ngày 11/8/2023 của Ban Thường vụ "
        "Tỉnh ủy “Về việc lãnh đạo đại hội Mặt trận Tổ quốc Việt Nam các cấp nhiệm kỳ 2024-2029”; đảm bảo sự lãnh đạo của cấp ủy và Ban "
        "Thường trực Ủy ban MTTQ Việt Nam cấp trên trực tiếp; phát huy dân chủ, tập trung trí tuệ, thể hiện tinh thần đoàn kết, phát huy "
        "sức mạnh của khối đại đoàn kết toàn dân tộc; có ý nghĩa tạo mẫu để rút kinh nghiệm cho công tác chỉ đạo, tổ chức thực hiện trên "
        "diện rộng."
    ),
    content=(
        "1. Đại hội điểm cấp xã\n"
        "1.1. Số lượng, đơn vị chỉ đạo Đại hội điểm\n"
        "- Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh phối hợp với Ban Thường trực Ủy ban MTTQ thành phố Sóc Trăng chọn đơn vị Ủy ban Mặt "
        "trận Tổ quốc Việt Nam Phường 3, thành phố Sóc Trăng làm điểm chỉ đạo Đại hội Mặt trận Tổ quốc cấp xã của tỉnh.\n"
        "- Đối với các huyện, thị xã còn lại, việc chọn đơn vị xã, phường, thị trấn chỉ đạo Đại hội điểm do Ban Thường trực Ủy ban MTTQ "
        "Việt Nam cấp huyện quyết định (mỗi huyện, thị xã chọn 01 đơn vị xã, phường, thị trấn) chỉ đạo Đại hội điểm.\n"
        "1.2. Điều kiện của đơn vị chọn làm điểm chỉ đạo Đại hội\n"
        "- Mang tính đại diện về địa bàn (xã, phường, thị trấn).\n"
        "- Đại diện về thành phần, đối tượng (dân tộc, tôn giáo, công nhân, nông dân, tiểu thương,…).\n"
        "- Chất lượng hoạt động của Ủy ban MTTQ Việt Nam nơi đó phải đạt từ vững mạnh trở lên.\n"
        "- Có sở vật chất đảm bảo tổ chức Đại hội điểm đạt kết quả tốt.\n"
        "- Được sự quan tâm lãnh đạo của cấp ủy, sự hỗ trợ tích cực của chính quyền địa phương.\n"
        "1.3. Thời gian tổ chức Đại hội điểm: không quá 01 ngày, vào đầu tháng 01/2024.\n"
        "1.4. Nội dung, chương trình Đại hội:\n"
        "Thực hiện theo Kế hoạch số 379/KH-MTTQ-BTT, ngày 06/9/2023 của Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh Sóc Trăng về “Tổ chức "
        "Đại hội Mặt trận Tổ quốc Việt Nam các cấp tỉnh Sóc Trăng, nhiệm kỳ 2024-2029”.\n"
        "Về thành phần khách mời: Mời thêm Chủ tịch Ủy ban MTTQ Việt Nam các xã, phường, thị trấn còn lại của huyện, thị xã, thành phố về "
        "dự Đại hội để học tập rút kinh nghiệm.\n"
        "1.5. Duyệt công tác chuẩn bị Đại hội:\n"
        "(1). Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh phối hợp với Ban Thường trực Ủy ban MTTQ Việt Nam các huyện, thị xã, thành phố "
        "duyệt nội dung, chương trình Đại hội MTTQ Việt Nam các xã, phường, thị trấn tổ chức Đại hội điểm.\n"
        "(2). Hồ sơ duyệt công tác tổ chức Đại hội gồm:\n"
        "- Dự kiến chương trình Đại hội.\n"
        "- Báo cáo tổng hợp đại biểu chính thức dự Đại hội, khách mời.\n"
        "- Dự thảo báo cáo tổng kết nhiệm kỳ, chương trình hành động nhiệm kỳ mới và báo cáo kiểm điểm hoạt động của Ủy ban MTTQ Việt Nam "
        "khóa cũ.\n"
        "- Đề án xây dựng Ủy ban MTTQ Việt Nam, Ban Thường trực Ủy ban MTTQ Việt Nam khóa mới; danh sách trích ngang dự kiến Ủy viên Ủy "
        "ban, Ban Thường trực Ủy ban MTTQ Việt Nam khóa mới.\n"
        "- Thời gian duyệt nội dung, chương trình Đại hội MTTQ Việt Nam điểm cấp xã trước ngày 10/12/2023.\n"
        "1.6. Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh phối hợp với Ban Thường trực Ủy ban MTTQ Việt Nam các huyện, thị xã, thành phố tổ "
        "chức rút kinh nghiệm Đại hội điểm ngay sau khi kết thúc Đại hội điểm ở đơn vị.\n"
        "2. Đại hội điểm MTTQ Việt Nam cấp huyện\n"
        "(1). Đơn vị chỉ đạo điểm: Ủy ban MTTQ Việt Nam huyện Mỹ Tú.\n"
        "(2). Thời gian Đại hội: Không quá 02 ngày, trong tháng 04/2024.\n"
        "(3). Nội dung, chương trình Đại hội:\n"
        "Thực hiện theo Kế hoạch số 379/KH-MTTQ-BTT, ngày 06/9/2023 của Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh Sóc Trăng về “Tổ chức "
        "Đại hội Mặt trận Tổ quốc Việt Nam các cấp tỉnh Sóc Trăng, nhiệm kỳ 2024-2029”; riêng khách mời, mời thêm Chủ tịch Ủy ban MTTQ Việt "
        "Nam các huyện, thị xã, thành phố về dự để học tập rút kinh nghiệm.\n"
        "(4). Duyệt công tác chuẩn bị Đại hội:\n"
        "- Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh duyệt nội dung, chương trình Đại hội MTTQ Việt Nam huyện Mỹ Tú.\n"
        "- Hồ sơ duyệt công tác tổ chức Đại hội gồm:\n"
        "+ Dự kiến chương trình Đại hội.\n"
        "+ Báo cáo tổng hợp đại biểu chính thức dự Đại hội, khách mời.\n"
        "+ Dự thảo báo cáo tổng kết nhiệm kỳ, chương trình hành động nhiệm kỳ mới và báo cáo kiểm điểm hoạt động của Ủy ban MTTQ Việt Nam "
        "khóa cũ.\n"
        "+ Đề án xây dựng Ủy ban MTTQ Việt Nam, Ban Thường trực Ủy ban MTTQ Việt Nam khóa mới; danh sách trích ngang dự kiến Ủy viên Ủy "
        "ban, Ban Thường trực Ủy ban MTTQ Việt Nam khóa mới.\n"
        "- Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh tổ chức rút kinh nghiệm Đại hội điểm ngay sau khi kết thúc Đại hội ở huyện Mỹ Tú."
    ),
    organisation=(
        "1. Ban Thường trực Ủy ban MTTQ Việt Nam các huyện, thị xã, thành phố cụ thể hoá Kế hoạch chỉ đạo Đại hội điểm và tổ chức triển "
        "khai thực hiện có hiệu quả ở địa phương, đơn vị mình. Đồng thời, báo cáo với cấp ủy Đảng cùng cấp về kế hoạch chỉ đạo Đại hội điểm "
        "để tranh thủ sự lãnh đạo của Đảng, sự hỗ trợ của Ủy ban nhân dân trong chỉ đạo và tổ chức Đại hội điểm.\n"
        "2. Ban Thường trực Ủy ban MTTQ Việt Nam (đơn vị tổ chức Đại hội điểm) thông qua cấp ủy Đảng cùng cấp nội dung, chương trình Đại "
        "hội được trước khi thông qua Ban Thường trực Ủy ban MTTQ Việt Nam huyện và tỉnh.\n"
        "3. Sau Đại hội điểm (xã, phường, thị trấn) gửi báo cáo kết quả về Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh (qua Văn phòng, điện "
        "thoại: 02993.821.039, Email: vpmtst@gmail.com) và hướng dẫn các đơn vị còn lại tổ chức Đại hội đạt yêu cầu đề ra."
    ),
    recipients=(
        "BTT UBTW MTTQVN, T.176 (để báo cáo)\nBan TC-CB UBTW MTTQ VN (để báo cáo)\nThường trực Tỉnh ủy Sóc Trăng (để báo cáo)\n"
        "Ban Dân vận Tỉnh ủy (để phối hợp)\nBan Tổ chức Tỉnh ủy (để phối hợp)\nBTT MTTQ các H,TX,TP\n"
        "Ban Thường trực Ủy ban MTTQ VN tỉnh\nLưu VP"
    ),
    signer_name="Dương Sà Kha",
    **SIGN,
)


def _outline(committee: Committee, text: str, indicators: dict, *, title: str | None = None, template=False) -> Outline:
    parsed = parsed_to_rows(parse_outline_text(text))
    title = title or parsed.title
    existing = Outline.objects.filter(committee=committee, title=title).first()
    if existing:
        return existing
    outline = outline_create_from_rows(
        committee=committee, by=None, title=title, heading=parsed.heading, rows=parsed.rows, is_template=template
    )
    for item_title, specs in indicators.items():
        item = OutlineItem.objects.filter(outline=outline, title__startswith=item_title.rstrip(".")).first()
        for name, unit, *aggregation in specs:
            indicator_add(
                item=item,
                name=name,
                unit=unit,
                aggregation=aggregation[0] if aggregation else Indicator.Aggregation.SUM,
            )
    return outline


def _standing_user(committee: Committee):
    membership = committee.memberships.filter(role="standing").select_related("user").order_by("pk").first()
    return membership.user if membership else None


def _plan(code: str, fields: dict) -> tuple[Plan, bool]:
    committee = Committee.objects.get(code=code)
    fields = dict(fields)
    existing = Plan.objects.filter(committee=committee, title=fields["title"]).first()
    if existing:
        return existing, False
    return plan_create(committee=committee, by=_standing_user(committee), **fields), True


def plan_000() -> Plan | None:
    """Seed 000, the city of An Bình's mid-term review of 2022 (None before load_demo)."""
    return Plan.objects.filter(committee__code="anbinh", title=PLAN_000["title"]).order_by("pk").first()


@transaction.atomic
def load() -> None:
    with emails_recorded_not_sent():
        _load()


def _load() -> None:
    anbinh = Committee.objects.get(code="anbinh")
    plan, created = _plan("anbinh", PLAN_000)
    if created:
        outline = _outline(
            anbinh, (DATA / "outline_001.txt").read_text(encoding="utf-8"), INDICATORS_001, template=True
        )
        deadline = local_deadline(datetime.date(2022, 6, 14))
        duty_save(
            plan=plan,
            by=None,
            outline=outline,
            title="Báo cáo sơ kết giữa nhiệm kỳ của Ủy ban MTTQ các phường",
            deadline=deadline,
            targets=ReportingDuty.Targets.CHILDREN,
            page_limit=10,
        )
        duty_save(
            plan=plan,
            by=None,
            outline=outline,
            title="Báo cáo kết quả hoạt động của các tổ chức thành viên",
            deadline=deadline,
            targets=ReportingDuty.Targets.MEMBER_ORGS,
            page_limit=10,
        )
        plan_issue_with_duties(plan=plan, by=plan.created_by, notify=False)
        redate_plan(plan, created=local(datetime.date(2022, 5, 17), 8, 30), issued=local(plan.issued_on, 9, 0))

    thongnhat = Committee.objects.get(code="thongnhat")
    plan, created = _plan("thongnhat", PLAN_004)
    if created:
        outline = _outline(thongnhat, OUTLINE_004, INDICATORS_004, template=True)
        duty_save(
            plan=plan,
            by=None,
            outline=outline,
            title="Báo cáo sơ kết 05 năm Cuộc vận động của Ủy ban MTTQ các xã, thị trấn",
            deadline=local_deadline(datetime.date(2021, 2, 18)),
            targets=ReportingDuty.Targets.CHILDREN,
        )
        plan_issue_with_duties(plan=plan, by=plan.created_by, notify=False)
        redate_plan(plan, created=local(datetime.date(2021, 1, 21), 14, 0), issued=local(plan.issued_on, 9, 0))

    _plan("tamky", PLAN_002)  # a draft, as the source: no number or date yet

    plan, created = _plan("soctrang", PLAN_003)
    if created:
        plan_issue(plan=plan, by=plan.created_by, number=380, issued_on=PLAN_003["issued_on"])
        redate_plan(plan, created=local(datetime.date(2023, 9, 4), 8, 0), issued=local(plan.issued_on, 9, 0))
