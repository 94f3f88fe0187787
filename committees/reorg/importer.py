"""A province's reform from a spreadsheet: one row per old committee, its new code, the new name,
the new parent's code, the level, the effective day and the decision (number, date, body).

How rows read (grouped by the new code):
- several old codes -> one new code: a merge (into the old committee keeping its code, or a new
  committee with that code, name, parent and level);
- one old code -> several new codes: a split (the first row's committee takes what it still owed);
- one old code -> a new code of its own: a merge into a new committee (the code changes);
- an old code kept: a rename when the name changes, a move when the parent changes;
- an old code with no new code: a dissolution.
Every row is checked first and refused with its row number and reason (nothing is written while
one row is wrong); then the whole file is applied in one transaction, and a refusal of a service
(a report still owed, a person left with no committee) is reported against its row and undoes
everything.
"""

import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from committees.models import Committee
from lib.dates import parse_date
from lib.uploads import (
    UnsafeArchive,
    check_archive,
    encrypted_message,
    is_ole2,
    macro_message,
    ole_message,
    zip_members,
)
from lib.vnsort import fold_name

from .services import (
    Decision,
    NewCommittee,
    People,
    committee_dissolve,
    committee_move,
    committee_rename,
    committee_split,
    committees_merge,
)

COLUMNS = [
    ("old_code", "Mã cũ"),
    ("new_code", "Mã mới"),
    ("new_name", "Tên mới"),
    ("new_parent", "Mã cấp trên mới"),
    ("level", "Cấp"),
    ("effective_on", "Ngày hiệu lực"),
    ("decision_number", "Số quyết định"),
    ("decision_date", "Ngày quyết định"),
    ("decision_body", "Cơ quan quyết định"),
]
OPTIONAL = {"level", "new_name", "new_parent", "new_code"}
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20000


@dataclass
class RowError:
    row: int  # 0: the file itself
    message: str

    def __str__(self) -> str:
        return _("Dòng %(row)d: %(message)s") % {"row": self.row, "message": self.message} if self.row else self.message


