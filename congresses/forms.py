"""Shared bits of the congresses forms."""

from crispy_forms.helper import FormHelper
from django import forms

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
TIME_WIDGET = forms.TimeInput(format="%H:%M", attrs={"placeholder": "HH:MM", "inputmode": "numeric"})


def date_field(label, required=True, **kwargs):
    return forms.DateField(
        label=label, required=required, widget=DATE_WIDGET, input_formats=DATE_INPUT_FORMATS, **kwargs
    )


def helper() -> FormHelper:
    h = FormHelper()
    h.form_tag = False
    h.disable_csrf = True
    return h
