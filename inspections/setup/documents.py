"""The printable schedule (Word, Decree 30 layout) and the calendar file (.ics) of a round."""

import datetime

from django.conf import settings
from django.utils import timezone

from lib.officedoc import OfficialDocument

from .. import selectors


def _hm(t) -> str:
    return t.strftime("%H:%M") if t else ""


def schedule_docx(round, *, with_pairs: bool = True) -> bytes:
    committee = round.committee
    days = selectors.schedule(round)
    doc = OfficialDocument(
        issuer_lines=committee.get_header_lines(),
        number_symbol="/LKT-MTTQ-BTT",
        place=committee.place,
        date=timezone.localdate(),
        doc_type="LỊCH KIỂM TRA",
        title_lines=[round.title],
    )
    doc.heading("1. Thời gian, đơn vị được kiểm tra", 1)
    rows = [
        [f"{i:02d}", f"Ngày {d.day.date:%d/%m/%Y}", ", ".join(u.name for u in d.units), d.day.place]
        for i, d in enumerate(days, start=1)
    ]
    doc.table(["TT", "Thời gian", "Đơn vị", "Địa điểm"], rows, col_widths_mm=[12, 35, 70, 48])
    if days:
        first = days[0].day
        doc.paragraph(
            f"Buổi sáng: từ {_hm(first.morning_start)} – {_hm(first.morning_end)}; "
            f"buổi chiều: từ {_hm(first.afternoon_start)} – {_hm(first.afternoon_end)}."
        )
    doc.heading("2. Chương trình làm việc mỗi ngày", 1)
    for d in days:
        doc.paragraph(f"Ngày {d.day.date:%d/%m/%Y}:", bold=True)
        for item in d.agenda:
            span = f"{_hm(item.start)} – {_hm(item.end)}" if item.end else _hm(item.start)
            doc.paragraph(f"+ {span}: {item.title}")
        pairs = [f"{u.name} kiểm tra chéo {u.cross_target.name}" for u in d.units if u.cross_target and with_pairs]
        if pairs:
            doc.paragraph("Kiểm tra chéo: " + "; ".join(pairs) + ".", italic=True)
    doc.closing(
        recipients=["BTT Ủy ban MTTQ Việt Nam các xã, phường", "Thành viên đoàn kiểm tra", "Lưu VT"],
        on_behalf="TM. BAN THƯỜNG TRỰC",
        position="CHỦ TỊCH",
        signer_name=round.signer_name,
    )
    return doc.to_bytes()


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545: lines of at most 75 octets, continued with a leading space."""
    out, current = [], b""
    for ch in line:
        b = ch.encode()
        if len(current) + len(b) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += b
    out.append(current.decode())
    return [out[0]] + [" " + part for part in out[1:]]


def _utc(day, t) -> str:
    moment = timezone.make_aware(datetime.datetime.combine(day, t))
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def schedule_ics(round, *, units_of: set[int] | None = None) -> str:
    """One event per session of each inspection day (morning and afternoon), with the units, the
    place and the agenda; `units_of` limits it to some days (a unit's own)."""
    site = getattr(settings, "SITE_URL", "http://127.0.0.1:8000").split("//")[-1].split("/")[0]
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//MTTQ//Kiem tra//VI", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for d in selectors.schedule(round):
        if units_of is not None and d.day.pk not in units_of:
            continue
        units = ", ".join(u.name for u in d.units)
        for session, start, end in (("sáng", d.day.morning_start, d.day.morning_end), ("chiều", d.day.afternoon_start, d.day.afternoon_end)):
            agenda = [
                f"{_hm(i.start)}{' – ' + _hm(i.end) if i.end else ''}: {i.title}"
                for i in d.agenda
                if start <= i.start < end
            ]
            lines += [
                "BEGIN:VEVENT",
                f"UID:inspection-{round.pk}-{d.day.pk}-{session == 'sáng' and 'am' or 'pm'}@{site}",
                f"DTSTAMP:{stamp}",
                f"DTSTART:{_utc(d.day.date, start)}",
                f"DTEND:{_utc(d.day.date, end)}",
                f"SUMMARY:{_ics_text(f'Kiểm tra công tác Mặt trận (buổi {session}): {units}')}",
                f"LOCATION:{_ics_text(d.day.place)}",
                f"DESCRIPTION:{_ics_text(chr(10).join(agenda))}",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(part for line in lines for part in _fold(line)) + "\r\n"
