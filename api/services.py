"""Writes of the API app: tokens made and revoked, and the per-token rate limit."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lib.params import parse_id
from reports.dashboards.excel import read_number
from reports.models import Indicator
from reports.submissions.services import check_editable, indicator_values_save

from .models import ApiToken

TOKEN_PREFIX = "mttq_"
MAX_ACTIVE_TOKENS = 10


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns (row, the token itself), the only time the token is known."""
    name = " ".join((name or "").split())
    if user.api_tokens.active().count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("Mỗi tài khoản có tối đa %(n)d mã đang dùng; hãy thu hồi mã không dùng nữa.") % {"n": MAX_ACTIVE_TOKENS}
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, key_hash=token_hash(raw), prefix=raw[: len(TOKEN_PREFIX) + 6])
    token.full_clean(exclude=["user"])
    token.save()
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by) -> bool:
    """Revoke the token (once: a second revoke changes nothing). Returns whether this call revoked it."""
    now = timezone.now()
    done = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
    if done:
        token.revoked_at = now
    return bool(done)


def rate_take(*, token: ApiToken, now: datetime.datetime | None = None) -> bool:
    """Count one request of the token in the current minute; False when the token has used its
    settings.API_RATE_LIMIT_PER_MINUTE requests. Each step is one conditional UPDATE of the token's
    row, so concurrent requests on any number of web machines never count past the limit."""
    limit = settings.API_RATE_LIMIT_PER_MINUTE
    now = now or timezone.now()
    window = now.replace(second=0, microsecond=0)
    rows = ApiToken.objects.filter(pk=token.pk)
    for _attempt in range(2):
        # The current minute, or a later one already started by a machine whose clock runs ahead:
        # a machine behind counts into it rather than starting its own minute again.
        if rows.filter(window_start__gte=window, window_count__lt=limit).update(
            window_count=F("window_count") + 1, last_used_at=now
        ):
            return True
        # A new minute: the first request to see it starts the count (the others retry above).
        # Only a stored minute older than this one is replaced, so two clocks a second apart
        # around a minute's turn cannot restart the count for each other.
        if rows.filter(Q(window_start__lt=window) | Q(window_start__isnull=True)).update(
            window_start=window, window_count=1, last_used_at=now
        ):
            return True
    return False


# --- indicator values pushed by another system -------------------------------------------------
class ValuesRefused(Exception):
    """Some values were refused; nothing was written. `errors` is [(indicator id, reason)]."""

    def __init__(self, errors: list[tuple[int | str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{pk}: {message}" for pk, message in errors))


@transaction.atomic
def indicator_values_push(*, submission, values: dict, by) -> dict:
    """Write the indicator values sent to the API into the committee's open report, all or
    nothing, like the Excel form (reports.dashboards.excel.indicator_form_import): each value is
    read by the form's own rule (read_number) and refused with its reason, and the write goes
    through the one write path for values (indicator_values_save), which locks the report and
    refuses it once submitted (NotEditable), so a push and a submit exclude each other."""

    check_editable(submission)  # the report's row lock first: a submit waits, or has already won
    indicators = {i.pk: i for i in Indicator.objects.filter(item__outline_id=submission.duty.outline_id)}
    errors, raw, keys = [], {}, {}
    for key, value in values.items():
        indicator = indicators.get(parse_id(key) or 0)
        if indicator is None:
            errors.append((key, _("Chỉ tiêu không thuộc đề cương của báo cáo.")))
            continue
        if indicator.pk in keys:  # "1" and "01": which of the two values is meant is unknown
            errors.append(
                (
                    key,
                    _("%(name)s: chỉ tiêu được gửi hai lần (“%(first)s” và “%(second)s”); chỉ gửi một giá trị.")
                    % {"name": indicator.name, "first": keys[indicator.pk], "second": key},
                )
            )
            continue
        keys[indicator.pk] = key
        try:
            number = read_number(indicator, value)
        except ValidationError as exc:
            errors.append((indicator.pk, f"{indicator.name}: {exc.messages[0]}"))
            continue
        raw[indicator.pk] = format(number, "f") if number is not None else ""
    if errors:
        raise ValuesRefused(errors)
    saved, refused = indicator_values_save(submission=submission, raw_values=raw, by=by)
    if refused:  # cannot happen after the checks above; never keep half of it
        raise ValuesRefused(list(refused.items()))
    return saved
