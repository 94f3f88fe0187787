"""Rules that used to be written in several places and now live once; each test pins the
behaviour chosen where the copies disagreed."""

import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lib.numbers import format_number, parse_number, without_trailing_zeros
from lib.richtext import is_blank
from lib.uploads import UnsafeArchive, check_archive
from reports.dashboards.selectors import aggregate_total
from reports.indicators import aggregate, total_places
from reports.models import Indicator, Submission
from reports.submissions.services import parse_indicator_value
from tests.conftest import local_dt

from .dashboard_factories import set_state

S = Submission.State
A = Indicator.Aggregation


def test_an_average_is_rounded_the_same_for_the_word_report_the_dashboard_and_excel():
    # The consolidated report used to keep 1.6666... while the dashboard and Excel showed 1.67.
    average = Indicator(aggregation=A.AVG, decimal_places=0)
    values = [Decimal(1), Decimal(2), Decimal(2)]
    assert aggregate(average, values) == Decimal("1.67")
    assert aggregate_total(average, {"v_sum": Decimal(5), "v_max": Decimal(2), "n": 3}) == Decimal("1.67")
    assert total_places(average) == 2 and total_places(Indicator(aggregation=A.AVG, decimal_places=3)) == 3
    summed = Indicator(aggregation=A.SUM, decimal_places=1)
    assert aggregate(summed, [Decimal("1.25"), Decimal("1")]) == Decimal("2.2")  # half to even
    assert aggregate(Indicator(aggregation=A.MAX), [Decimal(3), Decimal(7)]) == Decimal(7)
    assert aggregate(summed, []) is None and aggregate_total(summed, {}) is None
    # The pre-fill of an upward report rounds once, to the places of the indicator it fills.
    assert aggregate(average, values, places=0) == Decimal(2)


@pytest.mark.parametrize(
    "raw, places, expected",
    [("1.234", 0, Decimal(1234)), ("1.234,5", 1, Decimal("1234.5")), ("1,50", 1, Decimal("1.5")), ("5,0", 0, 5)],
)
def test_a_typed_value_is_read_like_a_value_from_the_excel_form(raw, places, expected):
    # The report form used to refuse "1,50" (one decimal allowed) and "5,0" (a whole number) that
    # the Excel form accepted: both are the same number without the trailing zeros.
    indicator = Indicator(decimal_places=places)
    assert parse_indicator_value(indicator, raw) == expected
    assert str(parse_indicator_value(indicator, raw)) == str(expected)


def test_typed_values_still_refused_with_their_reasons():
    whole = Indicator(decimal_places=0)
    for raw, code in [
        ("abc", "not_a_number"),
        ("-1", "negative"),
        ("1,5", "not_integer"),
        ("1" + "0" * 14, "too_large"),
    ]:
        with pytest.raises(ValidationError) as exc:
            parse_indicator_value(whole, raw)
        assert exc.value.code == code
    with pytest.raises(ValidationError) as exc:
        parse_indicator_value(Indicator(decimal_places=1), "1,25")
    assert exc.value.code == "too_many_decimals"
    assert parse_indicator_value(whole, " ") is None and parse_number(None) is None


def test_numbers_are_shown_the_vietnamese_way():
    assert format_number(5363) == "5.363"
    assert format_number(Decimal("2.5")) == "2,5"
    assert format_number(Decimal("1234567.50")) == "1.234.567,5"
    assert format_number(Decimal("5.0000")) == "5"
    assert format_number(3.0, places=1, keep_zeros=True) == "3,0"


def test_stored_numbers_lose_only_their_trailing_zeros():
    """One rule (lib.numbers.without_trailing_zeros) for the API, the indicator form and the
    report pages: the database's 12.5000 is 12.5, 30.0000 is 30, never 3E+1."""
    assert str(without_trailing_zeros(Decimal("12.5000"))) == "12.5"
    assert str(without_trailing_zeros(Decimal("30.0000"))) == "30"
    assert str(without_trailing_zeros(Decimal("1E+3"))) == "1000"
    assert str(without_trailing_zeros("0.2500")) == "0.25"  # a saved version's text
    assert without_trailing_zeros(None) is None


@pytest.mark.parametrize(
    "fragment", [None, "", "<p></p>", "<p><br></p>", "<p>&nbsp; &#160;</p>", "<p>&ensp;&#x20;</p>"]
)
def test_a_section_of_tags_and_spaces_is_blank(fragment):
    # The consolidation used to count "&ensp;" or "&#x20;" as text (and print the committee's name
    # over nothing) while the submit check counted them as blank.
    assert is_blank(fragment)


@pytest.mark.parametrize("fragment", ["<p>a</p>", "<ul><li>0</li></ul>", "<p>&lt;</p>", "x"])
def test_a_section_with_a_character_is_not_blank(fragment):
    assert not is_blank(fragment)


def _member(name, size, compressed, flags=0):
    info = zipfile.ZipInfo(name)
    info.file_size, info.compress_size, info.flag_bits = size, compressed, flags
    return info


def test_one_archive_check_for_every_office_upload():
    mb = 1024 * 1024
    check_archive([_member("a.xml", 2 * mb, 100 * 1024)])  # ratio 20: fine
    cases = [
        ([_member("a.xml", 10, 10, flags=1)], "encrypted"),
        ([_member("a.xml", 2 * mb, 10 * 1024)], "size"),  # ratio 200
        ([_member("a.xml", 10, 10)] * 3, "members"),
        ([_member("a.xml", 6 * mb, 6 * mb)], "size"),
    ]
    for members, reason in cases:
        with pytest.raises(UnsafeArchive) as exc:
            check_archive(members, max_members=2, max_uncompressed=5 * mb)
        assert exc.value.reason == reason


def test_late_in_the_database_is_the_models_rule(issued_plan):
    deadline = issued_plan.duty.deadline
    a1 = set_state(issued_plan.sub_a1, S.SUBMITTED, submitted=deadline + timedelta(hours=1))
    a2 = set_state(issued_plan.sub_a2, S.RETURNED, submitted=deadline - timedelta(hours=1))
    org = set_state(issued_plan.sub_org, S.ACCEPTED, submitted=deadline + timedelta(days=1))
    Submission.objects.filter(pk=a1.pk).update(extended_deadline=deadline + timedelta(days=1))
    a1.refresh_from_db()
    annotated = {s.pk: s for s in Submission.objects.with_status(local_dt(2022, 7, 1))}
    for sub in (a1, a2, org):
        assert bool(annotated[sub.pk].late) == sub.is_late, sub.committee.code
        assert annotated[sub.pk].effective_deadline == sub.deadline
    assert [a1.is_late, a2.is_late, org.is_late] == [False, False, True]
    assert annotated[a1.pk].status == Submission.Status.SUBMITTED_ON_TIME
    assert a2.would_be_late(local_dt(2022, 7, 1)) is False  # first submitted on time
