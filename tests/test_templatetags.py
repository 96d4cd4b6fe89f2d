"""Template helpers: each dispatches on what it is given, and reuses the computed figures."""

from decimal import Decimal

import pytest

from catalogue import quality
from catalogue.templatetags.catalogue_extras import completeness
from catalogue.templatetags.charts import funding_mix_chart
from tests import factories

pytestmark = pytest.mark.django_db

PROJECT_COST_WHY = "The source states no amount."
CASE_STUDY_COST_WHY = "The source states no amounts for its work."


def whys(checks: list[quality.Check]) -> set[str]:
    return {check.why for check in checks}


def test_a_project_gets_the_project_checks():
    checks = completeness(factories.project())
    assert [check.label for check in checks] == [
        "cost known",
        "split known",
        "places known",
        "source cited",
    ]
    assert PROJECT_COST_WHY in whys(checks)


def test_a_case_study_gets_the_case_study_checks():
    checks = completeness(factories.case_study())
    assert CASE_STUDY_COST_WHY in whys(checks) and PROJECT_COST_WHY not in whys(checks)


@pytest.mark.parametrize("factory", [factories.organisation, factories.donor])
def test_organisations_and_donors_have_no_completeness_checks(factory):
    # Both have ``contributions``, which once made them look like projects.
    record = factory()
    assert hasattr(record, "contributions")
    assert completeness(record) == []


def test_usd_by_party_sums_per_party_in_party_order_and_leaves_out_unconverted():
    project = factories.project()
    factories.contribution(project=project, party_kind="government", amount_usd=Decimal("5"))
    factories.contribution(project=project, party_kind="community", amount_usd=Decimal("2"))
    factories.contribution(project=project, party_kind="community", amount_usd=Decimal("3"))
    factories.contribution(project=project, party_kind="donor", currency="TJS", amount_usd=None)
    by_party = quality.usd_by_party(list(project.contributions.all()))
    assert by_party == {"community": Decimal("5"), "government": Decimal("5")}
    assert list(by_party) == ["community", "government"]
    shares = quality.funding_mix(list(project.contributions.all()))
    assert [(share.party_kind, share.percent) for share in shares] == [
        ("community", Decimal("50.0")),
        ("government", Decimal("50.0")),
    ]


def test_funding_mix_chart_counts_projects_without_usd_as_left_out():
    with_usd = factories.contribution(amount_usd=Decimal("10")).project
    without_usd = factories.contribution(currency="TJS", amount_usd=None).project
    context = funding_mix_chart([with_usd, without_usd], "mix")
    assert [row.title for row in context["chart"].rows] == [with_usd.title]
    assert "1 projects with USD amounts; 1 without them are left out." in str(context["note"])
