"""Over-size uploads are refused before they are read (#14): a request declaring more than
MAX_REQUEST_MB gets a Vietnamese 413 without its body being parsed, also from an anonymous visitor;
a file over UPLOAD_MAX_FILE_MB sent without such a declaration keeps nothing beyond the limit and is
refused next to its field; in the browser a too-large file is refused as soon as it is chosen."""

import io
import json
import os

import pytest
from django.urls import reverse

from lib.uploads import SizeCapUploadHandler
from reports.models import Attachment

pytestmark = pytest.mark.django_db


class Exploding(io.BytesIO):
    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_a_declared_200_mb_post_is_refused_unread_even_anonymous(client):
    url = reverse("reports-attachment-upload", args=[1])
    response = client.generic(
        "POST",
        url,
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
        **{"wsgi.input": Exploding()},
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "lớn hơn 22 MB" in html and 'class="navbar' in html


def test_a_declared_huge_autosave_gets_a_json_refusal(client_as, personas, issued_plan):
    url = reverse("reports-submission-save-section", args=[issued_plan.sub_a1.pk])
    response = client_as(personas.officer).generic(
        "POST",
        url,
        data=b"",
        CONTENT_TYPE="application/json",  # data is empty: the client would not set it
        CONTENT_LENGTH=str(40 * 1024 * 1024),
        **{"wsgi.input": Exploding()},
    )
    assert response.status_code == 413
    assert response.headers["Content-Type"] == "application/json", response.content[:300]
    body = json.loads(response.content)
    assert body["ok"] is False and "lớn hơn" in body["error"]


def test_a_file_over_the_limit_keeps_nothing_beyond_it_and_is_refused_at_the_field(
    settings, client_as, personas, issued_plan
):
    settings.UPLOAD_MAX_FILE_MB = 1
    settings.MAX_REQUEST_MB = 50  # as if the client had not declared the size honestly
    big = io.BytesIO(b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024))
    big.name = "bien-ban.pdf"
    response = client_as(personas.officer).post(
        reverse("reports-attachment-upload", args=[issued_plan.sub_a1.pk]), {"file": big}, follow=True
    )
    assert "lớn hơn 1 MB cho phép" in response.content.decode()
    assert not Attachment.objects.exists()


def test_the_cap_handler_stops_passing_bytes_on(settings):
    settings.UPLOAD_MAX_FILE_MB = 1
    handler = SizeCapUploadHandler()
    handler.new_file("file", "a.pdf", "application/pdf", None)
    chunk = b"x" * (512 * 1024)
    assert handler.receive_data_chunk(chunk, 0) == chunk
    assert handler.receive_data_chunk(chunk, len(chunk)) == chunk
    assert handler.receive_data_chunk(chunk, 2 * len(chunk)) is None  # beyond 1 MB: kept nowhere
    result = handler.file_complete(3 * len(chunk))
    assert result.size == 3 * len(chunk) and result.read() == b""
    small = SizeCapUploadHandler()
    small.new_file("file", "b.pdf", "application/pdf", None)
    small.receive_data_chunk(chunk, 0)
    assert small.file_complete(len(chunk)) is None  # the usual handlers keep it


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_phone_is_told_at_once_when_the_chosen_file_is_too_large(
    page, live_server, login_in_browser, issued_plan, personas, tmp_path, settings
):
    big = tmp_path / "video-hoi-nghi.pdf"
    with open(big, "wb") as f:
        f.truncate(21 * 1024 * 1024)  # sparse: 21 MB without writing them
    login_in_browser(page, personas.officer.username)
    page.goto(f"{live_server.url}/bao-cao/don-vi/{issued_plan.sub_a1.pk}/soan/")
    page.set_input_files("#minh-chung input[type=file]", str(big))
    note = page.locator("#minh-chung .js-too-large")
    assert "lớn hơn 20 MB cho phép" in note.inner_text()
    assert page.evaluate("document.querySelector('#minh-chung input[type=file]').files.length") == 0
    os.makedirs("/tmp/shots", exist_ok=True)
    note.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/shots/upload-too-large-390.png", full_page=False)
