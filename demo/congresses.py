"""Seed 003: Sóc Trăng's pilot congresses under 380/KH-MTTQ-BTT (term 2024-2029), and the
2025-2030 round configured with its two-level chain. Everything is written through the
congresses and approvals services, then the stamps are moved back to the story's dates
(demo/history.py).

    Phường 3 (thành phố Sóc Trăng)  commune pilot: chosen against the five criteria over Phường 1;
        seven documents and a short list of 40; the ward's Party committee approved (meeting and
        minutes recorded by the ward); the city returned the draft term report with comments
        -> waits on Phường 3 (canbo.p3st) to upload the corrected version.
    Mỹ Tú  district pilot: dossier approved by the district Party committee and the province,
        congress held 10-11/4/2024 (programme, delegates, the other districts' chairs as guests),
        first meeting, recognition, delegation to the province congress, results report, lessons,
        the action programme's targets.

Idempotent: the 2024 round is found by its title; once it exists nothing is done.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from approvals import services as approvals
from approvals.selectors import case_state
from committees.models import Committee, Membership
from committees.people import set_full_name
from congresses.dossier import services as dossier
from congresses.models import Candidate, Congress, Round
from congresses.records import services as records
from congresses.rounds import services as rounds
from congresses.shortlist import services as shortlist
from demo.committees import DEMO_PASSWORD
from demo.emails import emails_recorded_not_sent
from demo.history import local, redate_congress
from lib.officedoc import OfficialDocument
from plans.models import Plan

TITLE_2024 = "Đại hội điểm MTTQ Việt Nam cấp xã và cấp huyện nhiệm kỳ 2024-2029"
TITLE_2025 = "Đại hội MTTQ Việt Nam cấp xã nhiệm kỳ 2025-2030"

# (username, full name, committee code, role, title): the people the story needs beyond demo/committees.py
ACCOUNTS = [
    ("btt.tpsoctrang", "Lâm Văn Mẫn", "soctrang-tp", Membership.Role.STANDING, "Chủ tịch"),
    ("canbo.mytu", "Trịnh Thị Ngọc Hân", "soctrang-mytu", Membership.Role.OFFICER, "Cán bộ văn phòng"),
    ("ct.p1st", "Huỳnh Văn Tâm", "soctrang-tp-p1", Membership.Role.LEADER, "Chủ tịch"),
    ("ct.p2st", "Sơn Thị Ngọc Lan", "soctrang-tp-p2", Membership.Role.LEADER, "Chủ tịch"),
    ("ct.p4st", "Trần Quốc Việt", "soctrang-tp-p4", Membership.Role.LEADER, "Chủ tịch"),
]

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Thạch",
    "Lâm",
    "Sơn",
    "Huỳnh",
    "Lý",
    "Danh",
    "Kim",
    "Phạm",
    "Võ",
    "Trịnh",
    "Châu",
    "Quách",
    "Đặng",
]
MIDDLE_M = ["Văn", "Minh", "Quốc", "Hoàng", "Thanh", "Hữu"]
MIDDLE_F = ["Thị", "Thị Ngọc", "Thị Thanh", "Thị Kim", "Ngọc"]
GIVEN_M = ["Hùng", "Phước", "Sang", "Tài", "Dũng", "Khánh", "Sóc", "Phol", "Rỗ", "Thành", "Hòa", "Bình", "Lợi", "Nghĩa"]
GIVEN_F = ["Hoa", "Lan", "Mai", "Sa Rây", "Phượng", "Thủy", "Hạnh", "Chanh Thu", "Loan", "Nhung"]
POSITIONS = [
    ("Chủ tịch Ủy ban MTTQ Việt Nam Phường 3", "Cán bộ chuyên trách", "Chủ tịch"),
    ("Phó Chủ tịch Ủy ban MTTQ Việt Nam Phường 3", "Cán bộ chuyên trách", "Phó Chủ tịch"),
    ("Chủ tịch Hội Liên hiệp Phụ nữ Phường 3", "Người đứng đầu tổ chức thành viên", "Phó Chủ tịch"),
    ("Chủ tịch Hội Cựu chiến binh Phường 3", "Người đứng đầu tổ chức thành viên", "Ủy viên Ban Thường trực"),
    ("Bí thư Đoàn Thanh niên Phường 3", "Người đứng đầu tổ chức thành viên", "Ủy viên Ban Thường trực"),
    ("Chủ tịch Hội Nông dân Phường 3", "Người đứng đầu tổ chức thành viên", "Ủy viên"),
    ("Chủ tịch Công đoàn cơ sở Phường 3", "Người đứng đầu tổ chức thành viên", "Ủy viên"),
    ("Chủ tịch Hội Người cao tuổi Phường 3", "Người đứng đầu tổ chức thành viên", "Ủy viên"),
]


def _shortlist_rows(count: int, unit: str, seed: int) -> list[dict]:
    """Illustrative people: Kinh, Khmer and Hoa as in Sóc Trăng, about a third women, a quarter
    outside the Party, half re-elected."""
    rows = []
    for i in range(count):
        n = i + seed
        woman = n % 3 == 0
        family = FAMILY[n % len(FAMILY)]
        khmer = family in ("Thạch", "Sơn", "Danh", "Kim")
        hoa = family in ("Lâm", "Quách", "Châu") and n % 2 == 0
        middle = (MIDDLE_F if woman else MIDDLE_M)[n % (5 if woman else 6)]
        given = (GIVEN_F if woman else GIVEN_M)[(n * 7) % (10 if woman else 14)]
        year = 1955 + (n * 11) % 45
        position, group, post = (
            POSITIONS[i]
            if i < len(POSITIONS)
            else (
                [f"Trưởng Ban công tác Mặt trận khóm {1 + i % 9}", "Trưởng Ban công tác Mặt trận", "Ủy viên"],
                ["Chủ cơ sở kinh doanh trên địa bàn phường", "Doanh nhân, trí thức", "Ủy viên"],
                ["Trụ trì chùa trên địa bàn phường", "Chức sắc, người có uy tín trong tôn giáo", "Ủy viên"],
                ["Người có uy tín trong đồng bào Khmer", "Người có uy tín trong đồng bào dân tộc", "Ủy viên"],
                ["Giáo viên nghỉ hưu, gương điển hình", "Cá nhân tiêu biểu", "Ủy viên"],
            )[i % 5]
        )
        if "chùa" in position:
            monks = [
                ("Thạch", "Sok Kha"),
                ("Lâm", "Sươl"),
                ("Danh", "Sóc Xên"),
                ("Sơn", "Chanh Đa"),
                ("Kim", "Mết"),
                ("Thạch", "Sa Vên"),
                ("Lý", "Hoàng Sơn"),
                ("Châu", "Sà Phol"),
            ]
            woman, khmer, middle = False, True, ""
            family, given = monks[(i // 5) % len(monks)]
        party = n % 4 != 1 and "chùa" not in position and "uy tín" not in position
        rows.append(
            {
                "full_name": " ".join(p for p in (family, middle, given) if p),
                "birth_date": f"{1 + (n * 5) % 28:02d}/{1 + (n * 7) % 12:02d}/{year}",
                "gender": "Nữ" if woman else "Nam",
                "ethnicity": "Khmer" if khmer else ("Hoa" if hoa else "Kinh"),
                "religion": "Phật giáo" if khmer or n % 7 == 0 else ("Công giáo" if n % 11 == 0 else "Không"),
                "home_town": "Sóc Trăng" if n % 5 else "Bạc Liêu",
                "education": ["Cử nhân Luật", "Đại học Sư phạm", "Trung cấp", "12/12", "Cử nhân Kinh tế"][n % 5],
                "profession": "Cán bộ"
                if i < len(POSITIONS)
                else ["Kinh doanh", "Hưu trí", "Tu sĩ", "Nông dân", "Giáo viên"][i % 5],
                "political_theory": ["Trung cấp", "Sơ cấp", "Cao cấp", "Không"][n % 4] if party else "Không",
                "party_joined_on": f"{1 + n % 27:02d}/{1 + n % 12:02d}/{min(year + 22, 2021)}" if party else "Không",
                "current_position": f"{position}, {unit}" if i >= len(POSITIONS) else position,
                "group": group,
                "reelected": "Tái cử" if n % 2 == 0 else "Mới",
                "proposed_post": post,
            }
        )
    return rows


def _document(unit: Committee, label: str, version: int = 1) -> SimpleUploadedFile:
    doc = OfficialDocument(
        issuer_lines=unit.get_header_lines(),
        number_symbol="",
        place=unit.place,
        date=datetime.date(2023, 11, 20),
        doc_type="DỰ THẢO",
        title_lines=[label],
    )
    doc.paragraph(f"{label} (bản dự thảo lần {version}, dữ liệu minh họa).")
    return SimpleUploadedFile(f"{label[:40]}.docx", doc.to_bytes())


def _minutes(unit: Committee, title: str) -> SimpleUploadedFile:
    doc = OfficialDocument(
        issuer_lines=["ĐẢNG ỦY", unit.name.replace("Ủy ban MTTQ Việt Nam ", "").upper()],
        number_symbol="",
        place=unit.place,
        date=datetime.date(2023, 11, 20),
        doc_type="BIÊN BẢN",
        title_lines=[title],
    )
    doc.paragraph("Thống nhất nội dung, chương trình Đại hội; đề nghị hoàn chỉnh theo ý kiến góp ý (minh họa).")
    return SimpleUploadedFile("bien-ban-hop.docx", doc.to_bytes())


def _accounts() -> None:
    User = get_user_model()
    for username, full_name, code, role, title in ACCOUNTS:
        user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@mttq.example"})
        if not created:
            continue
        set_full_name(user, full_name)
        user.set_password(DEMO_PASSWORD)
        user.save()
        Membership.objects.create(user=user, committee=Committee.objects.get(code=code), role=role, title=title)


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _decide_level(case, by, *, held_on: datetime.date, conclusions: str, minutes=None, returns: dict | None = None):
    state = case_state(case)
    step = state.current_step
    meeting = approvals.meeting_record(
        case=case, step=step, held_on=held_on, conclusions=conclusions, minutes=minutes, by=by
    )
    for item_state in state.items:
        if item_state.status != "submitted":
            continue
        comment = (returns or {}).get(item_state.item.key, "")
        approvals.decision_record(
            case=case,
            step=step,
            key=item_state.item.key,
            outcome="returned" if comment else "approved",
            comment=comment,
            by=by,
            meeting=meeting,
        )
    return step


def _choose(rnd: Round, code: str, reason: str, by, *, evidence: dict) -> Congress:
    committee = Committee.objects.get(code=code)
    candidate = Candidate.objects.filter(round=rnd, committee=committee).first() or rounds.candidate_add(
        round=rnd, committee=committee, by=by
    )
    for criterion in rnd.criteria.all():
        rounds.answer_set(
            candidate=candidate, criterion=criterion, met=True, evidence=evidence.get(criterion.key, ""), by=by
        )
    return rounds.pilot_choose(candidate=candidate, reason=reason, by=by)


def _phuong_3(rnd: Round) -> Congress:
    province, city, officer = _user("btt.soctrang"), _user("btt.tpsoctrang"), _user("canbo.p3st")
    p1 = rounds.candidate_add(round=rnd, committee=Committee.objects.get(code="soctrang-tp-p1"), by=city)
    for criterion in rnd.criteria.all():
        rounds.answer_set(
            candidate=p1,
            criterion=criterion,
            met=criterion.key != "facilities",
            evidence="Hội trường đang sửa chữa đến hết tháng 01/2024" if criterion.key == "facilities" else "Đạt",
            by=city,
        )
    congress = _choose(
        rnd,
        "soctrang-tp-p3",
        "Phường trung tâm, đông đồng bào Khmer và Hoa, Ủy ban MTTQ xếp loại vững mạnh năm 2022; Đảng ủy phường thống nhất.",
        province,
        evidence={
            "area": "Phường nội ô trung tâm thành phố",
            "composition": "Đồng bào Khmer 28%, Hoa 9%; công nhân, tiểu thương",
            "strong": "Xếp loại vững mạnh năm 2022 (Kế hoạch kiểm tra của tỉnh)",
            "facilities": "Hội trường Đảng ủy phường 200 chỗ",
            "party": "Đảng ủy phường có văn bản thống nhất ngày 15/9/2023",
        },
    )
    rows = [
        shortlist.nominee_save(congress=congress, raw=row, by=officer) for row in _shortlist_rows(40, "Phường 3", 3)
    ]
    assert len(rows) == 40
    unit = congress.committee
    for document in rnd.documents.filter(required=True):
        dossier.document_upload(congress=congress, key=document.key, upload=_document(unit, document.label), by=officer)
    dossier.document_upload(
        congress=congress, key="resolution", upload=_document(unit, "Dự thảo Nghị quyết Đại hội"), by=officer
    )
    dossier.dossier_send(congress=congress, by=officer)
    redate_congress(
        congress, chosen=local(datetime.date(2023, 9, 20), 9, 0), sent=local(datetime.date(2023, 11, 20), 9, 0)
    )
    _decide_level(
        congress.case,
        officer,
        held_on=datetime.date(2023, 11, 22),
        minutes=_minutes(unit, "Họp Ban Thường vụ Đảng ủy phường"),
        conclusions="Ban Thường vụ Đảng ủy Phường 3 thống nhất nội dung, chương trình và nhân sự Đại hội.",
    )
    redate_congress(congress, decided=local(datetime.date(2023, 11, 22), 16, 0))
    _decide_level(
        congress.case,
        city,
        held_on=datetime.date(2023, 11, 28),
        conclusions="Thống nhất chương trình, đề án nhân sự; báo cáo tổng kết cần bổ sung số liệu.",
        returns={
            "term_report": "Bổ sung số liệu Quỹ Vì người nghèo và kết quả cuộc vận động 2019-2023; rút gọn phần hạn chế."
        },
    )
    redate_congress(congress, decided=local(datetime.date(2023, 11, 28), 15, 0))
    return congress


def _my_tu(rnd: Round) -> Congress:
    province, officer = _user("btt.soctrang"), _user("canbo.mytu")
    congress = _choose(
        rnd,
        "soctrang-mytu",
        "Huyện nông thôn, đông đồng bào Khmer; Ủy ban MTTQ huyện vững mạnh nhiều năm liền.",
        province,
        evidence={
            "area": "Huyện nông thôn trung tâm tỉnh",
            "composition": "Đồng bào Khmer 40%, nông dân",
            "strong": "Vững mạnh 2021, 2022",
            "facilities": "Hội trường Huyện ủy",
            "party": "Huyện ủy thống nhất",
        },
    )
    for row in _shortlist_rows(45, "huyện Mỹ Tú", 11):
        row["current_position"] = row["current_position"].replace("Phường 3", "huyện Mỹ Tú")
        shortlist.nominee_save(congress=congress, raw=row, by=officer)
    unit = congress.committee
    for document in rnd.documents.filter(required=True):
        dossier.document_upload(congress=congress, key=document.key, upload=_document(unit, document.label), by=officer)
    dossier.dossier_send(congress=congress, by=officer)
    redate_congress(
        congress, chosen=local(datetime.date(2023, 9, 20), 9, 0), sent=local(datetime.date(2024, 2, 26), 9, 0)
    )
    _decide_level(
        congress.case,
        officer,
        held_on=datetime.date(2024, 3, 1),
        minutes=_minutes(unit, "Họp Ban Thường vụ Huyện ủy"),
        conclusions="Ban Thường vụ Huyện ủy Mỹ Tú thống nhất.",
    )
    _decide_level(
        congress.case,
        province,
        held_on=datetime.date(2024, 3, 12),
        conclusions="Ban Thường trực tỉnh thống nhất toàn bộ hồ sơ.",
    )
    redate_congress(congress, decided=local(datetime.date(2024, 3, 12), 15, 0))
    records.congress_schedule(
        congress=congress, starts_on=datetime.date(2024, 4, 10), days=2, sessions=2, place="Hội trường Huyện ủy Mỹ Tú"
    )
    for on, at, session, title in [
        (
            datetime.date(2024, 4, 10),
            datetime.time(13, 30),
            "internal",
            "Phiên thứ nhất: bầu Đoàn Chủ tịch, thông qua chương trình, hiệp thương nhân sự",
        ),
        (datetime.date(2024, 4, 11), datetime.time(7, 30), "official", "Khai mạc; báo cáo tổng kết nhiệm kỳ 2019-2024"),
        (
            datetime.date(2024, 4, 11),
            datetime.time(9, 30),
            "official",
            "Thảo luận; hiệp thương Ủy ban khóa mới; thông qua Nghị quyết",
        ),
    ]:
        records.programme_add(congress=congress, session=session, on=on, at=at, title=title)
    for name, title in [
        ("Dương Sà Kha", "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh"),
        ("Lý Thị Bích Ngọc", "Bí thư Huyện ủy Mỹ Tú"),
    ]:
        records.attendee_add(congress=congress, kind="guest", full_name=name, title=title)
    for i, row in enumerate(_shortlist_rows(12, "huyện Mỹ Tú", 30)):
        records.attendee_add(
            congress=congress,
            kind="delegate",
            full_name=row["full_name"],
            title=f"Đại biểu đoàn {['xã Mỹ Hương', 'xã Long Hưng', 'thị trấn Huỳnh Hữu Nghĩa'][i % 3]}",
        )
    records.guests_fill_sibling_chairs(congress=congress)
    records.congress_held(congress=congress, by=officer, now=local(datetime.date(2024, 4, 11), 17, 0))
    records.first_meeting_record(
        congress=congress,
        on=datetime.date(2024, 4, 11),
        notes="Hiệp thương cử 5 Ủy viên Ban Thường trực.",
        standing_members="Trịnh Văn Phước – Chủ tịch\nThạch Thị Sa Rươne – Phó Chủ tịch\nNguyễn Quốc Khánh – Phó Chủ tịch",
    )
    records.recognition_request(congress=congress, on=datetime.date(2024, 4, 12))
    records.recognition_record(congress=congress, on=datetime.date(2024, 4, 18), number="45/QĐ-MTTQ-BTT")
    records.delegation_quota_set(congress=congress, official=8, substitute=1)
    for row in _shortlist_rows(4, "huyện Mỹ Tú", 40):
        records.delegation_add(
            congress=congress, kind="official", full_name=row["full_name"], title="Ủy viên Ủy ban MTTQ huyện"
        )
    records.results_report_record(
        congress=congress,
        on=datetime.date(2024, 4, 12),
        text="Đại hội đại biểu MTTQ Việt Nam huyện Mỹ Tú lần thứ XI thành công tốt đẹp; hiệp thương 53 Ủy viên, 5 Ủy viên Ban Thường trực.",
    )
    records.lessons_record(
        congress=congress,
        strengths="Chuẩn bị văn kiện sớm; Huyện ủy lãnh đạo sát; thời gian đúng 02 ngày.",
        limits="Danh sách khách mời gửi trễ; một số tham luận dài.",
        lessons="Duyệt nhân sự với cấp ủy trước khi trình cấp tỉnh; mời Chủ tịch các huyện, thị xã, thành phố dự để học tập, nhân rộng.",
        now=local(datetime.date(2024, 4, 15), 10, 0),
    )
    for text, value, unit_name in [
        ("Vận động Quỹ Vì người nghèo cả nhiệm kỳ", Decimal("5000000000"), "đồng"),
        ("Xây dựng, sửa chữa nhà Đại đoàn kết", Decimal("250"), "căn"),
        ("Khu dân cư tổ chức Ngày hội Đại đoàn kết toàn dân tộc hằng năm", Decimal("100"), "%"),
    ]:
        records.action_target_add(congress=congress, text=text, value=value, unit=unit_name)
    return congress


@transaction.atomic
def load() -> None:
    if Round.objects.filter(title=TITLE_2024).exists():
        return
    with emails_recorded_not_sent():
        _accounts()
        province = Committee.objects.get(code="soctrang")
        plan = Plan.objects.filter(committee=province, kind=Plan.Kind.PILOT_CONGRESS).first()
        rnd = rounds.round_create(
            committee=province, title=TITLE_2024, preset="2024-2029", plan=plan, by=_user("btt.soctrang")
        )
        _phuong_3(rnd)
        _my_tu(rnd)
        rounds.round_create(committee=province, title=TITLE_2025, preset="2025-2030", by=_user("btt.soctrang"))
