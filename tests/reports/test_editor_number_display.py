"""Done when: the report editor shows stored indicator values as Vietnamese write them ("1.450",
"2,5"), the autosave answers with the same text, and a value shown that way saves back unchanged;
a decimal indicator's whole value over a thousand is shown with its decimals ("1.450,0"), so that
it is not read back as 1,45."""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from reports.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db


def save(client, sub, values):
    return client.post(
        reverse("reports-submission-save-section", args=[sub.pk]),
        data=json.dumps({"indicators": {str(k): v for k, v in values.items()}}),
        content_type="application/json",
    )


def shown(client, sub, indicator) -> str:
    html = client.get(reverse("reports-submission-edit", args=[sub.pk])).content.decode()
    match = re.search(rf'<input [^>]*name="indicator-{indicator.pk}" value="([^"]*)"', html)
    assert match, f"no field for indicator {indicator.pk}"
    return match.group(1)


def test_stored_values_are_shown_and_saved_in_vietnamese_format(issued_plan, personas, client_as):
    sub, ind = issued_plan.sub_a1, issued_plan.indicators
    rate = Indicator.objects.create(item=issued_plan.items.s11, name="Tỷ lệ", unit="%", position=2, decimal_places=1)
    client = client_as(personas.officer)
    IndicatorValue.objects.create(submission=sub, indicator=ind.attendees, value=Decimal(1450))
    IndicatorValue.objects.create(submission=sub, indicator=rate, value=Decimal("2.5"))

    assert shown(client, sub, ind.attendees) == "1.450"
    assert shown(client, sub, rate) == "2,5"
    assert shown(client, sub, ind.meetings) == ""

    response = save(client, sub, {ind.attendees.pk: "1450", rate.pk: "2,5", ind.meetings.pk: ""})
    assert response.status_code == 200
    assert response.json()["saved"] == {str(ind.attendees.pk): "1.450", str(rate.pk): "2,5", str(ind.meetings.pk): None}

    # What the editor shows saves back unchanged.
    response = save(client, sub, {ind.attendees.pk: "1.450", rate.pk: "2,5"})
    assert response.json()["saved"] == {str(ind.attendees.pk): "1.450", str(rate.pk): "2,5"}
    assert IndicatorValue.objects.get(submission=sub, indicator=ind.attendees).value == 1450
    assert IndicatorValue.objects.get(submission=sub, indicator=rate).value == Decimal("2.5")
    assert shown(client, sub, ind.attendees) == "1.450"
    assert shown(client, sub, rate) == "2,5"


def test_a_decimal_indicators_thousands_keep_their_decimals(issued_plan, personas, client_as):
    sub = issued_plan.sub_a1
    area = Indicator.objects.create(
        item=issued_plan.items.s11, name="Diện tích", unit="m²", position=2, decimal_places=2
    )
    client = client_as(personas.officer)

    response = save(client, sub, {area.pk: "1.450,00"})
    assert response.json()["saved"] == {str(area.pk): "1.450,00"}
    assert shown(client, sub, area) == "1.450,00"
    save(client, sub, {area.pk: shown(client, sub, area)})
    assert IndicatorValue.objects.get(submission=sub, indicator=area).value == 1450

    assert save(client, sub, {area.pk: "1.234,5"}).json()["saved"] == {str(area.pk): "1.234,5"}
    assert shown(client, sub, area) == "1.234,5"


def test_a_refused_value_is_shown_as_typed(issued_plan, personas, client_as):
    sub, ind = issued_plan.sub_a1, issued_plan.indicators
    client = client_as(personas.officer)
    response = client.post(
        reverse("reports-submission-edit", args=[sub.pk]),
        {f"indicator-{ind.attendees.pk}": "-1.450", f"revision-{issued_plan.items.s11.pk}": "0"},
    )
    assert 'value="-1.450"' in response.content.decode()
