"""Demo data of the submissions area: the reports for plan 000 (An Bình, mid-term review, deadline
14/6/2022) in varied states, with real-sounding content and numbers.

- The wards' duty: four on time, one late, one returned with a comment, one accepted, the rest not
  started (missing once the deadline has passed).
- The member organisations' duty: Hội Nông dân submitted on time, Hội Liên hiệp Phụ nữ still a draft.

Each report's text is put together from several per-committee phrases (its own residential groups,
events, people and numbers), in most sections of outline 001; a few optional sections stay empty in
some wards.

Written through the services an officer and the standing committee use (section_save,
indicator_values_save, document_info_save, submission_submit, review_comment_add,
submission_return, submission_accept), so every row, version, event and email is the one the portal
itself writes. Then each stamp is moved back to the story's 2022 date (demo/history.py), and the
emails the services queued are recorded as sent without sending anything (demo/emails.py).
Idempotent: it fills only reports nobody has started, and leaves a duty alone once any of its
reports has a version.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from committees.models import Committee, Membership
from demo.emails import emails_recorded_not_sent
from demo.history import local, redate_review, redate_submit, redate_writing
from demo.plans import plan_000
from demo.reform import MADE_UP
from lib.numbers import format_number
from reports.models import ReportingDuty, Submission, SubmissionVersion
from reports.submissions.services import (
    document_info_save,
    indicator_values_save,
    review_comment_add,
    section_save,
    submission_accept,
    submission_return,
    submission_submit,
)

S = Submission.State

# The wards, in committee-name order: (state, days before the deadline's day, hour, minute).
# A negative number of days is after the deadline.
PLAN = [
    ("submitted", 4, 9, 15),
    ("submitted", 3, 15, 40),
    ("submitted", 1, 10, 5),
    ("submitted", 0, 16, 30),
    ("late", -1, 8, 20),
    ("returned", 2, 14, 10),
    ("accepted", 5, 10, 45),
]
RETURN_AFTER = datetime.timedelta(hours=19, minutes=20)
ACCEPT_AFTER = datetime.timedelta(days=1, hours=22, minutes=5)
RETURN_REASON = "Mục I.3 còn chung chung; đề nghị bổ sung nguyên nhân khó khăn và số liệu Ngày hội Đại đoàn kết."
RETURN_COMMENT = "Đề nghị nêu rõ nguyên nhân và kiến nghị, đề xuất cụ thể."

OFFICER_NAMES = [
    "Trần Văn Lộc",
    "Nguyễn Thị Thu Hà",
    "Lê Minh Khoa",
    "Phạm Thị Ngọc Ánh",
    "Huỳnh Văn Tài",
    "Đỗ Thị Kim Loan",
    "Bùi Quang Vinh",
    "Ngô Thị Hồng Nhung",
    "Võ Thành Trung",
    "Dương Thị Mỹ Linh",
]
# The chairs who sign the wards' reports (Phường 1 first: lanhdao.p1).
CHAIRS = [
    "Phạm Thị Hoa",
    "Nguyễn Văn Hùng",
    "Trần Thị Bích Thủy",
    "Lê Quang Dũng",
    "Huỳnh Thị Thu Trang",
    "Võ Văn Thắng",
    "Đặng Thị Hồng",
    "Nguyễn Thanh Sơn",
    "Phan Thị Kim Yến",
]
HAMLETS = ["Bình Thới", "Tân Phú", "Phú Hòa", "Hòa Lân", "Bình Đức", "An Thạnh", "Đông Tư", "Long Điền", "Tân Lập"]
PEOPLE = [
    "ông Nguyễn Văn Tám",
    "bà Lê Thị Sáu",
    "ông Trần Văn Út",
    "bà Phạm Thị Lành",
    "ông Huỳnh Văn Mười",
    "bà Võ Thị Nhàn",
    "ông Đặng Văn Hai",
    "bà Mai Thị Bảy",
    "ông Lý Văn Phước",
]
PLACES = [
    "hội trường Ủy ban nhân dân phường",
    "nhà văn hóa khu phố {k1}",
    "sân trường Tiểu học {h}",
    "nhà văn hóa ấp {h}",
    "hội trường Đảng ủy phường",
]

# Ward sections: the start of an outline item's title -> list of phrase groups; one phrase of each
# group is picked per ward, so two wards rarely share a paragraph. Placeholders come from _profile().
WARD = {
    "Công tác triển khai": [
        [
            "Ngay sau Đại hội, Ban Thường trực Ủy ban MTTQ {ward} xây dựng kế hoạch, tổ chức hội nghị quán triệt Nghị quyết "
            "Đại hội MTTQ các cấp đến toàn thể Ủy viên Ủy ban, Ban công tác Mặt trận {nkp} khu phố và các chi hội đoàn thể.",
            "Ban Thường trực Ủy ban MTTQ {ward} ban hành Kế hoạch số {plan_no}/KH-MTTQ ngày {plan_date} để quán triệt, "
            "triển khai Nghị quyết Đại hội đến {nkp} Ban công tác Mặt trận khu phố, ấp.",
            "Ủy ban MTTQ {ward} phối hợp với Đảng ủy tổ chức hội nghị quán triệt Nghị quyết Đại hội tại {place}, "
            "có đại diện lãnh đạo Ủy ban nhân dân phường và {nkp} Trưởng ban công tác Mặt trận dự.",
        ],
        [
            "Đã cụ thể hóa Nghị quyết thành {targets} chỉ tiêu của Chương trình hành động toàn nhiệm kỳ.",
            "Chương trình hành động của Ủy ban được chia thành các phần việc cụ thể, giao cho từng Ủy viên phụ trách địa bàn.",
            "Sau hội nghị, các Ban công tác Mặt trận tiếp tục phổ biến đến hội viên tại các buổi sinh hoạt tổ dân phố.",
        ],
    ],
    "Hình thức": [
        [
            "Tổ chức hội nghị trực tiếp kết hợp tuyên truyền trên hệ thống loa truyền thanh, trang thông tin điện tử của phường "
            "và {zalo} nhóm Zalo khu dân cư.",
            "Chủ yếu lồng ghép vào sinh hoạt chi bộ, họp tổ dân phố; in {leaflets} tờ rơi phát đến từng hộ ở khu phố {k1} và khu phố {k2}.",
            "Do dịch Covid-19, một phần hội nghị tổ chức trực tuyến; các khu phố tuyên truyền qua loa lưu động và nhóm Zalo “{Ward} đoàn kết”.",
        ],
    ],
    "Số cuộc, số lượt người dự": [
        ["Tổ chức {meetings} cuộc với {people} lượt người dự, trong đó có {youth} lượt đoàn viên thanh niên."]
    ],
    "Thuận lợi": [
        [
            "Được sự quan tâm lãnh đạo của Đảng ủy, sự phối hợp của Ủy ban nhân dân phường; đội ngũ cán bộ Mặt trận nhiệt tình, có kinh nghiệm.",
            "Nhân dân trên địa bàn đồng thuận cao; nhiều doanh nghiệp, nhà hảo tâm như {donor} tích cực đồng hành cùng Mặt trận.",
            "Ban công tác Mặt trận các khu phố được kiện toàn đầy đủ sau Đại hội; {pct_young}% trưởng ban dưới 50 tuổi.",
        ],
    ],
    "Khó khăn": [
        [
            "Dịch Covid-19 kéo dài ảnh hưởng đến việc tổ chức các hoạt động tập trung đông người; kinh phí hoạt động ở khu dân cư còn hạn chế.",
            "Địa bàn có nhiều lao động ngoại tỉnh thuê trọ ({migrants} người), biến động thường xuyên nên khó nắm tình hình.",
            "Một số trưởng ban công tác Mặt trận lớn tuổi, kiêm nhiệm nhiều việc; ấp {h} ở xa trung tâm, đi lại khó khăn mùa mưa.",
        ],
    ],
    "Công tác thông tin, tuyên truyền": [
        [
            "Duy trì chuyên mục “Mặt trận với cơ sở” trên loa truyền thanh phường, phát {radio} buổi mỗi tháng.",
            "Trang Facebook “MTTQ {ward}” đăng {posts} tin, bài; nhiều bài về người tốt việc tốt ở khu phố {k2} được chia sẻ rộng rãi.",
            "Tổ chức {forums} buổi nắm bắt tình hình Nhân dân, tổng hợp {opinions} ý kiến gửi Đảng ủy và Ủy ban nhân dân phường.",
        ],
    ],
    "Công tác tuyên truyền, vận động, đoàn kết": [
        [
            "Vận động đồng bào có đạo tham gia các phong trào; phối hợp với giáo xứ và chùa {h} tổ chức {religious} hoạt động từ thiện.",
            "Thăm hỏi, tặng quà cho {elderly} người cao tuổi nhân dịp mừng thọ; gặp mặt kiều bào về quê dịp Tết Nhâm Dần.",
            "Phối hợp tổ chức tọa đàm “Đoàn kết khu dân cư” tại {place} với {people_small} người tham dự.",
        ],
    ],
    "Thực hiện củng cố, tăng cường": [
        [
            "Tiếp tục phát huy vai trò người có uy tín trong cộng đồng; {elder} được bình chọn là gương điển hình của khu phố {k1}.",
            "Giải quyết {conflicts} vụ mâu thuẫn nhỏ ngay tại khu dân cư, không để phát sinh đơn thư vượt cấp.",
        ],
    ],
    "Kết quả tổ chức Ngày hội": [
        [
            "Năm 2021, {festival} khu phố tổ chức Ngày hội Đại đoàn kết toàn dân tộc theo hình thức phù hợp phòng dịch; tặng {gifts} phần quà cho hộ khó khăn.",
            "Ngày hội tại khu phố {k2} có sự tham dự của đồng chí Bí thư Đảng ủy phường; trao {gifts} phần quà, mỗi phần trị giá 300.000 đồng.",
            "Khu phố {k1} được chọn làm điểm tổ chức Ngày hội cấp phường năm 2021, với các hội thi nấu ăn, kéo co và văn nghệ.",
        ],
    ],
    "Kết quả công tác tham gia phòng, chống dịch": [
        [
            "Vận động được {covid_money} triệu đồng và {rice} tấn gạo ủng hộ phòng, chống dịch; lập {zero_shop} “gian hàng 0 đồng” tại khu phố {k1}.",
            "Tổ Covid cộng đồng ở {nkp} khu phố hoạt động hiệu quả; giám sát chi hỗ trợ theo Nghị quyết 68 cho {nq68} lao động tự do, không phát hiện sai sót.",
        ],
    ],
    "Việc nâng cao chất lượng các cuộc vận động": [
        [
            "Lồng ghép các cuộc vận động vào Chương trình phối hợp hằng năm; đăng ký {register} phần việc cụ thể với Đảng ủy.",
            "Đưa kết quả các phong trào vào tiêu chí bình xét khu dân cư văn hóa cuối năm.",
        ],
    ],
    "Kết quả triển khai thực hiện cuộc vận động “Toàn dân": [
        [
            "Nhân dân hiến {land} m² đất, đóng góp {road_money} triệu đồng nâng cấp hẻm bê tông ở khu phố {k2}.",
            "Toàn phường có {cultural_pct}% hộ đạt danh hiệu gia đình văn hóa; {cultural_kp}/{nkp} khu phố đạt khu dân cư văn hóa.",
            "Ra mắt mô hình “Tuyến hẻm xanh, sạch, sáng” tại khu phố {k1}, lắp {lamps} bóng đèn chiếu sáng bằng nguồn xã hội hóa.",
        ],
    ],
    "Kết quả hoạt động công tác “Đền ơn": [
        [
            "Vận động Quỹ Đền ơn đáp nghĩa được {gratitude} triệu đồng; sửa chữa {houses_merit} căn nhà cho gia đình chính sách.",
            "Thăm, tặng quà gia đình chính sách dịp 27/7 với tổng trị giá {gratitude} triệu đồng; nhận phụng dưỡng {mothers} Mẹ Việt Nam Anh hùng.",
        ],
    ],
    "Kết quả vận động và đẩy mạnh hoạt động Quỹ": [
        [
            "Quỹ “Vì người nghèo” vận động được {poor_fund} triệu đồng; xây mới {houses} căn nhà Đại đoàn kết, sửa chữa {repairs} căn.",
            "Hỗ trợ {poor_fund} triệu đồng cho hộ nghèo, cận nghèo; số hộ nghèo giảm từ {poor_before} hộ xuống còn {poor_after} hộ.",
            "Bàn giao nhà Đại đoàn kết cho gia đình {elder} ở khu phố {k2}, trị giá 60 triệu đồng.",
        ],
    ],
    "Kết quả vận động, cứu trợ": [
        [
            "Cơn bão số 9 năm 2020: vận động {storm} triệu đồng gửi đồng bào miền Trung qua Ban Cứu trợ thành phố.",
            "Hỗ trợ {fire} hộ bị cháy nhà ở ấp {h}, mỗi hộ 5 triệu đồng từ Quỹ cứu trợ phường.",
        ],
    ],
    "Kết quả triển khai thực hiện Cuộc vận động “Người Việt": [
        [
            "Phối hợp tổ chức {fairs} phiên chợ hàng Việt về khu dân cư; {shops} tiểu thương cam kết ưu tiên bày bán hàng Việt.",
            "Tuyên truyền qua loa truyền thanh và họp tổ dân phố; đa số hộ gia đình ưu tiên dùng hàng Việt Nam trong mua sắm hằng ngày.",
        ],
    ],
    "Kết quả triển khai Phong trào thi đua": [
        [
            "Biểu dương {workers} công nhân, người lao động có sáng kiến trong sản xuất tại các doanh nghiệp trên địa bàn.",
            "Phối hợp Công đoàn cơ sở phát động thi đua lao động sáng tạo trong {companies} doanh nghiệp.",
        ],
    ],
    "Kết quả quan tâm xây dựng mô hình mới": [
        [
            "Duy trì mô hình “{model}” tại khu phố {k1}; nhân rộng ra {spread} khu phố khác.",
            "Xây dựng mô hình “{model}”, được Ủy ban MTTQ thành phố khen thưởng năm 2021.",
        ],
    ],
    "Việc phối hợp tổ chức cho đại biểu": [
        [
            "Phối hợp tổ chức {voter_meetings} cuộc tiếp xúc cử tri với đại biểu HĐND thành phố và phường; tổng hợp {voter_ideas} ý kiến, kiến nghị.",
            "Cử tri khu phố {k2} kiến nghị nâng cấp đường nội bộ và xử lý ngập cục bộ; đã được Ủy ban nhân dân thành phố trả lời.",
        ],
    ],
    "Việc thực hiện công tác dân chủ ở cơ sở": [
        [
            "Tham gia tiếp công dân định kỳ cùng Ủy ban nhân dân phường; tiếp nhận {petitions} đơn, đã giải quyết {petitions_done} đơn.",
            "Giám sát việc công khai thu chi các khoản đóng góp của Nhân dân tại {nkp} khu phố.",
        ],
    ],
    "Việc tham gia hoạt động hòa giải": [
        [
            "{mediation_teams} tổ hòa giải hòa giải thành {mediated} vụ trên {mediation_cases} vụ việc, đạt tỷ lệ cao.",
            "Tổ hòa giải khu phố {k1} do {elder} làm tổ trưởng được Ủy ban nhân dân thành phố tặng giấy khen.",
        ],
    ],
    "Tham gia tổ chức cuộc bầu cử": [
        [
            "Tổ chức {consult} hội nghị hiệp thương; giới thiệu {candidates} người ứng cử đại biểu HĐND phường; tỷ lệ cử tri đi bầu đạt {turnout}%.",
            "Phối hợp tổ chức hội nghị cử tri nơi cư trú tại khu phố {k1} và khu phố {k2} để lấy ý kiến về người ứng cử.",
        ],
    ],
    "Nêu rõ số lượng, nội dung, hình thức giám sát": [
        [
            "Chủ trì giám sát {monitoring} cuộc (việc chi trả hỗ trợ Covid-19, thu gom rác thải, cấp giấy chứng nhận quyền sử dụng đất); "
            "có {recommend} kiến nghị, đã được tiếp thu {recommend_done}.",
            "Ban Thanh tra nhân dân giám sát công trình nâng cấp hẻm ở khu phố {k2}, kiến nghị bổ sung hệ thống thoát nước.",
        ],
    ],
    "Kết quả hoạt động phản biện": [
        [
            "Góp ý dự thảo quy hoạch sử dụng đất của phường; tổ chức {critique} hội nghị phản biện về đề án chỉnh trang đô thị.",
            "Tổ chức hội nghị phản biện phương án bồi thường mở rộng đường ở khu phố {k1}, với ý kiến của {people_small} hộ dân.",
        ],
    ],
    "Công tác tham gia phòng, chống tham nhũng": [
        [
            "Tuyên truyền Luật Phòng, chống tham nhũng đến {nkp} Ban công tác Mặt trận; chưa phát hiện vụ việc tiêu cực trên địa bàn.",
            "Giám sát việc kê khai tài sản, thu nhập của cán bộ phường theo quy định.",
        ],
    ],
    "Tuyên truyền, vận động Nhân dân thực hiện chủ trương đối ngoại": [
        [
            "Tuyên truyền chủ trương đối ngoại của Đảng qua các buổi sinh hoạt khu dân cư; vận động gia đình có thân nhân ở nước ngoài góp sức xây dựng quê hương.",
            "Phối hợp đón đoàn thanh niên nước bạn Lào giao lưu văn nghệ tại {place}.",
        ],
    ],
    "Công tác tuyên truyền về biển, đảo": [
        [
            "Tổ chức triển lãm ảnh “Hoàng Sa, Trường Sa của Việt Nam” tại {place}; vận động {sea_money} triệu đồng cho Quỹ Vì biển, đảo quê hương.",
            "Lồng ghép tuyên truyền về biển, đảo trong sinh hoạt hè của thiếu nhi khu phố {k2}.",
        ],
    ],
    "Việc thực hiện củng cố, kiện toàn tổ chức": [
        [
            "Ủy ban MTTQ phường có {members} ủy viên, Ban Thường trực {standing} người; đã kiện toàn {replaced} ủy viên thay đổi công tác.",
            "Kiện toàn {replaced} ủy viên Ủy ban; bổ sung đại diện doanh nghiệp và người có uy tín ở khu phố {k1}.",
        ],
    ],
    "Đổi mới, tăng cường công tác đào tạo": [
        [
            "Cử {trained} lượt cán bộ dự tập huấn do thành phố tổ chức; mở {courses} lớp bồi dưỡng cho trưởng ban công tác Mặt trận.",
            "Tổ chức tập huấn kỹ năng vận động quần chúng cho {trained} cán bộ khu phố, ấp.",
        ],
    ],
    "Thực hiện củng cố, kiện toàn, nâng cao chất lượng": [
        [
            "{nkp}/{nkp} Ban công tác Mặt trận khu phố, ấp được kiện toàn; {good_kp} ban xếp loại hoạt động tốt.",
            "Ban công tác Mặt trận khu phố {k2} duy trì sinh hoạt định kỳ hằng tháng, là điểm sáng của phường.",
        ],
    ],
    "Đổi mới công tác thi đua": [
        [
            "Đề nghị khen thưởng {awards} tập thể và cá nhân; {elder} được Ủy ban MTTQ tỉnh tặng bằng khen.",
            "Kịp thời biểu dương các gương người tốt, việc tốt ở khu phố {k1} trong phong trào phòng, chống dịch.",
        ],
    ],
    "HOẠT ĐỘNG CỦA CÁC TỔ CHỨC THÀNH VIÊN": [
        [
            "Các tổ chức thành viên tích cực tham gia các cuộc vận động; Hội Cựu chiến binh và Đoàn Thanh niên phối hợp ra quân vệ sinh môi trường {cleanups} đợt.",
            "Hội Liên hiệp Phụ nữ phường duy trì mô hình “Tiết kiệm vì phụ nữ nghèo”; Hội Nông dân giúp {farmers} hộ vay vốn phát triển kinh tế.",
        ],
    ],
    "Về ưu điểm": [
        [
            "Công tác Mặt trận có nhiều đổi mới, hướng về khu dân cư; nguyên nhân chủ yếu là sự lãnh đạo sát sao của Đảng ủy và sự đồng lòng của Nhân dân.",
            "Các chỉ tiêu Nghị quyết cơ bản đạt và vượt, nổi bật là công tác an sinh xã hội và phòng, chống dịch Covid-19.",
        ],
    ],
    "Về hạn chế": [
        [
            "Hoạt động giám sát, phản biện ở một số khu phố còn hình thức; nguyên nhân do cán bộ chưa được tập huấn chuyên sâu.",
            "Việc nắm bắt tình hình lao động ngoại tỉnh chưa kịp thời; kinh phí hoạt động của Ban công tác Mặt trận còn thấp.",
        ],
    ],
    "Bài học kinh nghiệm": [
        [
            "Phải bám sát cơ sở, lắng nghe Nhân dân; phát huy vai trò người có uy tín như {elder} ở khu phố {k1}.",
            "Phối hợp chặt chẽ với chính quyền và các tổ chức thành viên; chọn việc trọng tâm để làm trước.",
        ],
    ],
    "CÁC KIẾN NGHỊ, ĐỀ XUẤT": [
        [
            "Đề nghị thành phố hỗ trợ kinh phí hoạt động cho Ban công tác Mặt trận khu phố, ấp; mở thêm lớp tập huấn kỹ năng giám sát.",
            "Đề nghị Ủy ban nhân dân thành phố sớm đầu tư nâng cấp đường ở ấp {h} theo kiến nghị của cử tri.",
        ],
    ],
    "PHƯƠNG HƯỚNG, NHIỆM VỤ": [
        [
            "Phấn đấu đến cuối nhiệm kỳ xây mới thêm {houses_plan} căn nhà Đại đoàn kết, {all_kp} khu phố đạt khu dân cư văn hóa.",
            "Tập trung tuyên truyền, tổ chức Đại hội MTTQ nhiệm kỳ 2024 - 2029; nâng cao chất lượng giám sát ở khu dân cư.",
        ],
    ],
}
# Optional sections: each ward leaves one or two of them empty.
OPTIONAL = [
    "Kết quả vận động, cứu trợ",
    "Công tác tuyên truyền về biển, đảo",
    "Kết quả triển khai Phong trào thi đua",
    "Việc nâng cao chất lượng các cuộc vận động",
]
MODELS = ["Camera an ninh khu phố", "Bữa cơm 0 đồng", "Tủ sách khu phố", "Con đường hoa", "Nhóm Zalo an ninh trật tự"]
DONORS = [
    "Công ty TNHH Tân Phát",
    "Ngân hàng Chính sách xã hội",
    "Công ty Cổ phần Nhựa An Bình",
    "Hợp tác xã Bình Minh",
]

# Member organisations: (start of a title, text). {org} is its short name.
ORG = {
    "hnd": {
        "Công tác triển khai": "<p>Ban Thường vụ Hội Nông dân thành phố tổ chức hội nghị quán triệt Nghị quyết Đại hội MTTQ "
        "các cấp đến {branches} cơ sở Hội và {units} chi hội nông dân ấp, khu phố.</p>",
        "Hình thức": "<p>Lồng ghép vào sinh hoạt chi hội, hội thảo đầu bờ tại ấp Bình Thới và ấp Tân Phú.</p>",
        "Số cuộc, số lượt người dự": "<p>Tổ chức {meetings} cuộc với {people} lượt hội viên dự.</p>",
        "Thuận lợi": "<p>Hội viên đồng thuận; nguồn Quỹ Hỗ trợ nông dân được thành phố bổ sung 500 triệu đồng.</p>",
        "Khó khăn": "<p>Giá vật tư nông nghiệp tăng cao; diện tích đất nông nghiệp thu hẹp do đô thị hóa.</p>",
        "Kết quả triển khai thực hiện cuộc vận động “Toàn dân": "<p>Hội viên hiến 1.250 m² đất làm đường giao thông nội đồng "
        "ở ấp Hòa Lân; tham gia xây dựng 3 tuyến đường hoa nông thôn.</p>",
        "Kết quả vận động và đẩy mạnh hoạt động Quỹ": "<p>Giúp {farmers} hộ hội viên vay vốn Quỹ Hỗ trợ nông dân, tổng dư nợ 3,2 tỷ đồng; "
        "32 hộ thoát nghèo.</p>",
        "HOẠT ĐỘNG CỦA CÁC TỔ CHỨC THÀNH VIÊN": "<p>Phong trào nông dân thi đua sản xuất, kinh doanh giỏi có {good_farmers} hộ đạt danh hiệu "
        "các cấp. Hội xây dựng mô hình “Trồng rau an toàn theo VietGAP” tại ấp Tân Phú với 14 hộ tham gia, thu nhập bình quân "
        "180 triệu đồng/hộ/năm.</p><p>Tổ chức 6 lớp chuyển giao khoa học kỹ thuật cho 420 lượt hội viên; phối hợp ngân hàng "
        "giải ngân 46 hộ vay vốn ưu đãi.</p>",
        "Về ưu điểm": "<p>Hội bám sát nhu cầu hội viên; các mô hình kinh tế tập thể phát huy hiệu quả.</p>",
        "Về hạn chế": "<p>Một số chi hội sinh hoạt chưa đều; việc tiêu thụ nông sản còn phụ thuộc thương lái.</p>",
        "CÁC KIẾN NGHỊ, ĐỀ XUẤT": "<p>Đề nghị thành phố hỗ trợ xây dựng thương hiệu rau an toàn Tân Phú.</p>",
        "PHƯƠNG HƯỚNG, NHIỆM VỤ": "<p>Phát triển thêm 2 tổ hợp tác; phấn đấu 70% hộ hội viên đăng ký thi đua sản xuất giỏi.</p>",
    },
    "hlhpn": {
        "Công tác triển khai": "<p>Ban Thường vụ Hội Liên hiệp Phụ nữ thành phố quán triệt Nghị quyết Đại hội MTTQ các cấp "
        "đến {branches} cơ sở Hội; các chi hội phụ nữ khu phố phổ biến đến hội viên.</p>",
        "Thuận lợi": "<p>Đội ngũ cán bộ Hội trẻ, nhiệt tình; được sự hỗ trợ của Ủy ban MTTQ thành phố.</p>",
        "Khó khăn": "<p>Nhiều hội viên là công nhân làm ca, khó tham gia sinh hoạt.</p>",
        "HOẠT ĐỘNG CỦA CÁC TỔ CHỨC THÀNH VIÊN": "<p>Duy trì mô hình “Tiết kiệm vì phụ nữ nghèo” với 1.120 hội viên tham gia; "
        "xây dựng 7 “Mái ấm tình thương” cho hội viên khó khăn. Cuộc vận động “Xây dựng gia đình 5 không, 3 sạch” có 86% hộ đạt.</p>",
    },
}


def _profile(committee: Committee, index: int, salt: str = "") -> dict:
    """Numbers, residential groups and people of one ward, the same every time it is loaded (another
    `salt`: another round's numbers)."""
    rng = random.Random(committee.code + salt)
    nkp = rng.randint(5, 9)
    k1, k2 = sorted(rng.sample(range(1, nkp + 1), 2))
    meetings = 8 + index * 3 + rng.randint(0, 2)
    short = committee.name.replace("Ủy ban MTTQ Việt Nam ", "").replace("Ủy ban MTTQ ", "")
    short = short.replace(f" {MADE_UP}", "")  # a made-up ward's label is not said in its own text
    values = {
        "ward": short[:1].lower() + short[1:],  # "phường 3", mid-sentence
        "Ward": short,
        "nkp": nkp,
        "k1": k1,
        "k2": k2,
        "h": HAMLETS[(index + rng.randint(0, 8)) % len(HAMLETS)],
        "elder": PEOPLE[(index * 2 + rng.randint(0, 8)) % len(PEOPLE)],
        "donor": rng.choice(DONORS),
        "model": rng.choice(MODELS),
        "meetings": meetings,
        "people": meetings * rng.randint(42, 61),
        "plan_no": rng.randint(12, 48),
        "plan_date": f"{rng.randint(3, 28):02d}/{rng.choice([1, 2, 3]):02d}/2020",
        "targets": rng.randint(9, 14),
        "leaflets": rng.randrange(800, 3000, 50),
        "zalo": rng.randint(6, 15),
        "migrants": rng.randrange(900, 4200, 10),
        "pct_young": rng.randint(35, 60),
        "radio": rng.randint(4, 8),
        "posts": rng.randint(80, 260),
        "forums": rng.randint(3, 9),
        "opinions": rng.randint(25, 90),
        "religious": rng.randint(2, 7),
        "elderly": rng.randint(120, 380),
        "people_small": rng.randint(45, 130),
        "conflicts": rng.randint(4, 19),
        "festival": nkp,
        "gifts": rng.randrange(150, 600, 10),
        "covid_money": rng.randrange(180, 950, 5),
        "rice": rng.randint(3, 18),
        "zero_shop": rng.randint(1, 4),
        "nq68": rng.randint(300, 1400),
        "register": rng.randint(5, 12),
        "land": rng.randrange(150, 2400, 10),
        "road_money": rng.randrange(120, 1600, 10),
        "cultural_pct": rng.randint(91, 98),
        "cultural_kp": max(1, nkp - rng.randint(0, 2)),
        "lamps": rng.randint(30, 140),
        "gratitude": rng.randrange(60, 320, 5),
        "houses_merit": rng.randint(1, 4),
        "mothers": rng.randint(1, 3),
        "poor_fund": rng.randrange(250, 1300, 5),
        "houses": rng.randint(2, 9),
        "repairs": rng.randint(1, 6),
        "poor_before": rng.randint(40, 95),
        "storm": rng.randrange(40, 260, 5),
        "fire": rng.randint(1, 3),
        "fairs": rng.randint(1, 4),
        "shops": rng.randint(25, 140),
        "workers": rng.randint(8, 40),
        "companies": rng.randint(4, 25),
        "spread": rng.randint(2, 5),
        "voter_meetings": rng.randint(6, 16),
        "voter_ideas": rng.randint(40, 160),
        "petitions": rng.randint(10, 45),
        "mediation_teams": nkp,
        "mediation_cases": rng.randint(12, 40),
        "consult": 3,
        "candidates": rng.randint(24, 30),
        "turnout": format_number(rng.uniform(97.5, 99.9), places=1, keep_zeros=True),
        "monitoring": rng.randint(3, 9),
        "recommend": rng.randint(6, 20),
        "critique": rng.randint(1, 3),
        "sea_money": rng.randrange(15, 120, 5),
        "members": rng.randint(35, 55),
        "standing": rng.choice([3, 4, 5]),
        "replaced": rng.randint(4, 12),
        "trained": rng.randint(20, 75),
        "courses": rng.randint(1, 4),
        "awards": rng.randint(12, 40),
        "cleanups": rng.randint(6, 24),
        "farmers": rng.randint(30, 120),
        "houses_plan": rng.randint(5, 15),
        "all_kp": nkp,
    }
    values["youth"] = values["people"] // rng.randint(4, 7)
    values["poor_after"] = values["poor_before"] - rng.randint(15, 35)
    values["petitions_done"] = values["petitions"] - rng.randint(0, 3)
    values["mediated"] = values["mediation_cases"] - rng.randint(1, 5)
    values["recommend_done"] = values["recommend"] - rng.randint(0, 4)
    values["good_kp"] = max(1, nkp - rng.randint(1, 3))
    values["place"] = rng.choice(PLACES).format(k1=k1, h=values["h"])
    values["skip"] = {OPTIONAL[index % len(OPTIONAL)]} | (
        {OPTIONAL[(index + 2) % len(OPTIONAL)]} if index % 2 else set()
    )
    return values


def _vn(value):
    """Numbers in the text as Vietnamese write them: 3.230 (dots group thousands)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return format_number(value)
    return value


def ward_texts(committee: Committee, index: int, salt: str = "") -> tuple[dict[str, str], dict]:
    """{start of item title: html} for a ward, and its profile."""
    values = _profile(committee, index, salt)
    shown = {k: _vn(v) for k, v in values.items()}
    rng = random.Random(f"{committee.code}-text{salt}")
    texts = {}
    for key, groups in WARD.items():
        if key in values["skip"]:
            continue
        paragraphs = [rng.choice(group).format(**shown) for group in groups]
        if len(groups) == 1 and len(groups[0]) > 2 and rng.random() < 0.5:
            # Some wards say a little more: a second, different phrase of the same group.
            extra = rng.choice([p for p in groups[0] if p.format(**shown) != paragraphs[0]])
            paragraphs.append(extra.format(**shown))
        texts[key] = "".join(f"<p>{p}</p>" for p in paragraphs)
    return texts, values


def org_texts(committee: Committee, index: int, salt: str = "") -> tuple[dict[str, str], dict]:
    """{start of item title: html} for a member organisation, and its profile."""
    values = _profile(committee, index, salt)
    values.update(
        branches=random.Random(committee.code).randint(8, 12), units=random.Random(committee.code).randint(20, 40)
    )
    values["good_farmers"] = values["farmers"] * 3
    suffix = committee.code.rsplit("-", 1)[-1]
    texts = ORG.get(suffix) or {
        "HOẠT ĐỘNG CỦA CÁC TỔ CHỨC THÀNH VIÊN": ORG["hnd"]["HOẠT ĐỘNG CỦA CÁC TỔ CHỨC THÀNH VIÊN"]
    }
    shown = {k: _vn(v) for k, v in values.items()}
    return {k: v.format(**shown) for k, v in texts.items()}, values


def writer(committee: Committee, index: int):
    """The committee's officer (or leader); a demo officer account is made for a committee without one."""
    membership = (
        Membership.objects.filter(committee=committee, role__in=[Membership.Role.OFFICER, Membership.Role.LEADER])
        .select_related("user")
        .order_by("role", "pk")
        .first()
    )
    if membership:
        return membership.user
    from demo.committees import DEMO_PASSWORD

    full_name = OFFICER_NAMES[index % len(OFFICER_NAMES)]
    user, created = get_user_model().objects.get_or_create(
        username=f"canbo.{committee.code}", defaults={"email": f"canbo.{committee.code}@mttq.example"}
    )
    from committees.people import set_full_name

    set_full_name(user, full_name)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    Membership.objects.get_or_create(
        user=user, committee=committee, role=Membership.Role.OFFICER, defaults={"title": "Cán bộ văn phòng"}
    )
    return user


def reviewer_of(committee: Committee):
    """The first standing-committee member of `committee` (who reviews its reports), or None."""
    membership = (
        Membership.objects.filter(committee=committee, role=Membership.Role.STANDING)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def write(sub: Submission, items, texts: dict[str, str], values: dict, by) -> None:
    """Type the report's sections and numbers as its officer would, through the services."""
    for item in items:
        key = next((k for k in texts if item.title.startswith(k)), None)
        if key is None:
            continue
        section_save(submission=sub, item=item, html=texts[key], revision=0, by=by)
        raw = {}
        for ind in item.indicators.all():
            name = ind.name.lower()
            raw[ind.pk] = str(values["meetings"] if "cuộc" in name and "người" not in name else values["people"])
        if raw:
            _saved, errors = indicator_values_save(submission=sub, raw_values=raw, by=by)
            if errors:
                raise ValueError(f"demo numbers refused: {errors}")


def sign(sub: Submission, index: int, by, salt: str = "") -> None:
    """The report's own number and signer, as its officer fills them in before submitting."""
    rng = random.Random(f"{sub.committee.code}-sign{salt}")
    document_info_save(
        submission=sub,
        by=by,
        doc_number=f"{rng.randint(12, 58)}/BC-MTTQ",
        signer_position="CHỦ TỊCH",
        signer_name=CHAIRS[index % len(CHAIRS)],
    )


def submit(sub: Submission, by, *, started, at) -> SubmissionVersion:
    """Submit through the service, then put the story's times back (demo/history.py)."""
    version = submission_submit(submission=sub, by=by)
    redate_writing(sub, started=started, saved=at)
    redate_submit(sub, at=at)
    return version


def give_back(sub: Submission, items, reviewer, *, at) -> None:
    """The standing committee comments on section "Khó khăn" and returns the report."""
    item = next((i for i in items if i.title.startswith("Khó khăn")), items[0])
    review_comment_add(submission=sub, by=reviewer, text=RETURN_COMMENT, item=item)
    submission_return(submission=sub, by=reviewer, reason=RETURN_REASON)
    redate_review(sub, commented=at - datetime.timedelta(minutes=10), returned=at)


def accept(sub: Submission, reviewer, *, at) -> None:
    submission_accept(submission=sub, by=reviewer)
    redate_review(sub, accepted=at)


def _wards(duty: ReportingDuty, reviewer) -> None:
    items = duty.outline.ordered_items()
    deadline_day = timezone.localtime(duty.deadline).date()
    submissions = list(
        duty.submissions.filter(state=S.NOT_STARTED).select_related("committee").order_by("committee__name")
    )
    for n, (sub, (state, days, hour, minute)) in enumerate(zip(submissions, PLAN, strict=False)):
        by = writer(sub.committee, n)
        at = local(deadline_day - datetime.timedelta(days=days), hour, minute)
        started = local(at.date() - datetime.timedelta(days=3), 8, 5 + 7 * n)
        if sub.committee.kind == Committee.Kind.MEMBER_ORG:
            texts, values = org_texts(sub.committee, n)
        else:
            texts, values = ward_texts(sub.committee, n)
        write(sub, items, texts, values, by)
        sign(sub, n, by)
        submit(sub, by, started=started, at=at)
        if reviewer is None:
            continue
        if state == "returned":
            give_back(sub, items, reviewer, at=at + RETURN_AFTER)
        elif state == "accepted":
            accept(sub, reviewer, at=at + ACCEPT_AFTER)
    # The rest stay "not started" (and show as missing once the deadline has passed).


def _member_orgs(duty: ReportingDuty) -> None:
    """Hội Nông dân submitted on time; Hội Liên hiệp Phụ nữ still writing (a draft)."""
    items = duty.outline.ordered_items()
    deadline_day = timezone.localtime(duty.deadline).date()
    subs = {
        s.committee.code.rsplit("-", 1)[-1]: s
        for s in duty.submissions.filter(state=S.NOT_STARTED).select_related("committee")
    }
    sub = subs.get("hnd")
    if sub is not None:
        by = writer(sub.committee, 7)
        at = local(deadline_day - datetime.timedelta(days=2), 9, 50)
        texts, values = org_texts(sub.committee, 7)
        write(sub, items, texts, values, by)
        submit(sub, by, started=local(at.date() - datetime.timedelta(days=4), 8, 15), at=at)
    sub = subs.get("hlhpn")
    if sub is not None:
        by = writer(sub.committee, 8)
        texts, values = org_texts(sub.committee, 8)
        write(sub, items, texts, values, by)
        redate_writing(
            sub,
            started=local(deadline_day - datetime.timedelta(days=3), 14, 25),
            saved=local(deadline_day - datetime.timedelta(days=1), 16, 20),
        )


@transaction.atomic
def load() -> None:
    plan = plan_000()
    if plan is None:
        return
    reviewer = reviewer_of(plan.committee)
    with emails_recorded_not_sent():
        for duty in plan.duties.select_related("outline").order_by("pk"):
            if SubmissionVersion.objects.filter(submission__duty=duty).exists():
                continue  # loaded already (or real work done): leave it alone
            if duty.targets == ReportingDuty.Targets.MEMBER_ORGS:
                _member_orgs(duty)
            else:
                _wards(duty, reviewer)
