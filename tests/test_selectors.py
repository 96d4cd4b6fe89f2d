"""The query vocabulary on the models' QuerySets and the selectors built on it."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue import models as m
from catalogue.selectors import charts as chart_selectors
from catalogue.selectors import records as selectors
from tests import factories

pytestmark = pytest.mark.django_db


def slugs(queryset) -> set[str]:
    return set(queryset.values_list("slug", flat=True))


class TestRegionQuerySet:
    def test_first_level_is_the_regions_proper(self, places):
        assert slugs(m.Region.objects.first_level()) == {"khatlon", "gbao"}

    def test_within_is_the_place_and_everything_inside_it(self, places):
        assert slugs(m.Region.objects.within([places["khatlon"]])) == {
            "khatlon",
            "khovaling",
            "jamoat",
            "village",
        }
        assert slugs(m.Region.objects.within([places["jamoat"]])) == {"jamoat", "village"}
        assert slugs(m.Region.objects.within([places["gbao"]])) == {"gbao"}

    def test_within_reaches_the_deepest_place_from_the_country(self, places):
        assert slugs(m.Region.objects.within([places["country"]])) == set(
            region.slug for region in places.values()
        )

    def test_within_several_places_is_their_union(self, places):
        within = m.Region.objects.within([places["gbao"], places["jamoat"]])
        assert slugs(within) == {"gbao", "jamoat", "village"}


class TestOrganisationQuerySet:
    def test_civil_society_and_government_split_the_organisations(self):
        ngo = factories.organisation(kind=m.OrganisationKind.NGO)
        vo = factories.organisation(kind=m.OrganisationKind.VILLAGE_ORGANISATION)
        hukumat = factories.organisation(kind=m.OrganisationKind.GOVERNMENT)
        assert set(m.Organisation.objects.civil_society()) == {ngo, vo}
        assert set(m.Organisation.objects.government()) == {hukumat}

    def test_in_places_by_home_region_district_or_where_it_works(self, places):
        at_home = factories.organisation(region=places["khatlon"])
        in_district = factories.organisation(district=places["district"])
        active = factories.organisation()
        active.regions_active.set([places["khatlon"], places["district"]])  # listed once
        elsewhere = factories.organisation(region=places["gbao"])
        within = m.Region.objects.within([places["khatlon"]]).values("pk")
        found = list(m.Organisation.objects.in_places(within))
        assert sorted(found, key=lambda o: o.pk) == [at_home, in_district, active]
        assert elsewhere not in found


class TestCaseStudyAndProjectQuerySets:
    def test_case_studies_in_places_by_region_district_or_named_place(self, places):
        by_region = factories.case_study(region=places["khatlon"])
        by_district = factories.case_study(district=places["district"])
        by_village = factories.case_study()
        by_village.places.set([places["village"], places["jamoat"]])  # listed once
        factories.case_study(region=places["gbao"])
        found = list(m.CaseStudy.objects.in_places([places["district"].pk, places["village"].pk]))
        assert sorted(found, key=lambda c: c.pk) == [by_district, by_village]
        within = m.Region.objects.within([places["khatlon"]]).values("pk")
        assert set(m.CaseStudy.objects.in_places(within)) == {by_region, by_district, by_village}

    def test_projects_in_places_through_their_case_study_or_their_own_places(self, places):
        case_study = factories.case_study(region=places["khatlon"])
        through_case_study = factories.project(case_study=case_study)
        own_place = factories.project()
        own_place.places.set([places["village"]])
        factories.project(case_study=factories.case_study(region=places["gbao"]))
        within = m.Region.objects.within([places["khatlon"]]).values("pk")
        found = list(m.Project.objects.in_places(within))
        assert sorted(found, key=lambda p: p.pk) == [through_case_study, own_place]

    def test_projects_of_case_studies_and_of_organisations(self):
        ours = factories.project(case_study=factories.case_study())
        theirs = factories.project()
        case_studies = m.CaseStudy.objects.filter(pk=ours.case_study_id)
        assert list(m.Project.objects.of_case_studies(case_studies)) == [ours]
        organisations = m.Organisation.objects.filter(pk=theirs.organisation_id)
        assert list(m.Project.objects.of_organisations(organisations)) == [theirs]


class TestContributionQuerySet:
    def test_with_usd_leaves_out_amounts_without_a_rate(self):
        converted = factories.contribution()
        factories.contribution(currency="TJS", amount_usd=None)
        assert list(m.Contribution.objects.with_usd()) == [converted]

    def test_from_known_donors(self):
        donor = factories.donor()
        named = factories.contribution(party_kind="donor", party_name="CIDA", donor=donor)
        factories.contribution(party_kind="donor", party_name="someone")
        assert list(m.Contribution.objects.from_known_donors()) == [named]

    def test_of_organisation_projects_and_donors(self):
        donor = factories.donor()
        ours = factories.contribution(party_kind="donor", party_name="CIDA", donor=donor)
        theirs = factories.contribution()
        organisation = ours.project.organisation
        assert list(m.Contribution.objects.of_organisation(organisation)) == [ours]
        projects = m.Project.objects.filter(pk=theirs.project_id)
        assert list(m.Contribution.objects.of_projects(projects)) == [theirs]
        assert list(m.Contribution.objects.of_donors(m.Donor.objects.all())) == [ours]

    def test_for_funding_table_reads_each_row_in_one_query(self):
        donor = factories.donor()
        rate = factories.exchange_rate()
        document = factories.source_document()
        for _ in range(3):
            factories.contribution(
                party_kind="donor",
                party_name="CIDA",
                donor=donor,
                exchange_rate=rate,
                source_document=document,
                first_line=1,
                last_line=1,
            )
        with CaptureQueriesContext(connection) as context:
            rows = [
                (c.donor.name, c.exchange_rate.year, c.source_document.slug)
                for c in m.Contribution.objects.for_funding_table()
            ]
        assert len(rows) == 3 and len(context.captured_queries) == 1


class TestSelectors:
    def test_catalogue_counts_split_civil_society_from_government(self):
        factories.organisation(kind=m.OrganisationKind.NGO)
        factories.partnership()  # a case study, its NGO and a government body
        counts = selectors.catalogue_counts()
        assert counts["organisations"] == 2
        assert counts["government_bodies"] == 1
        assert counts["case_studies"] == 1

    def test_region_contents_roll_up_everything_inside_the_region(self, places):
        case_study = factories.case_study(district=places["district"])
        project = factories.project(case_study=case_study)
        factories.contribution(project=project, amount_usd=Decimal("40"), amount=Decimal("40"))
        factories.contribution(project=factories.project())  # no place: left out
        organisation = factories.organisation(region=places["khatlon"])
        factories.organisation(region=places["khatlon"], kind=m.OrganisationKind.GOVERNMENT)
        contents = selectors.region_contents(places["khatlon"])
        assert list(contents.case_studies) == [case_study]
        assert list(contents.projects) == [project]
        assert list(contents.organisations) == [organisation]  # government bodies are not
        assert contents.funding.total_usd == Decimal("40")
        assert selectors.region_contents(places["gbao"]).funding.included == 0

    def test_partners_and_donors_of_some_work(self):
        partnership = factories.partnership()
        factories.partnership()  # another case study's
        case_study = partnership.case_study
        named, funding, other = factories.donor(), factories.donor(), factories.donor()
        m.CaseStudyDonor.objects.create(case_study=case_study, donor=named)
        project = factories.project(case_study=case_study)
        factories.contribution(project=project, party_kind="donor", party_name="x", donor=funding)
        factories.contribution(party_kind="donor", party_name="y", donor=other)
        assert list(selectors.partners_of_case_studies([case_study])) == [partnership]
        donors = selectors.donors_of_work([case_study], [project])
        assert sorted(donors, key=lambda d: d.pk) == [named, funding]

    def test_source_lines_mark_cited_spans_and_the_highlight(self):
        document = factories.source_document(text="one\ntwo\nthree\nfour\n")
        factories.organisation(source_document=document, first_line=2, last_line=3)
        lines = selectors.source_lines(document, (4, 4))
        assert [line.number for line in lines] == [1, 2, 3, 4]
        assert [line.cited for line in lines] == [False, True, True, False]
        assert [line.highlighted for line in lines] == [False, False, False, True]
        assert lines[1].anchors == ("L2-L3",) and lines[3].anchors == ("L4-L4",)


def test_donor_region_matrix_cells_are_keyed_by_row_and_column(places):
    donor = factories.donor()
    case_study = factories.case_study(region=places["gbao"])
    factories.contribution(
        project=factories.project(case_study=case_study),
        party_kind="donor",
        party_name=str(donor),
        donor=donor,
        amount_usd=Decimal("7"),
    )
    regions, donors = chart_selectors.region_figures(), chart_selectors.donor_figures()
    assert [r.slug for r in regions] == ["khatlon", "gbao"]
    assert chart_selectors.donor_region_matrix_cells(donors, regions) == {(0, 1): (Decimal("7"), 1)}
    assert chart_selectors.donor_region_matrix_cells(donors, regions[:1]) == {}
