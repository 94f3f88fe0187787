"""{% unit_rows board filters %} and {% breakdown_rows board %}: the rows of a plan's dashboard
(one a committee right below `under`: a hundred on a province's plan), written here rather than
by a template loop. The template engine resolves each variable and tag of a loop body again for
every row (about 40 nodes a row), and format_html costs as much again: with a hundred rows that
was most of the page, and a province's page cost 2.7 times a nine-ward city's. Same markup and
translations as the template had; every value is escaped with html.escape (what Django's escape
does: & < > " ')."""

from html import escape
from urllib.parse import quote

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from committees.people import display_name
from lib.numbers import format_number

register = template.Library()


def _e(value) -> str:
    return escape(str(value))


def _number(value) -> str:
    return "" if value is None else format_number(value)


def _name_link(row, duty_pk: int, filters: dict) -> str:
    """The committee's name, linked to the level below (drill down) or to its report (report_url)."""
    name = _e(row.committee.name)
    if row.has_below:
        url = f"?under={row.committee.pk}&duty={duty_pk}"
        if filters.get("level"):
            url += f"&level={quote(filters['level'], safe='/')}"  # as the |urlencode filter
        if filters.get("kind"):
            url += f"&kind={filters['kind']}"
        if filters.get("totals"):
            url += f"&totals={filters['totals']}"
        link = f'<a href="{_e(url)}" class="drill">{name}</a>'
    elif row.report_url:
        link = f'<a href="{_e(row.report_url)}" class="open-report">{name}</a>'
    else:
        link = name
    return link


def _name_cell(row, duty_pk: int, filters: dict, member_badge: str) -> str:
    badge = member_badge if row.committee.kind == "member_org" else ""
    return f'<td style="min-width: 10rem">{_name_link(row, duty_pk, filters)}{badge}</td>'


def _days_late_text(row) -> str:
    shown = _number(row.days_late)
    if row.status == "missing":
        return ngettext("quá hạn %(shown)s ngày", "quá hạn %(shown)s ngày", row.days_late) % {"shown": shown}
    return ngettext("trễ %(shown)s ngày", "trễ %(shown)s ngày", row.days_late) % {"shown": shown}


def _status_cell(row, words: dict) -> str:
    if row.status:
        small = ""
        if row.submitted_text:
            small = f"{words['submitted']} {_e(row.submitted_text)}"
        if row.days_late:
            if row.submitted_text:
                small += " · "
            small += f'<span class="text-danger days-late">{_e(_days_late_text(row))}</span>'
        waiting = getattr(row.own, "waiting_tier", None)  # reports.approval.selectors.with_waiting_level
        level = ""
        if waiting:
            level = f' <span class="badge text-bg-warning waiting-level" data-waiting="{_e(waiting)}">{words["waiting:" + waiting]}</span>'
        return (
            f'<td><span class="badge" style="background-color: {_e(row.status_colour)}">'
            f"{words[row.status]}</span>{level}"
            f'<div class="small text-muted d-md-none">{small}</div></td>'
        )
    done = _e(_("%(done)s/%(total)s đã nộp") % {"done": _number(row.done), "total": _number(row.total)})
    missing = ""
    if row.missing:
        missing = f' <span class="badge text-bg-danger">{_e(_("%(n)s quá hạn") % {"n": _number(row.missing)})}</span>'
    return (
        f'<td><span class="small">{done}</span>{missing}'
        f'<div class="progress mt-1" style="height: .35rem" role="img" aria-label="{row.completeness}%">'
        f'<div class="progress-bar" style="width: {row.completeness}%"></div></div></td>'
    )


@register.simple_tag
def unit_rows(board, filters) -> str:
    """The <tr> of each row of the units table (#units-table)."""
    from committees.models import Committee
    from reports.approval.selectors import waiting_label
    from reports.dashboards.selectors import STATUS_LABELS

    # Translated once a page, not once a row.
    words = {status: _e(label) for status, label in STATUS_LABELS.items()}
    words.update({f"waiting:{tier}": _e(waiting_label(tier)) for tier in Committee.Tier.values})
    words["submitted"] = _e(_("Nộp"))
    missing_title = _e(_("Quá hạn chưa nộp"))
    member_badge = f' <span class="badge text-bg-light border">{_e(_("TCTV"))}</span>'
    rows = []
    for row in board.rows:
        days = ""
        if row.days_late:
            title = f' title="{missing_title}"' if row.status == "missing" else ""
            days = f'<span class="text-danger days-late-count"{title}>{_e(_number(row.days_late))}</span>'
        reviewer = ""
        if row.status and row.own is not None and row.own.reviewed_by:
            reviewer = _e(display_name(row.own.reviewed_by))
        rows.append(
            f'<tr data-committee="{row.committee.pk}" data-status="{_e(row.status or "")}">'
            f"{_name_cell(row, board.duty.pk, filters, member_badge)}{_status_cell(row, words)}"
            f'<td class="text-nowrap small d-none d-md-table-cell">{_e(row.submitted_text) if row.status else ""}</td>'
            f'<td class="text-end d-none d-md-table-cell">{days}</td>'
            f'<td class="text-nowrap small d-none d-md-table-cell">{_e(row.activity_text)}</td>'
            f'<td class="small d-none d-md-table-cell">{reviewer}</td></tr>\n'
        )
    return mark_safe("".join(rows))  # every value escaped above


@register.simple_tag
def breakdown_rows(board, filters=None) -> str:
    """The <tr> of each row of the indicators by unit table (#indicator-breakdown)."""

    def cell(row, value) -> str:
        if not value or value[0] is None:
            return "–"
        if row.has_below:
            return f'{_e(_number(value[0]))} <span class="small text-muted">({_e(_number(value[1]))})</span>'
        return _e(_number(value[0]))

    return mark_safe(  # every value escaped in cell() and here
        "".join(
            f"<tr><td>{_name_link(row, board.duty.pk, filters or {})}</td>"
            + "".join(f'<td class="text-end">{cell(row, v)}</td>' for v in row.indicator_values)
            + "</tr>\n"
            for row in board.rows
        )
    )
