"""The shared mechanism: apps DECLARE their open duties here; reminders never imports them.

An app with deadlines registers a provider at start-up (in its AppConfig.ready()):

    from reminders.registry import OpenDuty, register
    register(open_report_duties)

A provider is a callable taking keyword filters (`standing_committee_id`, `scope_key`; both may be
None and a provider may ignore them: the registry filters again) and returning OpenDuty items.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from committees.models import Committee

SUBMIT = "submit"  # the committee owes something (a report, a dossier): the default
DECIDE = "decide"  # the committee's standing committee must decide (approve or return) something


@dataclass(frozen=True)
class OpenDuty:
    key: str  # stable across deadline changes, e.g. "report-submission:42"
    scope_key: str  # whose rules apply, e.g. "plan:12"
    scope_label: str  # the plan (number and title) as people name it
    committee: Committee  # the committee reminded
    standing_committee: Committee  # the committee that chases it (outbox, digest)
    deadline: datetime  # the effective deadline (extensions included)
    title: str  # what is due, e.g. "Báo cáo sơ kết giữa nhiệm kỳ"
    link: str  # a path on this site, e.g. "/bao-cao/nop/42/"
    addresses: tuple[str, ...] = field(default_factory=tuple)
    note: str = ""  # one more sentence for the email, e.g. "Báo cáo đã bị trả lại."
    action: str = SUBMIT  # how the email and the digest word it: SUBMIT or DECIDE
    # Since when it is open, when that is later than its schedule's first step (a report waiting for
    # an approval level since 10/06): a step of the schedule that came before is not sent (the
    # notice that opened it, e.g. the chain's "a report has reached you", stands for it).
    opened_at: datetime | None = None


Provider = Callable[..., Iterable[OpenDuty]]
_providers: dict[str, Provider] = {}


def register(provider: Provider, *, name: str | None = None) -> Provider:
    """Declare a source of open duties. Registering the same name again replaces it."""
    _providers[name or f"{provider.__module__}.{provider.__qualname__}"] = provider
    return provider


def unregister(name: str) -> None:
    _providers.pop(name, None)


def providers() -> dict[str, Provider]:
    return dict(_providers)


def open_duties(*, standing_committee: Committee | None = None, scope_key: str | None = None) -> list[OpenDuty]:
    """Every open duty of every registered app, optionally for one standing committee or one scope."""
    standing_id = standing_committee.pk if standing_committee is not None else None
    duties: list[OpenDuty] = []
    for provider in _providers.values():
        for duty in provider(standing_committee_id=standing_id, scope_key=scope_key):
            if standing_id is not None and duty.standing_committee.pk != standing_id:
                continue
            if scope_key is not None and duty.scope_key != scope_key:
                continue
            duties.append(duty)
    duties.sort(key=lambda d: (d.deadline, d.scope_key, d.committee.sort_name, d.key))
    return duties


def clean_addresses(addresses: Iterable[str]) -> tuple[str, ...]:
    """Lower-cased, without blanks or duplicates, in the order given."""
    seen: dict[str, None] = {}
    for address in addresses:
        address = (address or "").strip().lower()
        if address and "@" in address:
            seen.setdefault(address, None)
    return tuple(seen)
