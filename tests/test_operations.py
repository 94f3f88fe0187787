"""The operations page: Celery queue depth and the failed emails and builds, for the portal's
administrators only; and one log line per request carrying its request id."""

import logging
import uuid

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/quan-tri/van-hanh/"


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser(username="quantri", password="x", email="qt@mttq.example")


@pytest.fixture
def private_queue(settings):
    """The default queue is a fresh one: what the test publishes is all it holds; emptied after."""
    from mttq_portal.celery import app

    name = f"test-{uuid.uuid4().hex[:12]}"
    settings.CELERY_TASK_DEFAULT_QUEUE = name
    yield name
    with app.connection_for_write() as conn:
        try:
            conn.default_channel.queue_purge(name)
        except Exception:
            pass


def test_url_is_the_admins(client_as, admin_user):
    assert reverse("operations") == URL


def test_anonymous_goes_to_the_login(client_as):
    response = client_as(None).get(URL)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


@pytest.mark.parametrize("who", ["officer", "other_ward_officer", "reviewer", "other_city_reviewer"])
def test_officers_and_reviewers_see_nothing(client_as, personas, who):
    response = client_as(getattr(personas, who)).get(URL)
    assert response.status_code == 404


def test_staff_without_being_administrator_sees_nothing(client_as, django_user_model):
    staff = django_user_model.objects.create_user(username="nhanvien", password="x", is_staff=True)
    assert client_as(staff).get(URL).status_code == 404


def test_outside_the_admin_networks_it_is_a_404(client_as, admin_user, settings):
    response = client_as(admin_user).get(URL, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 404


def test_queue_depth_counts_the_waiting_tasks(client_as, admin_user, private_queue):
    from mttq_portal.celery import ping

    for _ in range(3):
        ping.apply_async(args=["x"])  # to the default queue: the private one
    html = client_as(admin_user).get(URL).content.decode()
    assert f'<tr data-queue="{private_queue}">' in html
    row = html.split(f'<tr data-queue="{private_queue}">', 1)[1].split("</tr>", 1)[0]
    assert "<span data-waiting>3</span>" in row


def test_a_broker_that_does_not_answer_is_said_not_an_error(client_as, admin_user, monkeypatch):
    from mttq_portal import operations

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(operations.app, "connection_for_read", refuse)
    response = client_as(admin_user).get(URL)
    assert response.status_code == 200
    assert "Không kết nối được máy chủ hàng đợi" in response.content.decode()


def test_failed_emails_and_builds_are_listed(client_as, admin_user, issued_plan):
    from django.utils import timezone

    from outbox.models import Email
    from reports.models import ConsolidationBuild

    Email.objects.create(
        kind="reminder",
        to="phuonga1@mttq.example",
        subject="Nhắc hạn",
        body_text="...",
        state="failed",
        attempts=5,
        last_error="550 5.1.1 Mailbox unavailable",
    )
    Email.objects.create(key="t-sent", kind="reminder", to="ok@mttq.example", subject="Đã gửi", body_text="...", state="sent")
    ConsolidationBuild.objects.create(
        duty=issued_plan.duty,
        state="failed",
        error="Không tổng hợp được báo cáo: hết bộ nhớ",
        finished_at=timezone.now(),
    )
    html = client_as(admin_user).get(URL).content.decode()
    assert "phuonga1@mttq.example" in html and "550 5.1.1 Mailbox unavailable" in html
    assert "ok@mttq.example" not in html
    assert "Thư gửi lỗi (1)" in html and "Tổng hợp báo cáo bị lỗi (1)" in html
    assert "hết bộ nhớ" in html and issued_plan.duty.title in html


def test_every_request_logs_one_line_with_its_request_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="mttq_portal.request"):
        response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-42abc")
        other = client.get("/healthz", HTTP_X_REQUEST_ID="bad id with spaces\n")
    assert response["X-Request-ID"] == "lb-42abc"
    assert other["X-Request-ID"] != "bad id with spaces\n" and len(other["X-Request-ID"]) == 32
    lines = [r for r in caplog.records if r.name == "mttq_portal.request"]
    assert [r.context_id for r in lines] == ["lb-42abc", other["X-Request-ID"]]
    assert lines[0].getMessage().startswith("GET /healthz 200 ")


def test_log_lines_inside_a_task_carry_the_task_id(caplog):
    from celery import shared_task

    @shared_task(name="tests.log_something")
    def log_something():
        logging.getLogger("reports.test").warning("inside the task")

    with caplog.at_level(logging.INFO):
        log_something.apply(task_id="abc-123")
    record = next(r for r in caplog.records if r.getMessage() == "inside the task")
    assert record.context_id == "task:abc-123"
