"""Partnership means collaboration: the partner rules on sentences written in the book's style.

Pure tests (no database): ``partners.collaborations`` on lines we wrote, and ``resolve`` naming
the bodies it finds. The loader's side is in tests/test_partners_loader.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.core.text import Span
from catalogue.core.vocabulary import PartnerLevel
from catalogue.importers import entities, partners, resolve
from catalogue.importers.book import parse_book
from catalogue.importers.entities import Entity
from catalogue.importers.gazetteer import load_gazetteer
from catalogue.importers.records import PartnerRecord

DATA = Path(__file__).resolve().parent / "data"


def found(*lines: str) -> list[tuple[str, PartnerLevel, int]]:
    """(name as printed, level, line) of each partner, the first line being line 1."""
    return [(r.name, r.level, r.span.first_line) for r in partners.collaborations(lines, 1)]


def names(*lines: str) -> list[str]:
    return [name for name, _, _ in found(*lines)]


# --- each cue of collaboration makes a partner ----------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The centre worked with the Ministry of Health on a new manual.",
        "Together with the Ministry of Health the NGO opened two clinics.",
        "The NGO, along with the Ministry of Health, held a campaign.",
        "The project was carried out in close cooperation with the Ministry of Health.",
        "In partnership with the Ministry of Health the VO built a clinic.",
        "The clinic was supported by the Ministry of Health.",
        "The clinic opened with the support of the Ministry of Health.",
        "The clinic opened with the assistance of the Ministry of Health.",
        "The seminars were financed by the Ministry of Health.",
        "The Ministry of Health funded two seminars.",
        "The Ministry of Health allocated a room for the clinic.",
        "The Ministry of Health provided the equipment.",
        "In 2004 the NGO signed an agreement with the Ministry of Health.",
        "A memorandum between the NGO and the Ministry of Health was prepared.",
        "The NGO and the Ministry of Health jointly held a conference.",
        "Specialists of the Ministry of Health were invited to the seminar.",
        "The NGO trained 40 employees of the Ministry of Health.",
        "The NGO consulted the Ministry of Health on the draft.",
        "The round table took place with the participation of the Ministry of Health.",
    ],
)
def test_each_cue_of_collaboration_makes_a_partner(sentence: str) -> None:
    assert found(sentence) == [("Ministry of Health", PartnerLevel.NATIONAL, 1)]


def test_a_mention_without_a_cue_is_no_partner() -> None:
    assert found("As a result, the Hukumat of Vahdat is trying to open a boarding school.") == []


# --- each trap ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "kind"),
    [
        (
            ("The NGO was formed in 1998 and registered in the Ministry", "of Justice of RT."),
            "registration",
        ),
        (
            ("In April 2006 the Society was re-registered in the Ministry of Justice.",),
            "registration",
        ),
        (("VO Navruz is located in Jamoat Jombakht, Khovaling rayon.",), "location"),
        (
            ("The VO is located in the village of Tut, Jamoat Bahor, and works with MSDSP.",),
            "location",
        ),
        (("A bridge was built with MSDSP's support on the territory of Jamoat Ptup.",), "location"),
        (
            ("The NGO held seminars with MSDSP's support in Jamoat Porshnev of Shugnan.",),
            "location",
        ),
        (
            (
                'Participants studied the law "About elections to Majlisi Oli of',
                'RT" with trainers.',
            ),
            "law_title",
        ),
        (
            ("Since 1990 I worked as the vice-chairman of the Khukumat of Vahdat and helped.",),
            "biography",
        ),
        (
            ("The head is a member of the council of the Khukumat of Vahdat with MSDSP.",),
            "biography",
        ),
        (
            (
                'The law "On Public Associations" adopted by the Majlisi Oli was explained at',
                "the seminars.",
            ),
            "law_title",
        ),
        (
            ("A proposal on the status of the Jamoat Bahor was developed together with MSDSP.",),
            "law_title",
        ),
        (
            (
                "The NGO worked in close cooperation with various bodies of the Hukumat of",
                "Vahdat.",
            ),
            "generic",
        ),
        (("The VO plans to work with the Khukumat of Vahdat on a new road.",), "proposed"),
        (("A school will be built together with the Jamoat Bahor.",), "proposed"),
    ],
)
def test_each_trap_is_no_partner(lines: tuple[str, ...], kind: str) -> None:
    assert found(*lines) == []
    text = "\n".join(lines)
    (mention,) = [m for m in partners.mentions(text) if m.named]
    assert partners.trap(text, mention, 0) == kind


def test_a_photo_caption_is_no_partner() -> None:
    # the book prints captions as short lines between paragraphs, often with the photo's year
    lines = (
        "The NGO held seminars for teachers with the support of OSCE.",
        "",
        "Seminar with the participation of",
        "Jamoat Bahor of Vahdat - 2005",
        "",
        "The teachers received certificates.",
    )
    assert partners.caption_lines(lines) == {2, 3}
    assert found(*lines) == []


def test_the_registration_and_the_collaboration_of_one_body() -> None:
    # a body the organisation registered with can still be a real partner: the line that
    # states the collaboration is cited, not the first mention
    assert found(
        "The centre was registered in the Ministry of Justice of RT in 2002.",
        "The partners of the centre are the Ministry of Justice of RT and OSCE.",
    ) == [("Ministry of Justice of RT", PartnerLevel.NATIONAL, 2)]


# --- levels and bodies ----------------------------------------------------------------------


def test_makhalla_committees_are_their_own_level() -> None:
    assert found("The makhalla committees helped to select the families.") == [
        ("makhalla committees", PartnerLevel.MAKHALLA, 1)
    ]
    assert entities.printed_level("makhalla committee") is PartnerLevel.MAKHALLA


def test_a_khukumats_committee_is_its_own_district_body() -> None:
    assert found(
        "Together with the committee on women and family affairs of Varzob rayon and",
        "the department of education of the Khukumat of Vahdat the NGO trained teachers.",
    ) == [
        ("Committee on women and family affairs of Varzob district", PartnerLevel.DISTRICT, 1),
        ("Department of education of Vahdat city", PartnerLevel.DISTRICT, 2),
    ]


def test_a_list_of_khukumats_is_one_partner_each() -> None:
    assert names("The NGO worked with the Khukumats of Faizabad, Varzob and Gissar rayons.") == [
        "Hukumat of Faizabad district",
        "Hukumat of Varzob district",
        "Hukumat of Gissar district",
    ]


def test_all_the_khukumats_of_a_city() -> None:
    # the table lists the bodies within the city; the count printed must match it
    assert len(names("The NGO trained representatives of all 4 Khukumats of Dushanbe.")) == 4
    # a count the table does not match names no body: they stay unnamed Khukumats
    assert names("The NGO trained representatives of all 9 Khukumats of Dushanbe.") == ["Khukumats"]


def test_the_capitals_khukumat_has_oblast_status() -> None:
    body = entities.resolve_government("Khukumat of Dushanbe")
    assert body is not None and body.level is PartnerLevel.OBLAST


# --- unnamed bodies ---------------------------------------------------------------------------


def test_an_unnamed_body_takes_the_place_its_text_names() -> None:
    lines = (
        "In 2005 the NGO opened a clinic in Gissar rayon. The clinic was built with the",
        "support of the local Khukumat.",
    )
    ((record),) = partners.collaborations(lines, 1)
    assert record.span == Span(2, 2)
    who, level = resolve.project_partner(record, (), "NGO Example")
    assert isinstance(who, Entity) and who.key == "hukumat-gissar"
    assert level is PartnerLevel.DISTRICT


def test_an_unnamed_body_takes_the_case_studys_place() -> None:
    chain = load_gazetteer().locate("Khatlon Oblast, Khovaling, Jamoat Jombakht, village Omega")
    record = PartnerRecord("the Jamoat", PartnerLevel.JAMOAT, Span(5, 5))
    who, level = resolve.project_partner(record, chain, "VO Omega")
    assert isinstance(who, Entity) and who.key == "jamoat-jombakht"


def test_an_unnamed_body_without_a_place_belongs_to_its_case_study_alone() -> None:
    record = PartnerRecord("the local Jamoat", PartnerLevel.JAMOAT, Span(5, 5))
    one = resolve.project_partner(record, (), "VO Sigma")
    other = resolve.project_partner(record, (), "VO Tau")
    assert one == ("Jamoat (place not named in the source) — VO Sigma", PartnerLevel.JAMOAT)
    assert other is not None and one[0] != other[0]
    # several bodies ("local khukumats") never become the one of the place
    chain = load_gazetteer().locate("Khatlon Oblast, Khovaling")
    many = PartnerRecord("local khukumats", PartnerLevel.DISTRICT, Span(5, 5))
    assert resolve.project_partner(many, chain, "VO Sigma") == (
        "Hukumats (not named in the source) — VO Sigma",
        PartnerLevel.DISTRICT,
    )


def test_a_contribution_by_an_unnamed_body_is_the_case_studys_own() -> None:
    assert resolve.government_contributor("the local Jamoat", (), "VO Sigma") == (
        "Jamoat (place not named in the source) — VO Sigma",
        PartnerLevel.JAMOAT,
    )


def test_an_unnamed_body_gives_way_to_a_named_one_of_its_level() -> None:
    assert names(
        "The VO worked with the Jamoat Bahor on the water line.",
        "The Jamoat provided the pipes.",
    ) == ["Jamoat Bahor"]


# --- a case study of our own ------------------------------------------------------------------


@pytest.fixture(scope="module")
def book():
    return parse_book("partners_case.txt", (DATA / "partners_case.txt").read_text("utf-8"))


def partners_of(book, number: int) -> list[tuple[str, PartnerLevel, int]]:
    case_study = book.case_studies[number - 1]
    lines = book.lines[case_study.span.first_line - 1 : case_study.span.last_line]
    chain = resolve.locate_case_study(case_study, book, load_gazetteer()).chain
    skip = resolve.copied_summary(case_study, book)
    return [
        (who.name if isinstance(who, Entity) else who, level, span.first_line)
        for who, level, span in resolve.government_partners(case_study, lines, chain, skip)
    ]


def test_own_case_study_with_every_trap(book) -> None:
    # registration (45), biography (46), a law's title (52), a caption (55-56) and a plan (63)
    # are no partners; the memorandum, the committee, the clinic's Khukumat are
    assert partners_of(book, 1) == [
        ("Ministry of Health", PartnerLevel.NATIONAL, 49),
        ("Committee on women and family affairs of Varzob district", PartnerLevel.DISTRICT, 50),
        ("Hukumat of Gissar district", PartnerLevel.DISTRICT, 58),
        ("Makhalla committees (not named in the source) — NGO “Gamma”", PartnerLevel.MAKHALLA, 58),
        ("Jamoat (place not named in the source) — NGO “Gamma”", PartnerLevel.JAMOAT, 59),
    ]


def test_own_village_the_jamoat_it_is_located_in(book) -> None:
    # "VO Omega is located in Jamoat Jombakht" (76) is a place; its summary's "worked
    # together" (74) is the collaboration; "proposed on the territory of" (82) is neither
    assert partners_of(book, 2) == [("Jamoat Jombakht", PartnerLevel.JAMOAT, 74)]


def test_own_copied_summary_is_not_the_case_studys(book) -> None:
    # VO Sigma's summary (91-93) is VO Omega's, printed again: it says nothing of VO Sigma
    assert resolve.copied_summary(book.case_studies[2], book) == Span(91, 93)
    assert partners_of(book, 3) == [
        ("Jamoat (place not named in the source) — VO Sigma", PartnerLevel.JAMOAT, 97)
    ]


def test_the_khukumat_of_an_organisation_in_the_capital_is_the_capitals() -> None:
    chain = load_gazetteer().locate("Dushanbe, 14 Rudaki Avenue")
    record = PartnerRecord("the Khukumat", PartnerLevel.DISTRICT, Span(5, 5))
    who, level = resolve.project_partner(record, chain, "NGO Gamma")
    assert isinstance(who, Entity) and who.key == "hukumat-dushanbe"
    assert level is PartnerLevel.OBLAST


def test_committees_of_a_list_of_rayons_are_one_body_each() -> None:
    assert names(
        "The project was carried out in cooperation with the committees of women and",
        "families of Varzob and Gissar rayons.",
    ) == [
        "Committee on women and family affairs of Varzob district",
        "Committee on women and family affairs of Gissar district",
    ]


# --- sub-bodies, state institutions, named makhallas (issue 9, item 3) ------------------------


def test_a_sub_body_whose_khukumat_is_printed_before_it() -> None:
    assert found("The NGO trained nurses together with the Gissar rayon department of health.") == [
        ("Department of health of Gissar district", PartnerLevel.DISTRICT, 1)
    ]


def test_the_host_after_a_list_serves_every_item() -> None:
    assert names(
        "The courses were held in close cooperation with Khukumats, departments of national",
        "education, and the committees of women and families of Varzob and Gissar rayons.",
    ) == [
        "Hukumat of Varzob district",
        "Hukumat of Gissar district",
        "Department of education of Varzob district",
        "Department of education of Gissar district",
        "Committee on women and family affairs of Varzob district",
        "Committee on women and family affairs of Gissar district",
    ]


def test_a_sub_body_of_an_oblast_is_at_oblast_level() -> None:
    assert found(
        "In close partnership with the regional AIDS centre, health department and internal",
        "affairs of GBAO the society trained 40 volunteers.",
    ) == [
        ("AIDS centre of Gorno-Badakhshan Autonomous Oblast", PartnerLevel.OBLAST, 1),
        ("Department of health of Gorno-Badakhshan Autonomous Oblast", PartnerLevel.OBLAST, 1),
        (
            "Department of internal affairs of Gorno-Badakhshan Autonomous Oblast",
            PartnerLevel.OBLAST,
            1,
        ),
    ]


def test_a_sub_body_without_a_host_is_the_one_of_its_place() -> None:
    # the sentence names no place: the case study's place says which committee it is
    ((record),) = partners.collaborations(
        ["The welfare department helped to select the participants."], 1
    )
    chain = load_gazetteer().locate("Tajikistan, Varzob rayon")
    assert resolve.project_partner(record, chain, "NGO Nurafshon") == (
        "Department of social protection of Varzob district",
        PartnerLevel.DISTRICT,
    )
    # "of the rayon", "of the city Khukumat" print no name either; the text's place names it
    assert names(
        "In 2004 the NGO opened a centre in Gissar rayon. The rent was paid by the welfare",
        "department of the rayon.",
    ) == ["Department of social protection of Gissar district"]
    # several, with no place: the case study's own
    ((several),) = partners.collaborations(
        ["The chairmen of the committees on women and family affairs supported the courses."], 1
    )
    assert resolve.project_partner(several, chain, "NGO Nurafshon") == (
        "Committee on women and family affairs (several, not named in the source) — NGO Nurafshon",
        PartnerLevel.DISTRICT,
    )


def test_several_unnamed_sub_bodies_give_way_to_one_singled_out() -> None:
    assert names(
        "Participants included health departments and the police. The treatment is financed",
        "by the health department of the rayon.",
    ) == ["Department of health"]


def test_a_committee_of_the_parliament_is_no_khukumats() -> None:
    assert names("The NGO held a meeting with the committee of youth policy of Majlisi Oli.") == [
        "Majlisi Oli"
    ]
    # "committees of Majlisi Namoyandagon of Majlisi Oli": the chamber, not its host
    assert names("The NGO worked with committees of Majlisi Namoyandagon of Majlisi Oli.") == [
        "Majlisi Namoyandagon"
    ]


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        (
            "Scientists of the Institute of History of the Academy of Sciences took part.",
            "Institute of History of the Academy of Sciences",
        ),
        ("The Khujand State University trained the volunteers.", "Khujand State University"),
        (
            "Documents were found with the help of the Central State Archive of Tajikistan.",
            "Central State Archive of Tajikistan",
        ),
        (
            "At a meeting with President Rahmon the union presented its offers.",
            "President of the Republic of Tajikistan",
        ),
    ],
)
def test_a_state_institution_the_table_does_not_list(sentence: str, name: str) -> None:
    assert found(sentence) == [(name, PartnerLevel.NATIONAL, 1)]
    ((record),) = partners.collaborations([sentence], 1)
    assert resolve.project_partner(record, (), "NGO Nurafshon") == (name, PartnerLevel.NATIONAL)


def test_a_makhalla_committee_the_text_names() -> None:
    lines = (
        "The NGO works with makhalla committees.",
        "The courses were funded by the makhalla committee Guliobod.",
    )
    assert found(*lines) == [("Makhalla committee Guliobod", PartnerLevel.MAKHALLA, 2)]
    ((record),) = partners.collaborations(lines, 1)
    assert resolve.project_partner(record, (), "NGO Nurafshon") == (
        "Makhalla committee Guliobod",
        PartnerLevel.MAKHALLA,
    )
    # "of Varzob rayon" is no committee's name
    assert names("The NGO worked with the makhalla committee of Varzob rayon.") == [
        "makhalla committee of Varzob rayon"
    ]


def test_more_unnamed_bodies() -> None:
    assert found(
        "The project was supported by the village council.",
        "The seminars covered the chairmen of makhallas of the city.",
        "A working assembly with the representatives of makhalla in the city was held.",
        "Teachers were selected with the coordination of the heads of Khukumat offices.",
    ) == [
        ("village council", PartnerLevel.JAMOAT, 1),
        ("chairmen of makhallas", PartnerLevel.MAKHALLA, 2),
        ("representatives of makhalla", PartnerLevel.MAKHALLA, 3),
        ("Khukumat offices", PartnerLevel.DISTRICT, 4),
    ]
    assert found("The VO worked with local bodies of government at rayon level.") == [
        ("local bodies of government at rayon level", PartnerLevel.DISTRICT, 1)
    ]


def test_a_sentence_pointing_back_takes_the_cue_before_it() -> None:
    assert found(
        "The campaign required the involvement of many bodies.",
        "Some of them include makhalla committees and the police.",
    ) == [("makhalla committees", PartnerLevel.MAKHALLA, 2)]
    assert found("Some of them include makhalla committees and the police.") == []


def test_the_organisations_membership_is_collaboration_its_heads_is_not() -> None:
    assert names(
        "The association is a member of the committee on women and family affairs of Vahdat city."
    ) == ["Committee on women and family affairs of Vahdat city"]
    assert (
        names("Its head is a member of the committee on women and family affairs of Vahdat city.")
        == []
    )


def test_a_caption_may_open_with_a_quoted_title() -> None:
    lines = (
        "The VO held seminars with the support of OSCE.",
        "",
        "“Who will come first” at the training with the Khukumat of Varzob",
        "",
        "The teachers received certificates.",
    )
    assert partners.caption_lines(lines) == {2}
    assert found(*lines) == []


def test_another_bodys_dealings_are_not_the_organisations() -> None:
    # the Jamoat's chairman took the problem to the Khukumat: the VO's partner there is the
    # Jamoat; the Khukumat is cited where it allocated the money
    assert found(
        "The VO informed the Jamoat Bahor, and the chairman of the Jamoat brought the problem",
        "to the Khukumat of Vahdat. Then the Khukumat of Vahdat allocated money for the road.",
    ) == [
        ("Jamoat Bahor", PartnerLevel.JAMOAT, 1),
        ("Khukumat of Vahdat", PartnerLevel.DISTRICT, 2),
    ]


def test_the_local_khukumat_of_a_district_the_table_does_not_list() -> None:
    lines = (
        "The NGO works in close cooperation with the Khukumat of Vahdat city.",
        "In 2005 the NGO opened a centre in Nurobod rayon. The local Khukumat allocated",
        "premises for it.",
    )
    assert found(*lines) == [
        ("Khukumat of Vahdat city", PartnerLevel.DISTRICT, 1),
        ("Hukumat of Nurobod", PartnerLevel.DISTRICT, 2),
    ]
    record = partners.collaborations(lines, 1)[1]
    chain = load_gazetteer().locate("Tajikistan, Vahdat")
    assert resolve.project_partner(record, chain, "NGO Nurafshon") == (
        "Hukumat of Nurobod",
        PartnerLevel.DISTRICT,
    )


def test_an_unnamed_body_listed_beside_a_named_one_is_another() -> None:
    # "with the Khukumat of Varzob, the Khukumat and ...": two Khukumats, the second unnamed
    assert found(
        "The NGO built partner relations with the Khukumat of Varzob, the city Khukumat and the",
        "Ministry of Health.",
    ) == [
        ("Khukumat of Varzob", PartnerLevel.DISTRICT, 1),
        ("city Khukumat", PartnerLevel.DISTRICT, 1),
        ("Ministry of Health", PartnerLevel.NATIONAL, 2),
    ]
    # not in a list: "the Khukumat" is the one already named
    assert names("The NGO worked with the Khukumat of Varzob. The Khukumat provided a room.") == [
        "Khukumat of Varzob"
    ]


def test_a_summary_retells_the_partnership_the_text_states() -> None:
    lines = (
        "Summary",
        "The NGO works together with the Khukumat of Varzob.",
        "Activity",
        "In 2005 the NGO and the Khukumat of Varzob jointly opened a library.",
    )
    assert found(*lines) == [("Khukumat of Varzob", PartnerLevel.DISTRICT, 2)]
    (record,) = partners.collaborations(lines, 1, Span(1, 2))
    assert record.span == Span(4, 4)


def test_local_authorities_of_districts_listed_in_brackets() -> None:
    # one Khukumat per district named; one the table does not list keeps its printed name
    assert names(
        "The project was carried out in close partnership with local authorities of 2 areas of",
        "Zarafshon valley (Penjikent, Nurobod) and 2 areas of Khatlon (Vose, Yavan).",
    ) == [
        "Hukumat of Penjikent",
        "Hukumat of Nurobod",
        "Hukumat of Vose",
        "Hukumat of Yavan district",
    ]
    # a bracket that follows no authorities lists places, not bodies
    assert names("The NGO worked with MSDSP in 2 areas of Khatlon (Vose, Yavan).") == []
