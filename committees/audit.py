"""Every change of a committee and of a person's role, kept with who made it, when and how.

Django's signals catch every save and delete of Committee and Membership, whatever made it (a
reorganisation, a form of the portal, the admin, a command): one ChangeRecord each. Who and how
come from the context: AuditMiddleware sets the signed-in person for the request (the admin's
pages: via "admin", others: via "form"); committees.reorg.services wraps its work in
`audit_context(actor=..., via=REORGANISATION, reorganisation=...)`. Bulk updates (a subtree's
paths rewritten after a move) are derived values and are not recorded.
"""

import contextlib
import contextvars
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from .models import ChangeRecord, Committee, Membership

COMMITTEE_FIELDS = (
    "name",
    "short_name",
    "level",
    "kind",
    "code",
    "emails",
    "parent_id",
    "is_active",
    "active_from",
    "active_until",
)
MEMBERSHIP_FIELDS = ("user_id", "committee_id", "role", "title")


@dataclass(frozen=True)
class _Context:
    actor: object = None
    via: str = ChangeRecord.Via.SYSTEM
    reorganisation: object = None


_current: contextvars.ContextVar[_Context | None] = contextvars.ContextVar("committees_audit", default=None)


@contextlib.contextmanager
def audit_context(*, actor=None, via: str = ChangeRecord.Via.SYSTEM, reorganisation=None):
    token = _current.set(_Context(actor=actor, via=via, reorganisation=reorganisation))
    try:
        yield
    finally:
        _current.reset(token)


class AuditMiddleware:
    """Changes made while answering a request are the signed-in person's: in the admin or through
    a form of the portal."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        via = ChangeRecord.Via.ADMIN if request.path.startswith(reverse("admin:index")) else ChangeRecord.Via.FORM
        with audit_context(actor=user._wrapped if hasattr(user, "_wrapped") else user, via=via):
            return self.get_response(request)


def _value(value):
    if value is None or isinstance(value, (str, int, bool)):
        return value
    return str(value)


def _record(*, subject, action, committee_id, person_id, label, changes) -> None:
    ctx = _current.get() or _Context()
    actor = ctx.actor if getattr(ctx.actor, "pk", None) else None
    ChangeRecord.objects.create(
        at=timezone.now(),
        actor=actor,
        via=ctx.via,
        reorganisation=ctx.reorganisation,
        subject=subject,
        action=action,
        committee_id=committee_id,
        person_id=person_id,
        label=label[:300],
        changes=changes,
    )


def _before(sender, instance, fields):
    if not instance.pk:
        return None
    return sender.objects.filter(pk=instance.pk).values(*fields).first()


@receiver(pre_save, sender=Committee, dispatch_uid="audit_committee_before")
@receiver(pre_save, sender=Membership, dispatch_uid="audit_membership_before")
def _remember_before(sender, instance, raw=False, **kwargs):
    if raw:
        return
    fields = COMMITTEE_FIELDS if sender is Committee else MEMBERSHIP_FIELDS
    instance._audit_before = _before(sender, instance, fields)


def _diff(instance, before, fields) -> dict:
    changes = {}
    for name in fields:
        after = _value(getattr(instance, name))
        old = _value(before.get(name)) if before else None
        if before is None or old != after:
            if before is None and after in (None, "", False):
                continue
            changes[name] = [old, after]
    return changes


def _about(instance) -> dict:
    """What a record of `instance` (a Committee or a Membership) is about."""
    if isinstance(instance, Committee):
        return {
            "subject": ChangeRecord.Subject.COMMITTEE,
            "committee_id": instance.pk,
            "person_id": None,
            "label": instance.name,
        }
    return {
        "subject": ChangeRecord.Subject.MEMBERSHIP,
        "committee_id": instance.committee_id,
        "person_id": instance.user_id,
        "label": instance.get_role_display(),
    }


@receiver(post_save, sender=Committee, dispatch_uid="audit_committee_saved")
@receiver(post_save, sender=Membership, dispatch_uid="audit_membership_saved")
def _saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = None if created else getattr(instance, "_audit_before", None)
    changes = _diff(instance, before, COMMITTEE_FIELDS if sender is Committee else MEMBERSHIP_FIELDS)
    if not (created or changes):
        return
    about = _about(instance)
    action = ChangeRecord.Action.CREATED if created else ChangeRecord.Action.CHANGED
    _record(action=action, changes=changes, **about)
    left = (before or {}).get("committee_id")
    if sender is Membership and left not in (None, instance.committee_id):
        # A role moved to another committee: the committee it left keeps the record too.
        moved = {"committee_id": [left, instance.committee_id]}
        _record(action=ChangeRecord.Action.DELETED, changes=moved, **(about | {"committee_id": left}))


@receiver(post_delete, sender=Committee, dispatch_uid="audit_committee_deleted")
@receiver(post_delete, sender=Membership, dispatch_uid="audit_membership_deleted")
def _deleted(sender, instance, **kwargs):
    if sender is Committee:
        changes = {"code": [instance.code, None]}
    else:
        changes = {"role": [instance.role, None], "committee_id": [instance.committee_id, None]}
    _record(action=ChangeRecord.Action.DELETED, changes=changes, **_about(instance))
