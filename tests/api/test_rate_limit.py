"""The rate limit: per token, per minute, counted on the token's database row (so every web machine
counts together); beyond it 429 with Retry-After, and the next minute starts again."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from api.models import ApiToken
from api.services import api_token_create, rate_take

pytestmark = pytest.mark.django_db
URL = "/api/v1/committees/"
START = datetime.datetime(2026, 3, 2, 8, 0, 10, tzinfo=datetime.UTC)


def test_a_token_gets_its_limit_a_minute_then_429(client, personas, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    _token, raw = api_token_create(user=personas.officer, name="x")
    _other, other_raw = api_token_create(user=personas.officer, name="y")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    with time_machine.travel(START, tick=False) as traveller:
        assert [client.get(URL, **auth).status_code for _ in range(3)] == [200, 200, 200]
        refused = client.get(URL, **auth)
        assert refused.status_code == 429 and "3 yêu cầu" in refused.json()["detail"]
        assert refused.headers["Retry-After"] == "50"
        # another token of the same account has its own count
        assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {other_raw}").status_code == 200
        traveller.move_to(START + datetime.timedelta(seconds=50))
        assert client.get(URL, **auth).status_code == 200


def test_the_count_lives_on_the_row_shared_by_every_machine(personas, settings):
    """Two web machines are two processes with nothing in common but the database: counting from
    two separately loaded rows of the same token still stops at the limit."""
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    token, _raw = api_token_create(user=personas.officer, name="x")
    machine_a, machine_b = ApiToken.objects.get(pk=token.pk), ApiToken.objects.get(pk=token.pk)
    now = timezone.now()
    assert rate_take(token=machine_a, now=now) and rate_take(token=machine_b, now=now)
    assert not rate_take(token=machine_a, now=now) and not rate_take(token=machine_b, now=now)
    row = ApiToken.objects.get(pk=token.pk)
    assert row.window_count == 2 and row.last_used_at == now
    assert rate_take(token=machine_b, now=now + datetime.timedelta(minutes=1))


def test_two_machines_with_clocks_apart_cannot_restart_the_minute(personas, settings):
    """Two web machines whose clocks straddle a minute's turn (08:01:00.2 and 08:00:59.7), their
    requests alternating: the machine behind must not reset the minute the other started, and the
    other must not reset it back; the limit still holds."""
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    token, _raw = api_token_create(user=personas.officer, name="x")
    ahead = datetime.datetime(2026, 3, 2, 8, 1, 0, 200000, tzinfo=datetime.UTC)
    behind = ahead - datetime.timedelta(seconds=0.5)
    allowed = [rate_take(token=token, now=ahead), rate_take(token=token, now=ahead)]
    for _ in range(5):
        allowed += [rate_take(token=token, now=behind), rate_take(token=token, now=ahead)]
    assert allowed == [True, True] + [False] * 10
    # behind first, then ahead: at most the limit in each minute
    other, _raw = api_token_create(user=personas.officer, name="y")
    taken = [rate_take(token=other, now=t) for t in [behind, ahead] * 4]
    assert sum(taken) == 3 and taken[:3] == [True, True, True]
    assert rate_take(token=other, now=ahead + datetime.timedelta(minutes=1))


def test_an_unauthenticated_request_is_not_counted(client, personas, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    token, raw = api_token_create(user=personas.officer, name="x")
    for _ in range(3):
        assert client.get(URL, HTTP_AUTHORIZATION="Bearer mttq_sai").status_code == 401
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
