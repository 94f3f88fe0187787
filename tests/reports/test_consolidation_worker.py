"""The consolidated report built by a REAL Celery worker process, through the configured broker."""

import time

import pytest
from django.core.files.storage import default_storage

from tests.reports.test_consolidation import fill_round, paragraphs, read_docx
from tests.worker import running_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def files_root(settings) -> str:
    return settings.STORAGES["default"]["OPTIONS"]["location"]


def test_real_worker_builds_the_consolidated_report(issued_plan, personas, settings):
    from reports.consolidation.services import consolidation_request
    from reports.models import ConsolidationBuild

    fill_round(issued_plan)
    # The worker writes the files where this test process reads them.
    with running_worker(extra_env={"FILES_ROOT": files_root(settings)}) as queue:
        settings.CONSOLIDATION_QUEUE = queue
        build, created = consolidation_request(duty=issued_plan.duty, by=personas.reviewer)
        assert created  # committed: the enqueue ran on commit (no surrounding transaction here)
        deadline = time.time() + 90
        while time.time() < deadline:
            build.refresh_from_db()
            if build.state in ("done", "failed"):
                break
            time.sleep(0.3)
    assert build.state == ConsolidationBuild.State.DONE, (build.state, build.error)
    with default_storage.open(build.file.name, "rb") as fh:
        texts = paragraphs(read_docx(fh.read()))
    assert "Phường A1 tổ chức 5 hội nghị quán triệt Nghị quyết." in texts
    assert any(t.startswith("Đơn vị chưa gửi báo cáo (1): Ủy ban MTTQ Phường A2 (") for t in texts)
    assert build.progress_done == build.progress_total == 10
