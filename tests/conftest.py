"""Shared fixtures: the personas every access test uses, a small committee tree, an issued plan
with submissions, a real SMTP server on loopback, and headless Chromium for browser tests."""

import os
import shutil
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# inside one unless told it is safe. Tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# A password-protected Office file: an OLE2 container holding an "EncryptedPackage" stream.
ENCRYPTED_OFFICE = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600
OLD_DOC = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 1000  # a Word 97-2003 .doc (no encryption stream)
PASSWORD = "Mk-thu-nghiem-2024"


def local_dt(*args) -> datetime:
    """A datetime in Vietnam's time zone: local_dt(2022, 6, 14, 23, 59)."""
    return datetime(*args, tzinfo=VN)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path):
    """Uploaded and built files go to a per-test folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files"), "base_url": None},
        },
    }
    settings.CONSOLIDATION_TMP_DIR = str(tmp_path / "tmp")  # builds' temporary files, per test


# --- an S3 server on loopback (moto's server mode: boto3 and django-storages run their real code) --
@pytest.fixture(scope="session")
def s3_server():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield SimpleNamespace(server=server, endpoint=f"http://{host}:{port}")
    server.stop()


@pytest.fixture
def s3_storage(settings, s3_server):
    """Stored files go to a fresh private bucket of the S3 server, configured as production is
    (settings.file_storage from S3_* variables). `.env` holds those variables for other processes."""
    import uuid

    import boto3

    from mttq_portal.settings import file_storage

    env = {
        "S3_BUCKET": f"mttq-test-{uuid.uuid4().hex[:12]}",
        "S3_ENDPOINT_URL": s3_server.endpoint,
        "S3_REGION": "us-east-1",
        "S3_ADDRESSING_STYLE": "path",
        "AWS_ACCESS_KEY_ID": "test-key",
        "AWS_SECRET_ACCESS_KEY": "test-secret",
        "S3_MAX_ATTEMPTS": "1",
    }
    client = boto3.client(
        "s3",
        endpoint_url=env["S3_ENDPOINT_URL"],
        region_name=env["S3_REGION"],
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=env["S3_BUCKET"])
    settings.STORAGES = {**settings.STORAGES, "default": file_storage(env)}

    def keys() -> list[str]:
        return [o["Key"] for o in client.list_objects_v2(Bucket=env["S3_BUCKET"]).get("Contents", [])]

    return SimpleNamespace(client=client, bucket=env["S3_BUCKET"], env=env, keys=keys)


@pytest.fixture(autouse=True)
def _broker_not_paused():
    """lib.tasks stops publishing for a while after the broker refused: never across tests."""
    from lib import tasks

    tasks._paused_until.clear()
    yield
    tasks._paused_until.clear()


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


# --- the committee tree and the personas ---------------------------------------------------
def make_committee(code, name, level, parent=None, kind="front", emails=None):
    from committees.models import Committee

    return Committee.objects.create(
        code=code,
        name=name,
        level=level,
        parent=parent,
        kind=kind,
        place=name.split()[-1],
        emails=emails if emails is not None else f"{code}@mttq.example",
    )


def make_user(username, committee=None, role=None, email=None):
    from django.contrib.auth import get_user_model

    from committees.models import Membership

    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=email or f"{username}@mttq.example", first_name=username
    )
    if committee is not None:
        Membership.objects.create(user=user, committee=committee, role=role)
    return user


@pytest.fixture
def tree(db):
    """City A with wards A1, A2 and a member organisation; city B with ward B1."""
    province = make_committee("tinh", "Tỉnh Thử Nghiệm", "Tỉnh")
    city_a = make_committee("tp-a", "Ủy ban MTTQ thành phố A", "Thành phố", province)
    ward_a1 = make_committee("tp-a-p1", "Ủy ban MTTQ Phường A1", "Phường", city_a)
    ward_a2 = make_committee("tp-a-p2", "Ủy ban MTTQ Phường A2", "Phường", city_a)
    org_a = make_committee("tp-a-hnd", "Hội Nông dân thành phố A", "Thành phố", city_a, kind="member_org")
    city_b = make_committee("tp-b", "Ủy ban MTTQ thành phố B", "Thành phố", province)
    ward_b1 = make_committee("tp-b-p1", "Ủy ban MTTQ Phường B1", "Phường", city_b)
    return SimpleNamespace(
        province=province, city_a=city_a, ward_a1=ward_a1, ward_a2=ward_a2, org_a=org_a, city_b=city_b, ward_b1=ward_b1
    )


@pytest.fixture
def personas(tree):
    """reviewer: standing committee of city A; officer/leader: ward A1; other_ward_officer: ward A2;
    other_city_reviewer: standing committee of city B; org_officer: member organisation of A."""
    from committees.models import Membership

    R = Membership.Role
    return SimpleNamespace(
        reviewer=make_user("btt_a", tree.city_a, R.STANDING),
        officer=make_user("canbo_a1", tree.ward_a1, R.OFFICER),
        leader=make_user("lanhdao_a1", tree.ward_a1, R.LEADER),
        other_ward_officer=make_user("canbo_a2", tree.ward_a2, R.OFFICER),
        org_officer=make_user("canbo_hnd", tree.org_a, R.OFFICER),
        other_city_reviewer=make_user("btt_b", tree.city_b, R.STANDING),
        other_city_officer=make_user("canbo_b1", tree.ward_b1, R.OFFICER),
        nobody=make_user("chua_phan_cong"),
    )


@pytest.fixture
def client_as(client):
    """client_as(user) -> a test client logged in as that user (None: anonymous)."""
    from django.test import Client

    def make(user):
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make


@pytest.fixture
def issued_plan(tree, personas):
    """An issued plan of city A with a small outline (two indicators) and one duty for A1, A2 and
    the member organisation, each with an empty submission. Deadline 14/6/2022 23:59 local."""
    from plans.models import Plan
    from reports.models import Indicator, Outline, OutlineItem, ReportingDuty, Submission

    plan = Plan.objects.create(
        committee=tree.city_a,
        kind=Plan.Kind.INTERIM_REVIEW,
        state=Plan.State.ISSUED,
        number=12,
        year=2022,
        place="A",
        issued_on=local_dt(2022, 5, 20).date(),
        title="Sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội MTTQVN các cấp nhiệm kỳ 2019 - 2024",
        signer_name="Nguyễn Hồng Hải",
        created_by=personas.reviewer,
        issued_by=personas.reviewer,
        issued_at=local_dt(2022, 5, 20, 9, 0),
    )
    outline = Outline.objects.create(committee=tree.city_a, title="Đề cương báo cáo sơ kết")
    s1 = OutlineItem.objects.create(outline=outline, position=0, label="I.", title="TÌNH HÌNH TRIỂN KHAI, QUÁN TRIỆT NGHỊ QUYẾT")
    s11 = OutlineItem.objects.create(outline=outline, parent=s1, position=0, label="1.", title="Công tác triển khai", required=True)
    s12 = OutlineItem.objects.create(outline=outline, parent=s1, position=1, label="2.", title="Thuận lợi")
    s2 = OutlineItem.objects.create(outline=outline, position=1, label="II.", title="KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT", guidance="Nêu kết quả nổi bật.")
    meetings = Indicator.objects.create(item=s11, name="Số cuộc", unit="cuộc", position=0)
    attendees = Indicator.objects.create(item=s11, name="Số lượt người dự", unit="lượt người", position=1)
    duty = ReportingDuty.objects.create(
        plan=plan,
        outline=outline,
        title="Báo cáo sơ kết giữa nhiệm kỳ",
        deadline=local_dt(2022, 6, 14, 23, 59, 59),
        page_limit=10,
    )
    duty.committees.set([tree.ward_a1, tree.ward_a2, tree.org_a])
    subs = {c.code: Submission.objects.create(duty=duty, committee=c) for c in (tree.ward_a1, tree.ward_a2, tree.org_a)}
    return SimpleNamespace(
        plan=plan, outline=outline, items=SimpleNamespace(s1=s1, s11=s11, s12=s12, s2=s2),
        indicators=SimpleNamespace(meetings=meetings, attendees=attendees), duty=duty,
        sub_a1=subs["tp-a-p1"], sub_a2=subs["tp-a-p2"], sub_org=subs["tp-a-hnd"],
    )


# --- a real SMTP server on loopback --------------------------------------------------------
class _Collector:
    def __init__(self):
        self.messages = []
        self.reject = set()
        self.drop_after = None  # a number of messages after which the server goes away

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        import email
        from email import policy

        if self.drop_after is not None and len(self.messages) >= self.drop_after:
            self.controller.server.close()  # no new connection from now on (runs on the server's loop)
            return "421 4.3.0 Service shutting down"
        msg = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(SimpleNamespace(rcpt_tos=list(envelope.rcpt_tos), message=msg, subject=str(msg["subject"])))
        return "250 Message accepted"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a loopback port; Django sends to it over SMTP.
    `smtp_server.messages` holds what arrived; add addresses to `smtp_server.reject` to refuse them;
    set `smtp_server.drop_after` to N to have it go away (421, then no connection) after N messages."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = _Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    handler.port, handler.controller = port, controller
    yield handler
    controller.stop()


# --- headless Chromium ---------------------------------------------------------------------
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


def chromium_path():
    candidate = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    if os.path.exists(candidate):
        return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_report_header(config):
    path = chromium_path()
    if path:
        return f"browser tests: Chromium at {path}"
    return "browser tests: SKIPPED - no Chromium at /usr/bin/chromium (install Debian's chromium or set CHROMIUM)"


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        pytest.skip("no Chromium found at /usr/bin/chromium (apt-get install chromium, or set CHROMIUM=path)")
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    chromium = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
    yield chromium
    chromium.close()
    pw.stop()


@pytest.fixture
def page(browser):
    """A phone-width page (390 px): ward officers mostly use phones."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(15000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def login_in_browser(live_server):
    def do(page, username, password=PASSWORD):
        page.goto(f"{live_server.url}/dang-nhap/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()

    return do


def wait_saved(page, pattern=r"Đã lưu lúc", timeout=30000):
    """Wait until the editor has no save on its way and its bar says saved. The text alone is not
    enough: a page opened on a saved report already says "Đã lưu lúc" before the new save."""
    import re

    from playwright.sync_api import expect

    expect(page.locator("#save-status[data-pending='0']")).to_have_text(re.compile(pattern), timeout=timeout)
