"""lib.urls.reverse_id gives what reverse() gives, under any script prefix."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from lib.urls import reverse_id


@pytest.mark.parametrize("name", ["reports-submission-review", "reports-submission-detail"])
@pytest.mark.parametrize("pk", [1, 7, 42, 987654321, 12345678901234])
def test_reverse_id_is_reverse(name, pk):
    assert reverse_id(name, pk) == reverse(name, args=[pk])


def test_reverse_id_follows_the_script_prefix():
    try:
        set_script_prefix("/mttq/")
        assert reverse_id("reports-submission-review", 5) == reverse("reports-submission-review", args=[5])
        assert reverse_id("reports-submission-review", 5).startswith("/mttq/")
    finally:
        clear_script_prefix()
    assert not reverse_id("reports-submission-review", 5).startswith("/mttq/")


def test_a_url_without_one_id_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        reverse_id("reports-dashboard-overview", 1)
