"""Numbers in one Vietnamese format on every page ("5.363", "2,5"), the Excel form read the same
way as the editor ("1.500"), and the dashboard's "Cấp" filter by administrative level."""

import re
from decimal import Decimal

import pytest
import time_machine
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from committees.models import Committee
from reports.models import Submission
from tests.conftest import local_dt, make_committee

from .dashboard_factories import set_state
from .test_excel import download_form, refused, to_bytes, upload, values_of

S = Submission.State
AFTER_DEADLINE = local_dt(2022, 6, 20, 9, 0)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_number_filter_is_vietnamese_in_both_languages(language):
    template = Template("{% load portal %}{{ a|number }} {{ b|number }} {{ c|number:1 }} {{ d|number_fixed:1 }} [{{ e|number }}]")
    with translation.override(language):
        text = template.render(Context({"a": 5363, "b": Decimal("1234.50"), "c": 2.345, "d": 2, "e": None}))
    assert text == "5.363 1.234,5 2,3 2,0 []"


@pytest.fixture
def big(issued_plan, personas):
    p = issued_plan
    set_state(p.sub_a1, S.SUBMITTED, submitted=local_dt(2022, 6, 13, 10, 0),
              values={p.indicators.meetings: 12, p.indicators.attendees: 5300})
    set_state(p.sub_org, S.SUBMITTED, submitted=local_dt(2022, 6, 14, 10, 0),
              values={p.indicators.meetings: 3, p.indicators.attendees: 63})
    return p


@time_machine.travel(AFTER_DEADLINE, tick=False)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_dashboard_totals_are_written_5_363(big, personas, client_as, language):
    c = client_as(personas.reviewer)
    c.cookies["django_language"] = language
    html = c.get(reverse("reports-dashboard-plan", args=[big.plan.pk])).content.decode()
    totals = re.findall(r'class="text-end fw-semibold total">([^<]*)<', html)
    assert "5.363" in totals, totals
    assert ">5363<" not in html and "5.300" in html


@pytest.fixture
def filled(issued_plan, personas, client_as):
    sub = issued_plan.sub_a1
    set_state(sub, S.DRAFT, values={issued_plan.indicators.meetings: 2})
    c = client_as(personas.officer)
    return c, sub, download_form(c, sub)


def test_excel_form_accepts_numbers_typed_as_text_like_the_editor(filled):
    c, sub, wb = filled
    wb.active["E7"], wb.active["E8"] = "15", "1.500"
    assert upload(c, sub, to_bytes(wb)).status_code == 302
    assert values_of(sub) == {"Số cuộc": Decimal(15), "Số lượt người dự": Decimal(1500)}


def test_excel_form_says_letters_only_when_there_are_letters(filled):
    c, sub, wb = filled
    wb.active["E7"], wb.active["E8"] = "1,2,3", "mười"
    errors = refused(c, sub, to_bytes(wb), ("E8", "có chữ"))
    (e7,) = [m for a, m in errors if a == "E7"]
    assert "có chữ" not in e7 and "1,2,3" in e7


# --- the "Cấp" filter -----------------------------------------------------------------------
def test_tier_is_the_administrative_level_not_the_unit_word(tree):
    province = tree.city_a.parent
    xa = make_committee("xa-1", "Ủy ban MTTQ xã Tam Thăng", "Xã", tree.city_a)
    tt = make_committee("tt-1", "Ủy ban MTTQ thị trấn Dầu Giây", "Thị trấn", tree.city_a)
    dk = make_committee("dk-1", "Ủy ban MTTQ đặc khu Phú Quốc", "Đặc khu", province)
    root_city = make_committee("tp-tw", "Ủy ban MTTQ thành phố Cần Thơ", "Thành phố")
    T = Committee.Tier
    assert province.tier == T.PROVINCE and root_city.tier == T.PROVINCE
    assert tree.city_a.tier == T.DISTRICT and tree.org_a.tier == T.DISTRICT
    assert {tree.ward_a1.tier, xa.tier, tt.tier, dk.tier} == {T.COMMUNE}


@time_machine.travel(AFTER_DEADLINE, tick=False)
def test_level_filter_offers_levels_and_takes_every_commune_level_unit(issued_plan, tree, personas, client_as):
    xa = make_committee("xa-1", "Ủy ban MTTQ xã Tam Thăng", "Xã", tree.city_a)
    Submission.objects.create(duty=issued_plan.duty, committee=xa)
    c = client_as(personas.reviewer)
    url = reverse("reports-dashboard-plan", args=[issued_plan.plan.pk])
    board = c.get(url).context["board"]
    assert board.levels == [("district", "Cấp huyện"), ("commune", "Cấp xã")]
    html = c.get(url).content.decode()
    assert '<option value="commune">Cấp xã</option>' in html and ">Phường</option>" not in html
    communes = c.get(url + "?level=commune").context["board"]
    assert sorted(r.committee.code for r in communes.rows) == ["tp-a-p1", "tp-a-p2", "xa-1"]
