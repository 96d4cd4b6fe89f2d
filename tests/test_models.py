"""The schema enforces what it can: choices, natural keys, non-negative amounts, partial dates."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from catalogue import models as m
from catalogue.core import vocabulary
from catalogue.core.dates import PartialDate
from tests import factories

pytestmark = pytest.mark.django_db


def rejects(callable_, *args, **kwargs) -> bool:
    try:
        with transaction.atomic():
            callable_(*args, **kwargs)
    except IntegrityError:
        return True
    return False


class TestChoicesAreConstrained:
    def test_unknown_organisation_kind_is_rejected(self):
        assert rejects(factories.organisation, kind="ministry-of-magic")

    def test_unknown_party_kind_is_rejected(self):
        assert rejects(factories.contribution, party_kind="bank")

    def test_unknown_currency_is_rejected(self):
        assert rejects(factories.contribution, currency="EUR")

    def test_unknown_partner_level_is_rejected(self):
        assert rejects(factories.partnership, level="galactic")

    def test_unknown_region_kind_is_rejected(self):
        assert rejects(factories.region, kind="planet")

    def test_valid_choices_are_accepted(self):
        contribution = factories.contribution(party_kind="government", currency="TJS")
        assert contribution.pk is not None


class TestAmounts:
    def test_negative_contribution_is_rejected(self):
        assert rejects(factories.contribution, amount=Decimal("-1"))

    def test_negative_usd_amount_is_rejected(self):
        assert rejects(factories.contribution, amount_usd=Decimal("-0.01"))

    def test_negative_total_is_rejected(self):
        assert rejects(factories.project, total_amount=Decimal("-5"), total_currency="USD")

    def test_total_needs_a_currency(self):
        assert rejects(factories.project, total_amount=Decimal("5"), total_currency="")

    def test_currency_without_total_is_rejected(self):
        assert rejects(factories.project, total_currency="USD")

    def test_donor_only_on_donor_contributions(self):
        assert rejects(factories.contribution, party_kind="community", donor=factories.donor())

    def test_exchange_rate_must_be_positive(self):
        assert rejects(factories.exchange_rate, units_per_usd=Decimal("0"))

    def test_years_must_be_ordered(self):
        assert rejects(factories.project, start_year=2006, end_year=2004)


class TestNaturalKeys:
    def test_organisation_names_are_unique(self):
        factories.organisation(name="NGO Marifat")
        assert rejects(factories.organisation, name="NGO Marifat")

    def test_place_names_are_unique_within_their_parent(self):
        khatlon = factories.region(name="Khatlon")
        factories.region(name="Sino", kind="village", parent=khatlon)
        assert rejects(factories.region, name="Sino", kind="village", parent=khatlon)
        # The same name elsewhere is another place (Sino is also a Dushanbe district).
        dushanbe = factories.region(name="Dushanbe")
        assert factories.region(name="Sino", kind="district", parent=dushanbe).pk

    def test_case_study_numbers_are_unique_per_document(self):
        document = factories.source_document()
        factories.case_study(number=1, source_document=document, first_line=1, last_line=2)
        assert rejects(
            factories.case_study, number=1, source_document=document, first_line=2, last_line=3
        )

    def test_exchange_rate_is_unique_per_year(self):
        factories.exchange_rate(year=2005)
        assert rejects(factories.exchange_rate, year=2005)


class TestProvenance:
    def test_line_span_must_be_ordered(self):
        document = factories.source_document()
        assert rejects(factories.organisation, source_document=document, first_line=5, last_line=4)

    def test_line_span_needs_a_document(self):
        assert rejects(factories.organisation, first_line=1, last_line=2)

    def test_lines_start_at_one(self):
        document = factories.source_document()
        assert rejects(factories.organisation, source_document=document, first_line=0, last_line=2)

    def test_source_url_points_at_the_cited_lines(self):
        document = factories.source_document(slug="book")
        organisation = factories.organisation(source_document=document, first_line=2, last_line=3)
        assert organisation.source_url() == "/sources/book/?lines=2-3#L2-L3"
        assert document.excerpt(2, 3) == "line two\nline three"

    def test_staff_created_records_have_no_source(self):
        assert factories.organisation().source_url() == ""


class TestPartialDates:
    def test_year_only(self):
        organisation = factories.organisation(founded_year=1999)
        assert organisation.founded == PartialDate(1999)
        assert organisation.founded.isoformat() == "1999"

    def test_year_and_month(self):
        organisation = factories.organisation(founded_year=1998, founded_month=6)
        assert organisation.founded.isoformat() == "1998-06"

    def test_full_date(self):
        organisation = factories.organisation(
            registration="registered", registered_year=1999, registered_month=12, registered_day=3
        )
        assert organisation.registered.isoformat() == "1999-12-03"

    def test_day_without_month_is_rejected(self):
        assert rejects(factories.organisation, founded_year=1999, founded_day=3)

    def test_month_without_year_is_rejected(self):
        assert rejects(factories.organisation, founded_month=3)

    def test_month_out_of_range_is_rejected(self):
        assert rejects(factories.organisation, founded_year=1999, founded_month=13)

    def test_registration_date_needs_registered_status(self):
        assert rejects(factories.organisation, registration="not_registered", registered_year=2000)

    def test_not_registered_has_no_date(self):
        organisation = factories.organisation(registration="not_registered")
        assert organisation.registered is None
        assert organisation.get_registration_display() == "Not registered"

    def test_partial_date_value_object_validates(self):
        with pytest.raises(ValueError):
            PartialDate(1999, None, 3)


class TestAliasesAndCoordinates:
    def test_aliases_are_kept_as_a_list(self):
        place = factories.region(name="Khovaling", kind="district", aliases=["Hovaling"])
        place.refresh_from_db()
        assert place.aliases == ["Hovaling"]

    def test_alias_lookup_by_json_contains_is_not_needed_for_str(self):
        donor = factories.donor(name="Canadian International Development Agency", short_name="CIDA")
        assert str(donor) == "CIDA"

    def test_point_must_be_complete(self):
        assert rejects(factories.region, latitude=Decimal("38.5"))

    def test_point_must_be_on_earth(self):
        assert rejects(factories.region, latitude=Decimal("138.5"), longitude=Decimal("71"))


class TestStrAndUrls:
    def test_every_model_has_a_readable_str_and_a_url(self, client):
        records = factories.one_of_everything()
        for name, record in records.items():
            assert str(record).strip(), name
            url = record.get_absolute_url()
            assert url.startswith("/"), name
            response = client.get(url)
            assert response.status_code == 200, (name, url)


class TestSpanNulls:
    def test_half_a_span_is_rejected(self):
        document = factories.source_document()
        assert rejects(factories.organisation, source_document=document, first_line=3)


@pytest.mark.parametrize("enum", vocabulary.VOCABULARIES, ids=lambda e: e.__name__)
def test_model_choices_are_the_core_vocabulary(enum) -> None:
    choices = getattr(m, enum.__name__)
    assert choices.values == [member.value for member in enum]
    assert [str(label) for label in choices.labels] == [member.label for member in enum]