class TreeImportRejected(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class Row:
    number: int
    old: Committee | None
    old_code: str
    new_code: str
    new_name: str
    new_parent_code: str
    level: str
    decision: Decision


@dataclass
class ImportResult:
    reorganisations: list = field(default_factory=list)


def _text(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _workbook(data: bytes):
    if len(data) > MAX_BYTES:
        raise TreeImportRejected([RowError(0, _("Tệp quá lớn (tối đa %(n)d MB).") % {"n": MAX_BYTES // 1024 // 1024})])
    if is_ole2(data):
        raise TreeImportRejected([RowError(0, ole_message(data, old_format=".xls"))])
    members = zip_members(data) if data[:4] == b"PK\x03\x04" else None
    not_xlsx = TreeImportRejected([RowError(0, _("Tệp không phải bảng tính Excel (.xlsx)."))])
    if members is None:
        raise not_xlsx
    try:
        check_archive(members)
    except UnsafeArchive as exc:
        message = {"encrypted": encrypted_message, "macro": macro_message}.get(exc.reason)
        raise TreeImportRejected(
            [RowError(0, message() if message else _("Tệp lớn bất thường khi giải nén."))]
        ) from None
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on damaged files
        raise not_xlsx from None


def read_rows(data: bytes) -> list[Row]:
    """Every row checked; TreeImportRejected listing every wrong row otherwise. Writes nothing."""
    sheet = _workbook(data).worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    header = next(lines, None) or ()
    wanted = {fold_name(label): key for key, label in COLUMNS}
    where = {wanted[fold_name(_text(h))]: i for i, h in enumerate(header) if fold_name(_text(h)) in wanted}
    missing = [label for key, label in COLUMNS if key not in where and key not in OPTIONAL]
    if missing:
        raise TreeImportRejected(
            [RowError(1, _("thiếu cột: %(names)s (dòng đầu là tên cột).") % {"names": ", ".join(missing)})]
        )
    raw_rows = []
    for number, values in enumerate(lines, start=2):
        raw = {key: _text(values[i]) if i < len(values) else "" for key, i in where.items()}
        for key in ("effective_on", "decision_date"):  # a date cell stays a date
            if key in where and where[key] < len(values) and hasattr(values[where[key]], "year"):
                raw[key] = values[where[key]]
        if any(raw.values()):
            raw_rows.append((number, raw))
        if len(raw_rows) > MAX_ROWS:
            raise TreeImportRejected([RowError(0, _("Quá %(n)d dòng.") % {"n": MAX_ROWS})])
    if not raw_rows:
        raise TreeImportRejected([RowError(0, _("Bảng tính không có dòng nào."))])

    codes = {r.get("old_code") for _n, r in raw_rows} | {r.get("new_parent") for _n, r in raw_rows}
    known = {c.code: c for c in Committee.objects.filter(code__in=[c for c in codes if c])}
    new_codes = {r.get("new_code") for _n, r in raw_rows if r.get("new_code")}
    errors, rows, seen = [], [], set()
    for number, raw in raw_rows:
        problems = []
        old = known.get(raw.get("old_code", ""))
        if not raw.get("old_code"):
            problems.append(_("chưa ghi mã cũ"))
        elif old is None:
            problems.append(_("không có ủy ban mã “%(code)s”") % {"code": raw["old_code"]})
        elif not old.is_active:
            problems.append(_("%(name)s đã thôi hoạt động") % {"name": old.name})
        pair = (raw.get("old_code"), raw.get("new_code"))
        if pair in seen:
            problems.append(_("trùng với một dòng phía trên"))
        seen.add(pair)
        parent_code = raw.get("new_parent", "")
        if parent_code and parent_code not in known and parent_code not in new_codes:
            problems.append(_("không có ủy ban cấp trên mã “%(code)s”") % {"code": parent_code})
        dates = {}
        for key, label in (("effective_on", _("ngày hiệu lực")), ("decision_date", _("ngày quyết định"))):
            try:
                dates[key] = parse_date(raw.get(key))
            except ValueError as exc:
                problems.append(f"{label}: {exc}")
        for key, label in (("decision_number", _("số quyết định")), ("decision_body", _("cơ quan quyết định"))):
            if not raw.get(key):
                problems.append(_("chưa ghi %(what)s") % {"what": label})
        new_code = raw.get("new_code", "")
        if new_code and new_code not in known and not raw.get("new_name"):
            problems.append(_("mã mới “%(code)s” là đơn vị mới: cần ghi tên mới") % {"code": new_code})
        if problems:
            errors.extend(RowError(number, p) for p in problems)
            continue
        rows.append(
            Row(
                number=number,
                old=old,
                old_code=raw["old_code"],
                new_code=new_code,
                new_name=raw.get("new_name", ""),
                new_parent_code=parent_code,
                level=raw.get("level", ""),
                decision=Decision(
                    effective_on=dates["effective_on"],
                    number=raw["decision_number"],
                    date=dates["decision_date"],
                    body=raw["decision_body"],
                ),
            )
        )
    errors.extend(_check_shapes(rows))
    if errors:
        raise TreeImportRejected(sorted(errors, key=lambda e: e.row))
    return rows


def _check_shapes(rows: list[Row]) -> list[RowError]:
    """A new code fed by several old ones must not also be part of a split (many to many)."""
    by_old, by_new = {}, {}
    for r in rows:
        by_old.setdefault(r.old_code, []).append(r)
        if r.new_code:
            by_new.setdefault(r.new_code, []).append(r)
    errors = []
    for code, group in by_new.items():
        if len(group) > 1 and any(len(by_old[r.old_code]) > 1 for r in group):
            errors.extend(
                RowError(
                    r.number,
                    _("mã mới “%(code)s” vừa nhận sáp nhập vừa được chia tách: hãy tách thành hai lần sắp xếp")
                    % {"code": code},
                )
                for r in group
            )
    for code, group in by_old.items():
        if len(group) > 1 and any(not r.new_code for r in group):
            errors.extend(
                RowError(r.number, _("mã cũ “%(code)s” vừa giải thể vừa chia tách") % {"code": code}) for r in group
            )
    return errors


def _parent(code: str, fallback: Committee | None) -> Committee | None:
    return Committee.objects.get(code=code) if code else fallback


def _new(row: Row) -> NewCommittee:
    return NewCommittee(
        name=row.new_name,
        code=row.new_code,
        level=row.level or row.old.level,
        parent=_parent(row.new_parent_code, row.old.parent),
        kind=row.old.kind,
    )


@transaction.atomic
def tree_import(*, data: bytes, people: str = People.MOVE, by=None) -> ImportResult:
    """Read, check and apply a reform spreadsheet (see the module's docstring)."""
    rows = read_rows(data)
    result = ImportResult()
    by_old, by_new = {}, {}
    for r in rows:
        by_old.setdefault(r.old_code, []).append(r)
        if r.new_code:
            by_new.setdefault(r.new_code, []).append(r)
    done_old: set[str] = set()
    errors: list[RowError] = []

    def run(group: list[Row], call):
        try:
            with transaction.atomic():
                result.reorganisations.append(call())
        except ValidationError as exc:
            errors.extend(RowError(group[0].number, m) for m in exc.messages)

    # In the file's order, so that a parent created by a row is there for the rows below it.
    for r in rows:
        if r.old_code in done_old:
            continue
        old = Committee.objects.get(pk=r.old.pk)
        splits = by_old[r.old_code]
        if not r.new_code:
            done_old.add(r.old_code)
            run([r], lambda old=old, r=r: committee_dissolve(committee=old, people=people, decision=r.decision, by=by))
        elif len(splits) > 1:
            done_old.add(r.old_code)
            targets = [Committee.objects.get(code=s.new_code) if _exists(s.new_code) else _new(s) for s in splits]
            run(
                splits,
                lambda old=old, targets=targets, r=r: committee_split(
                    source=old, into=targets, people=people, decision=r.decision, by=by
                ),
            )
        elif len(by_new[r.new_code]) > 1 or r.new_code != r.old_code:
            group = by_new[r.new_code]
            done_old.update(g.old_code for g in group)
            sources = [Committee.objects.get(pk=g.old.pk) for g in group]
            keeper = next((g for g in group if g.old_code == g.new_code), None)
            into = Committee.objects.get(code=r.new_code) if keeper or _exists(r.new_code) else _new(r)
            run(
                group,
                lambda sources=sources, into=into, r=r: committees_merge(
                    sources=sources, into=into, people=people, decision=r.decision, by=by
                ),
            )
            if keeper is not None:
                _rename_and_move(keeper, run, by)
        else:
            done_old.add(r.old_code)
            _rename_and_move(r, run, by)
    if errors:
        transaction.set_rollback(True)
        raise TreeImportRejected(sorted(errors, key=lambda e: e.row))
    return result


def _exists(code: str) -> bool:
    return Committee.objects.filter(code=code).exists()


def _rename_and_move(r: Row, run, by) -> None:
    committee = Committee.objects.get(code=r.new_code)
    if r.new_name and r.new_name != committee.name:
        run([r], lambda: committee_rename(committee=committee, name=r.new_name, decision=r.decision, by=by))
        committee.refresh_from_db()
    if r.new_parent_code and r.new_parent_code != getattr(committee.parent, "code", None):
        parent = Committee.objects.get(code=r.new_parent_code)
        run([r], lambda: committee_move(committee=committee, parent=parent, decision=r.decision, by=by))
