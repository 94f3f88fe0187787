"""Demo committee tree and accounts, recreating the committees of the five source documents.

Idempotent: committees are keyed by code and accounts by username, so running it again
changes nothing. An account is set up (password, administrator flags, roles) only when this
creates it: one that already exists under a demo username, made by hand or by an earlier run and
changed since, keeps its password, flags and roles (a second run never re-elevates it).
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from committees.models import Committee, Membership
from committees.people import set_full_name

DEMO_PASSWORD = "Mattran@2024"
FRONT, ORG = Committee.Kind.FRONT, Committee.Kind.MEMBER_ORG
MEMBER_ORGS = [
    ("lđlđ", "Liên đoàn Lao động"),
    ("hcc", "Hội Cựu chiến binh"),
    ("hlhpn", "Hội Liên hiệp Phụ nữ"),
    ("hnd", "Hội Nông dân"),
    ("đtn", "Đoàn Thanh niên Cộng sản Hồ Chí Minh"),
]
ORG_CODES = {"lđlđ": "ldld", "hcc": "hccb", "hlhpn": "hlhpn", "hnd": "hnd", "đtn": "dtn"}

# (code, name, level, kind, place, emails, header lines, children); the place is the locality of the
# date line (Decree 30): a commune-level unit's own name, "Phường 3" in full for a numbered ward
# laid out by hand, one node in a line or two (ruff format leaves it so)
# fmt: off
TREE = [
    (
        "anbinh", "Ủy ban MTTQ Việt Nam thành phố An Bình", "Thành phố", FRONT, "An Bình", "ubmt.anbinh@mttq.example",
        "ỦY BAN MTTQ VIỆT NAM\nTHÀNH PHỐ AN BÌNH\nBAN THƯỜNG TRỰC",
        [(f"anbinh-p{i}", f"Ủy ban MTTQ Việt Nam Phường {i}", "Phường", FRONT, f"Phường {i}", f"mttq.p{i}@anbinh.mttq.example",
          f"ỦY BAN MTTQ VIỆT NAM\nPHƯỜNG {i}\nBAN THƯỜNG TRỰC", []) for i in range(1, 10)]
        + [(f"anbinh-{ORG_CODES[c]}", f"{n} thành phố An Bình", "Thành phố", ORG, "An Bình",
            f"{ORG_CODES[c]}@anbinh.mttq.example", f"{n.upper()}\nTHÀNH PHỐ AN BÌNH", []) for c, n in MEMBER_ORGS],
    ),
    (
        "quangnam", "Ủy ban MTTQ Việt Nam tỉnh Quảng Nam", "Tỉnh", FRONT, "Quảng Nam", "mttq@quangnam.mttq.example",
        "ỦY BAN MTTQ VIỆT NAM\nTỈNH QUẢNG NAM\nBAN THƯỜNG TRỰC",
        [(
            "tamky", "Ủy ban MTTQ Việt Nam thành phố Tam Kỳ", "Thành phố", FRONT, "Tam Kỳ", "mttq@tamky.mttq.example",
            "ỦY BAN MTTQ VIỆT NAM\nTHÀNH PHỐ TAM KỲ\nBAN THƯỜNG TRỰC",
            [(f"tamky-{code}", f"Ủy ban MTTQ Việt Nam {lvl.lower()} {name}", lvl, FRONT, name, f"{code}@tamky.mttq.example",
              f"ỦY BAN MTTQ VIỆT NAM\n{lvl.upper()} {name.upper()}\nBAN THƯỜNG TRỰC", [])
             for code, name, lvl in [
                 ("anphu", "An Phú", "Phường"), ("hoahuong", "Hoà Hương", "Phường"), ("phuochoa", "Phước Hoà", "Phường"),
                 ("tanthanh", "Tân Thạnh", "Phường"), ("anxuan", "An Xuân", "Phường"), ("anmy", "An Mỹ", "Phường"),
                 ("anson", "An Sơn", "Phường"), ("hoathuan", "Hoà Thuận", "Phường"), ("truongxuan", "Trường Xuân", "Phường"),
                 ("tamthang", "Tam Thăng", "Xã"), ("tamthanh", "Tam Thanh", "Xã"), ("tamphu", "Tam Phú", "Xã"),
                 ("tamngoc", "Tam Ngọc", "Xã"),
             ]],
        )],
    ),
    (
        "soctrang", "Ủy ban MTTQ Việt Nam tỉnh Sóc Trăng", "Tỉnh", FRONT, "Sóc Trăng", "vpmtst@soctrang.mttq.example",
        "ỦY BAN MTTQ VIỆT NAM\nTỈNH SÓC TRĂNG\nBAN THƯỜNG TRỰC",
        [
            ("soctrang-tp", "Ủy ban MTTQ Việt Nam thành phố Sóc Trăng", "Thành phố", FRONT, "Sóc Trăng", "mttq@tpst.mttq.example",
             "ỦY BAN MTTQ VIỆT NAM\nTHÀNH PHỐ SÓC TRĂNG\nBAN THƯỜNG TRỰC",
             [(f"soctrang-tp-p{i}", f"Ủy ban MTTQ Việt Nam Phường {i}", "Phường", FRONT, f"Phường {i}", f"p{i}@tpst.mttq.example",
               f"ỦY BAN MTTQ VIỆT NAM\nPHƯỜNG {i}\nBAN THƯỜNG TRỰC", []) for i in (1, 2, 3, 4)]),
            ("soctrang-mytu", "Ủy ban MTTQ Việt Nam huyện Mỹ Tú", "Huyện", FRONT, "Mỹ Tú", "mttq@mytu.mttq.example",
             "ỦY BAN MTTQ VIỆT NAM\nHUYỆN MỸ TÚ\nBAN THƯỜNG TRỰC",
             [(f"soctrang-mytu-{code}", f"Ủy ban MTTQ Việt Nam {lvl.lower()} {name}", lvl, FRONT, name, f"{code}@mytu.mttq.example",
               f"ỦY BAN MTTQ VIỆT NAM\n{lvl.upper()} {name.upper()}\nBAN THƯỜNG TRỰC", [])
              for code, name, lvl in [("hhn", "Huỳnh Hữu Nghĩa", "Thị trấn"), ("myhuong", "Mỹ Hương", "Xã"),
                                      ("longhung", "Long Hưng", "Xã"), ("mythuan", "Mỹ Thuận", "Xã")]]),
        ],
    ),
    (
        "dongnai", "Ủy ban MTTQ Việt Nam tỉnh Đồng Nai", "Tỉnh", FRONT, "Đồng Nai", "mttq@dongnai.mttq.example",
        "ỦY BAN MTTQ VIỆT NAM\nTỈNH ĐỒNG NAI\nBAN THƯỜNG TRỰC",
        [(
            "thongnhat", "Ủy ban MTTQ Việt Nam huyện Thống Nhất", "Huyện", FRONT, "Thống Nhất", "mttq@thongnhat.mttq.example",
            "ỦY BAN MTTQ VIỆT NAM\nHUYỆN THỐNG NHẤT\nBAN THƯỜNG TRỰC",
            [(f"thongnhat-{code}", f"Ủy ban MTTQ Việt Nam {lvl.lower()} {name}", lvl, FRONT, name,
              f"{code}@thongnhat.mttq.example", f"ỦY BAN MTTQ VIỆT NAM\n{lvl.upper()} {name.upper()}\nBAN THƯỜNG TRỰC", [])
             for code, name, lvl in [
                 ("daugiay", "Dầu Giây", "Thị trấn"), ("giatan1", "Gia Tân 1", "Xã"), ("giatan2", "Gia Tân 2", "Xã"),
                 ("giatan3", "Gia Tân 3", "Xã"), ("giakiem", "Gia Kiệm", "Xã"), ("quangtrung", "Quang Trung", "Xã"),
                 ("bauham2", "Bàu Hàm 2", "Xã"), ("hungloc", "Hưng Lộc", "Xã"), ("lo25", "Lộ 25", "Xã"),
                 ("xuanthien", "Xuân Thiện", "Xã"), ("xuanthanh", "Xuân Thạnh", "Xã"),
             ]],
        )],
    ),
]
# fmt: on

# (username, full name, committee code, role, title) – one demo account per role, and a few more
# so that "another ward" and "another city" can be tried by hand.
ACCOUNTS = [
    ("quantri", "Quản trị hệ thống", None, None, ""),
    ("btt.anbinh", "Nguyễn Hồng Hải", "anbinh", Membership.Role.STANDING, "Chủ tịch"),
    ("vp.anbinh", "Trần Thị Mai", "anbinh", Membership.Role.STANDING, "Văn phòng"),
    ("canbo.p1", "Lê Văn Bình", "anbinh-p1", Membership.Role.OFFICER, "Cán bộ văn phòng"),
    ("lanhdao.p1", "Phạm Thị Hoa", "anbinh-p1", Membership.Role.LEADER, "Chủ tịch"),
    ("canbo.p2", "Võ Minh Tuấn", "anbinh-p2", Membership.Role.OFFICER, "Cán bộ văn phòng"),
    ("canbo.hnd", "Đặng Văn Nông", "anbinh-hnd", Membership.Role.OFFICER, "Cán bộ Hội"),
    ("btt.tamky", "Nguyễn Ba", "tamky", Membership.Role.STANDING, "Chủ tịch"),
    ("canbo.anphu", "Huỳnh Thị Lan", "tamky-anphu", Membership.Role.OFFICER, "Cán bộ"),
    ("btt.soctrang", "Dương Sà Kha", "soctrang", Membership.Role.STANDING, "Chủ tịch"),
    ("canbo.p3st", "Thạch Thị Sa Rây", "soctrang-tp-p3", Membership.Role.OFFICER, "Cán bộ"),
    ("btt.thongnhat", "Lý Văn Thống", "thongnhat", Membership.Role.STANDING, "Chủ tịch"),
    ("canbo.daugiay", "Ngô Thị Giây", "thongnhat-daugiay", Membership.Role.OFFICER, "Cán bộ"),
]


def _upsert(node, parent):
    code, name, level, kind, place, emails, header, children = node
    committee = Committee.objects.filter(code=code).first() or Committee(code=code)
    committee.name, committee.level, committee.kind, committee.place = name, level, kind, place
    committee.emails, committee.header_lines, committee.parent = emails, header, parent
    committee.save()
    for child in children:
        _upsert(child, committee)


@transaction.atomic
def load() -> dict[str, bool]:
    """Create or refresh the demo tree and accounts; returns {username: created by this run}."""
    for node in TREE:
        _upsert(node, None)
    User = get_user_model()
    created_now = {}
    for username, full_name, code, role, title in ACCOUNTS:
        user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@mttq.example"})
        created_now[username] = created
        if not created:
            continue
        set_full_name(user, full_name)  # stored as written, family name first (committees.people)
        user.set_password(DEMO_PASSWORD)
        if code is None:
            user.is_staff = user.is_superuser = True
        else:
            Membership.objects.create(user=user, committee=Committee.objects.get(code=code), role=role, title=title)
        user.save()
    return created_now


def account_rows(created_now: dict[str, bool]) -> list[tuple[str, str, str]]:
    """(username, role, committee) of each demo account as it stands once every area is loaded (the
    made-up reform moves Phường 1-3's people to An Bình Bắc: demo/reform.py); an account this run
    did not create is only said to be kept as it was."""
    roles: dict[str, list[Membership]] = {}
    memberships = Membership.objects.filter(user__username__in=created_now).select_related("user", "committee")
    for m in memberships.order_by("pk"):
        roles.setdefault(m.user.username, []).append(m)
    superusers = set(
        get_user_model().objects.filter(username__in=created_now, is_superuser=True).values_list("username", flat=True)
    )
    rows = []
    for username, created in created_now.items():
        if not created:
            rows.append((username, "(tài khoản đã có, giữ nguyên)", ""))
            continue
        if username in superusers:
            rows.append((username, "Quản trị", "toàn hệ thống"))
        rows.extend((username, m.get_role_display(), m.committee.name) for m in roles.get(username, []))
    return rows
