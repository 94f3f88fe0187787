"""Two machines: two web processes (gunicorn, on two ports) and two Celery workers, sharing
PostgreSQL, Redis (broker and cache) and an S3 server, and nothing else. Evidence uploaded through
web 1 is downloaded through web 2 with the same login (sessions in the database); a consolidation
requested through web 1 is built by one of the workers and downloaded through web 2.

Runs in the PostgreSQL + Redis leg of CI (`.ci/run`); on the embedded defaults (SQLite, the
filesystem broker: one machine by design) it is skipped."""

import contextlib
import io
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from tests import worker
from tests.conftest import PASSWORD
from tests.reports.test_consolidation import fill_round, read_docx

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, what: str, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError(f"{what}: not within {timeout:.0f} s")


@contextlib.contextmanager
def running_web(env: dict, port: int):
    """A web machine: gunicorn serving the portal on 127.0.0.1:port, until its /healthz answers."""
    import requests

    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "mttq_portal.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--worker-class",
        "gthread",
        "--threads",
        "2",
        "--timeout",
        "120",
        "--no-control-socket",  # two gunicorns on one machine would share its default path
    ]
    proc = subprocess.Popen(cmd, env=env, cwd=settings.BASE_DIR, start_new_session=True)

    def up():
        assert proc.poll() is None, f"the web process on port {port} stopped ({proc.returncode})"
        try:
            return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200
        except requests.RequestException:
            return False

    try:
        wait_for(up, f"web process on port {port} answering /healthz", timeout=60)
        yield f"http://127.0.0.1:{port}"
    finally:
        worker.stop(proc)


def web_password(user):
    """The web processes use the production hashers (the tests' own MD5 is not among them)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])


def login(web: str, username: str):
    import requests

    session = requests.Session()
    session.get(f"{web}/dang-nhap/", timeout=30)
    response = session.post(
        f"{web}/dang-nhap/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:2000]
    return session


def post(session, url: str, **kwargs):
    return session.post(
        url,
        data={"csrfmiddlewaretoken": session.cookies["csrftoken"], **kwargs.pop("data", {})},
        allow_redirects=False,
        timeout=60,
        **kwargs,
    )


def test_upload_on_one_machine_download_on_the_other_and_a_build_by_a_worker(
    issued_plan, personas, s3_storage, tmp_path
):
    if connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.skip("needs PostgreSQL and Redis (DATABASE_URL=postgres://... CELERY_BROKER_URL=redis://...)")
    from reports.models import Attachment, ConsolidationBuild

    for user in (personas.officer, personas.reviewer):
        web_password(user)
    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DATABASE_URL": worker.test_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CACHE_URL": settings.CELERY_BROKER_URL,
        "CELERY_QUEUE": queue,  # the web processes publish where the two workers read
        "SECRET_KEY": secrets.token_urlsafe(50),  # one key shared by every machine
        "VAR_DIR": str(tmp_path / "var"),  # nothing of this machine's var/ is shared
        "FILES_ROOT": str(tmp_path / "no-files-here"),
        "DEBUG": "0",
        **s3_storage.env,
    }
    with contextlib.ExitStack() as stack:
        web1 = stack.enter_context(running_web(env, free_port()))
        web2 = stack.enter_context(running_web(env, free_port()))
        stack.enter_context(worker.running_worker(env, queue=queue, name="-w1"))
        stack.enter_context(worker.running_worker(env, queue=queue, name="-w2"))

        # Evidence: uploaded through web 1, downloaded through web 2 with the same login.
        officer = login(web1, personas.officer.username)
        response = post(
            officer,
            web1 + reverse("reports-attachment-upload", args=[issued_plan.sub_a1.pk]),
            files={"file": ("Biên bản hội nghị.pdf", io.BytesIO(PDF), "application/pdf")},
        )
        assert response.status_code == 302, response.text[:2000]
        attachment = Attachment.objects.get()
        assert s3_storage.keys() == [attachment.file.name]
        download = reverse("reports-attachment-download", args=[attachment.pk])
        response = officer.get(web2 + download, timeout=30)
        assert response.status_code == 200 and response.content == PDF
        assert response.headers["X-Request-ID"]
        assert not (tmp_path / "no-files-here").exists()

        # A consolidation: requested through web 1, built by a worker, downloaded through web 2.
        fill_round(issued_plan)
        reviewer = login(web1, personas.reviewer.username)
        response = post(
            reviewer,
            web1 + reverse("reports-consolidation-start", args=[issued_plan.plan.pk]),
            data={"duty": issued_plan.duty.pk},
        )
        assert response.status_code == 302, response.text[:2000]
        build = ConsolidationBuild.objects.get()
        done = wait_for(
            lambda: ConsolidationBuild.objects.filter(pk=build.pk, state__in=["done", "failed"]).first(),
            "the consolidation built by a worker",
        )
        assert done.state == "done", done.error
        status = reviewer.get(web2 + reverse("reports-consolidation-status", args=[build.pk]), timeout=30).json()
        assert status["state"] == "done"
        response = reviewer.get(web2 + status["download_url"], timeout=60)
        assert response.status_code == 200
        texts = [p.text for p in read_docx(response.content).paragraphs]
        assert any("Phường A1" in t for t in texts)
        assert done.file.name in s3_storage.keys()
