"""/healthz (the process answers) and /readyz (database with its migrations, broker, file storage)
for the load balancer: 503 when any of them is down, and no detail for anyone but staff."""

import socket

import pytest
from django.db.migrations.recorder import MigrationRecorder

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: nothing listens there


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(username="quantri", password="x", is_staff=True)


def test_healthz_answers_ok_to_anyone(client):
    response = client.get("/healthz")
    assert (response.status_code, response.content, response["Content-Type"]) == (
        200,
        b"ok\n",
        "text/plain; charset=utf-8",
    )


def test_readyz_is_ok_when_everything_answers(client):
    response = client.get("/readyz")
    assert (response.status_code, response.content) == (200, b"ok\n")


def test_readyz_fails_when_the_database_does_not_answer(client, monkeypatch):
    from django.db.utils import ConnectionHandler

    import mttq_portal.health

    down = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "mttq",
                "USER": "postgres",
                "HOST": "127.0.0.1",
                "PORT": closed_port(),
                "OPTIONS": {"connect_timeout": 2},
            }
        }
    )
    monkeypatch.setattr(mttq_portal.health, "connections", down)
    response = client.get("/readyz")
    assert (response.status_code, response.content) == (503, b"unavailable\n")


def test_readyz_fails_while_a_migration_is_not_applied(client, staff):
    last = MigrationRecorder.Migration.objects.filter(app="reports").order_by("-id").first()
    last.delete()
    response = client.get("/readyz")
    assert (response.status_code, response.content) == (503, b"unavailable\n")
    client.force_login(staff)
    text = client.get("/readyz").content.decode()
    assert text.startswith("unavailable\n") and f"reports.{last.name}" in text


def test_readyz_fails_when_the_broker_does_not_answer(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    response = client.get("/readyz")
    assert (response.status_code, response.content) == (503, b"unavailable\n")


def test_readyz_fails_when_the_storage_does_not_answer(client, staff, s3_storage, settings):
    from mttq_portal.settings import file_storage

    assert client.get("/readyz").status_code == 200  # the bucket answers
    settings.STORAGES = {
        **settings.STORAGES,
        "default": file_storage({**s3_storage.env, "S3_ENDPOINT_URL": f"http://127.0.0.1:{closed_port()}"}),
    }
    response = client.get("/readyz")
    assert (response.status_code, response.content) == (503, b"unavailable\n")
    client.force_login(staff)
    text = client.get("/readyz").content.decode()
    assert text.startswith("unavailable\n") and "storage:" in text and "database" not in text


def test_readyz_fails_when_the_s3_server_is_stopped(client, settings):
    """The S3 endpoint itself stopped (its own server, not the shared one of the other tests)."""
    import boto3
    from moto.server import ThreadedMotoServer

    from mttq_portal.settings import file_storage

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    env = {
        "S3_BUCKET": "mttq-ready",
        "S3_ENDPOINT_URL": f"http://{host}:{port}",
        "S3_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "k",
        "AWS_SECRET_ACCESS_KEY": "s",
        "S3_MAX_ATTEMPTS": "1",
        "S3_ADDRESSING_STYLE": "path",
    }
    boto3.client(
        "s3",
        endpoint_url=env["S3_ENDPOINT_URL"],
        region_name="us-east-1",
        aws_access_key_id="k",
        aws_secret_access_key="s",
    ).create_bucket(Bucket="mttq-ready")
    settings.STORAGES = {**settings.STORAGES, "default": file_storage(env)}
    try:
        assert client.get("/readyz").status_code == 200
    finally:
        server.stop()
    assert client.get("/readyz").status_code == 503


def test_readyz_gives_details_to_staff_only(client_as, personas, staff, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    for who in (None, personas.officer, personas.other_city_reviewer):
        response = client_as(who).get("/readyz")
        assert (response.status_code, response.content) == (503, b"unavailable\n")
    text = client_as(staff).get("/readyz").content.decode()
    assert text.startswith("unavailable\n") and "broker:" in text and "Connection refused" in text


def test_healthz_and_readyz_are_not_redirected_to_https(tmp_path):
    """Behind the TLS proxy (HTTPS=1) the load balancer still asks the web process over http."""
    from tests.test_production_settings import VALUES, run

    code = (
        "import django; django.setup(); from django.test import Client; c = Client(); "
        "print(c.get('/healthz').status_code, c.get('/dang-nhap/').status_code)"
    )
    out = run(code, {"HTTPS": "1", "SECRET_KEY": VALUES["SECRET_KEY"]}, tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["200", "301"]
