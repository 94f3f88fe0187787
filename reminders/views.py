"""The outbox of a standing committee: what was sent, to whom, when, what failed and why; the
"remind now" button per plan; the reminder schedule of a plan. Only the committee's own standing
committee (access.can_manage) sees them; everyone else gets 404."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees.access import get_access
from committees.models import Committee
from lib.timewords import time_left_words

from .forms import ReminderRuleForm, RemindNowForm
from .models import Digest, Reminder, ReminderRule, parse_days
from .registry import OpenDuty, open_duties
from .services import reminder_rule_save
from .sweep import last_manual_reminder_at, reminders_remind_now


def _get_committee_for_manager(request, committee_id: int) -> Committee:
    committee = get_object_or_404(Committee, pk=committee_id)
    if not get_access(request.user).can_manage(committee):
        raise Http404
    return committee


def _get_scope_for_manager(request, scope_key: str) -> tuple[Committee, list[OpenDuty]]:
    """The open duties of one scope (a plan), if the person manages its standing committee."""
    duties = open_duties(scope_key=scope_key)
    if not duties or not get_access(request.user).can_manage(duties[0].standing_committee):
        raise Http404
    return duties[0].standing_committee, duties


def rule_summary(rule: ReminderRule) -> str:
    parts = []
    days = parse_days(rule.days_before)
    if days:
        parts.append(_("trước hạn %(days)s ngày") % {"days": ", ".join(str(d) for d in days)})
    if rule.on_the_day:
        parts.append(_("sáng ngày hết hạn"))
    if rule.overdue_notices:
        parts.append(
            _("quá hạn: %(n)s lần, cách nhau %(every)s ngày")
            % {"n": rule.overdue_notices, "every": rule.overdue_every_days}
        )
    parts.append(_("gửi lúc %(time)s") % {"time": rule.send_time.strftime("%H:%M")})
    return "; ".join(parts)


@login_required
def outbox(request):
    managed = get_access(request.user).standing_committees
    if len(managed) == 1:
        return redirect("reminders-outbox-committee", managed[0].pk)
    if not managed and request.user.is_superuser:
        seen = {d.standing_committee.pk: d.standing_committee for d in open_duties()}
        managed = sorted(seen.values(), key=lambda c: c.path)
    elif not managed:
        raise Http404
    return render(request, "reminders/outbox_choose.html", {"committees": managed})


@login_required
def outbox_committee(request, committee_id: int):
    committee = _get_committee_for_manager(request, committee_id)
    now = timezone.now()
    duties = open_duties(standing_committee=committee)
    rules = ReminderRule.for_scopes({d.scope_key for d in duties})
    last_sent = {
        r.duty_key: r for r in Reminder.objects.filter(duty_key__in=[d.key for d in duties]).order_by("created_at")
    }
    scopes: dict[str, dict] = {}
    for duty in duties:
        scope = scopes.setdefault(
            duty.scope_key,
            {
                "key": duty.scope_key,
                "label": duty.scope_label,
                "rule": rule_summary(rules[duty.scope_key]),
                "token": uuid.uuid4().hex,
                "last_manual": last_manual_reminder_at(scope_key=duty.scope_key),
                "rows": [],
            },
        )
        scope["rows"].append(
            {
                "duty": duty,
                "words": time_left_words(duty.deadline, now),
                "overdue": duty.deadline < now,
                "last": last_sent.get(duty.key),
            }
        )
    reminders = (
        Reminder.objects.filter(standing_committee=committee)
        .select_related("committee")
        .prefetch_related("emails")[:100]
    )
    digests = Digest.objects.filter(standing_committee=committee).prefetch_related("emails")[:30]
    return render(
        request,
        "reminders/outbox.html",
        {
            "committee": committee,
            "scopes": list(scopes.values()),
            "no_address": [d for d in duties if not d.addresses],
            "reminders": reminders,
            "digests": digests,
        },
    )


def _back(request, committee: Committee):
    """Back where the click came from (the plan's dashboard or the outbox), if it is this site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("reminders-outbox-committee", committee.pk)


@login_required
@require_POST
def remind_now(request, scope_key: str):
    committee, _duties = _get_scope_for_manager(request, scope_key)
    form = RemindNowForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Yêu cầu không hợp lệ. Xin tải lại trang và bấm lại."))
        return _back(request, committee)
    result = reminders_remind_now(scope_key=scope_key, token=form.cleaned_data["token"], by=request.user)
    if result.refused:
        last = timezone.localtime(result.last_at)
        nxt = timezone.localtime(result.next_at)
        messages.warning(
            request,
            _(
                "Không gửi: các đơn vị của kế hoạch này vừa được nhắc thủ công lúc %(last)s. "
                "Để tránh gửi thư trùng lặp, chỉ nhắc lại được sau 60 phút (từ %(next)s)."
            )
            % {"last": last.strftime("%d/%m/%Y %H:%M"), "next": nxt.strftime("%d/%m/%Y %H:%M")},
        )
    elif result.created:
        messages.success(request, _("Đã gửi nhắc hạn tới %(n)s đơn vị chưa nộp.") % {"n": result.created})
    elif result.repeated:
        messages.info(request, _("Lượt nhắc này đã được gửi rồi; không gửi lại."))
    else:
        messages.info(request, _("Không có đơn vị nào cần nhắc."))
    return _back(request, committee)


@login_required
def rule_edit(request, scope_key: str):
    committee, duties = _get_scope_for_manager(request, scope_key)
    rule = ReminderRule.objects.filter(scope_key=scope_key).first() or ReminderRule(scope_key=scope_key)
    form = ReminderRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        reminder_rule_save(rule=form.instance, by=request.user)
        messages.success(request, _("Đã lưu lịch nhắc hạn."))
        return redirect("reminders-outbox-committee", committee.pk)
    preview_rule = (
        rule
        if not form.is_bound
        else ReminderRule.objects.filter(scope_key=scope_key).first() or ReminderRule(scope_key=scope_key)
    )
    deadlines = sorted({d.deadline for d in duties})
    preview = [{"deadline": deadline, "steps": preview_rule.steps(deadline)} for deadline in deadlines[:3]]
    return render(
        request,
        "reminders/rule_edit.html",
        {"committee": committee, "scope_label": duties[0].scope_label, "form": form, "preview": preview},
    )
