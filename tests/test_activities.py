"""Every activity a case study tells, read from text we wrote in the book's style (pure)."""

from catalogue.core.text import Span
from catalogue.core.vocabulary import ActivityStatus, PartyKind
from catalogue.importers.activities import extract_activities, narrative_activities

BACKGROUND = """\
Background
The public association Nur Bakhsh was created in 2001 and registered in the Ministry of
Justice of RT in 2002. The goals of the association are to support rural women.

In 2003 the association organised literacy courses for 40 mothers in Nurobod rayon with the
financial support of OSCE. The courses were held twice a week in the village school.
"""

ACTIVITY = """\
Activity
The association focused on the following:
• Protection of the rights of women.
• Training of young leaders.

The first project "Clean hands" was implemented in 2004 together with the Khukumat of
Nurobod rayon. The project was financed by USAID. Mercy Corps trainers led two sessions.
The second project "Green valley" was realized in 2005-2006 with the support of Mercy Corps.

In 2006 the association prepared 3 projects "Safe roads", "Warm schools" and "Open doors"
for donors.

The association has published a number of editions:
1. Handbook for village leaders.
2. Bulletin "Voice of women" - 4 releases.

The results were good:
- 120 women trained in sewing;
- 15 workplaces created.

The total sum of the project was $890 in which the contribution of VO was $180 and the
contribution of MSDSP was $710.

Photo: women of Nurobod at the training

"""

ACHIEVEMENTS = """\
Achievements
The project "Clean hands" reached every school of the Jamoat.
"""

PLANS = """\
Plans for the future
The association intends to open a sewing workshop. The workshop will employ 12 women.
It also plans to publish a cookery book.
"""


def _read(*sections: str):
    text = "".join(sections)
    lines = text.split("\n")
    spans, line = {}, 1
    for section in sections:
        count = section.count("\n")
        name = section.split("\n", 1)[0].strip().lower().replace("plans for the future", "plans")
        spans[name] = Span(line, line + count - 1)
        line += count
    return lines, spans


def _activities(*sections: str):
    lines, spans = _read(*sections)
    return narrative_activities(lines, spans)


def test_a_paragraph_of_prose_is_one_activity_and_registration_or_aims_are_none():
    (courses,) = _activities(BACKGROUND)
    assert courses.title == "Association organised literacy courses for 40 mothers in Nurobod rayon"
    assert courses.span == Span(5, 6)  # the two sentences of the paragraph
    assert courses.years == (2003,)
    assert [(c.party_kind, c.party, c.money) for c in courses.contributions] == [
        (PartyKind.DONOR, "OSCE", None)
    ]
    assert courses.status == ActivityStatus.CARRIED_OUT


def test_ordinals_quoted_titles_lists_and_enumerations_each_start_an_activity():
    titles = [p.title for p in _activities(ACTIVITY)]
    assert titles == [
        "Clean hands",
        "Green valley",
        "Safe roads",
        "Warm schools",
        "Open doors",
        "Handbook for village leaders",
        'Bulletin "Voice of women" - 4 releases',
    ]


def test_a_list_of_aims_a_list_of_results_money_and_captions_are_no_activities():
    described = " ".join(p.description for p in _activities(ACTIVITY))
    for text in ("Protection of the rights", "120 women trained", "$890", "Photo:"):
        assert text not in described


def test_funders_are_named_after_a_funding_cue_and_trainers_employers_are_not():
    clean, green = _activities(ACTIVITY)[:2]
    assert [c.party for c in clean.contributions] == ["USAID"]  # Mercy Corps only trained
    assert [c.party for c in green.contributions] == ["Mercy Corps"]
    assert all(c.money is None for c in clean.contributions + green.contributions)
    assert clean.years == (2004,) and green.years == (2005, 2006)


def test_the_government_bodies_an_activity_was_done_with_are_its_partners():
    clean = _activities(ACTIVITY)[0]
    # (a place the gazetteer does not know leaves the body unnamed: "the Khukumat")
    assert [(p.name, p.level) for p in clean.partners] == [("the Khukumat", "district")]


def test_enumerated_projects_cite_their_title_and_the_sentence_that_lists_them():
    safe = _activities(ACTIVITY)[2]
    assert safe.span == Span(10, 10)
    assert safe.also_cited == (Span(10, 11),)
    assert safe.years == (2006,)


def test_plans_are_planned_one_intention_each():
    workshop, book = _activities(PLANS)
    assert workshop.status == book.status == ActivityStatus.PLANNED
    assert workshop.description.endswith("The workshop will employ 12 women.")
    assert book.description == "It also plans to publish a cookery book."


def test_an_activity_told_again_is_one_project_citing_both():
    lines, spans = _read(ACTIVITY, ACHIEVEMENTS)
    case = Span(1, len(lines))
    projects = extract_activities(lines, case, spans)
    clean = [p for p in projects if p.title == "Clean hands"]
    assert len(clean) == 1
    assert Span(27, 27) in clean[0].also_cited


def test_money_paragraphs_keep_their_projects_in_text_order():
    lines, spans = _read(ACTIVITY)
    projects = extract_activities(lines, Span(1, len(lines)), spans)
    money = [p for p in projects if p.total is not None]
    assert [(p.total.printed, [c.money.printed for c in p.contributions]) for p in money] == [
        ("$890", ["$180", "$710"])
    ]
    firsts = [p.span.first_line for p in projects]
    assert firsts == sorted(firsts)


def test_a_funder_the_entity_table_does_not_know_is_still_a_funder():
    text = (
        "Activity\n"
        "In 2005 the centre opened a legal aid office in Nurobod with the financial support of\n"
        "the Pamir Rivers Trust. Lawyers of the Bar Association of Khujand trained its staff.\n"
    )
    (office,) = _activities(text)
    assert [(c.party_kind, c.party, c.money) for c in office.contributions] == [
        (PartyKind.DONOR, "Pamir Rivers Trust", None)
    ]
    assert office.span == Span(2, 3) and office.years == (2005,)


def test_a_government_body_that_gave_goods_or_paid_is_a_funder_one_that_helped_is_not():
    text = (
        "Activity\n"
        "In 2006 the VO repaired the school. The Jamoat allocated a building for the classes and\n"
        "the Khukumat of the rayon supported the idea.\n"
        "\n"
        "The centre opened a ward for disabled children. Its charges are financed by the health\n"
        "department of the rayon.\n"
    )
    school, treatment = _activities(text)
    assert [(c.party_kind, c.party, c.in_kind) for c in school.contributions] == [
        (PartyKind.GOVERNMENT, "The Jamoat", "building")
    ]
    assert [(c.party_kind, c.money) for c in treatment.contributions] == [
        (PartyKind.GOVERNMENT, None)
    ]
    assert "health" in treatment.contributions[0].party.lower()


def test_a_channel_keeps_the_payer_as_funder_and_is_only_named():
    text = (
        "Activity\n"
        "In 2005 the PA implemented the project “Safe steps” within a grant component of the\n"
        "USAID programme “Healthy youth”, executed by the Tajik branch of the Open Society\n"
        "Institute.\n"
    )
    (project,) = _activities(text)
    assert project.title == "Safe steps"
    assert [c.party for c in project.contributions] == ["USAID"]


def test_under_plans_running_text_that_says_no_plan_tells_what_is_done():
    text = (
        "Plans for the future\n"
        "The parents wrote petitions to the Jamoat. As a result, the Jamoat allocated a\n"
        "computer to the school. The VO wants to open computer classes.\n"
        "\n"
        "- construction of a new bridge;\n"
    )
    done, classes, bridge = _activities(text)
    assert done.status == ActivityStatus.CARRIED_OUT
    assert classes.status == bridge.status == ActivityStatus.PLANNED


def test_a_dated_title_a_layout_break_and_what_only_looks_like_doing():
    text = (
        "Activity\n"
        "2005 - “Green schools”. The Embassy of Japan financed the\n"
        "\n"
        "project. Pupils planted 300 trees.\n"
        "\n"
        "It is necessary to have an organized start. 40 families benefited from the project.\n"
    )
    (schools,) = _activities(text)  # the last paragraph does nothing: no activity
    assert schools.title == "Green schools"
    assert schools.span == Span(2, 4)  # the sentence cut by a blank line is one paragraph
    assert schools.years == (2005,)
    assert [c.party for c in schools.contributions] == ["Embassy of Japan"]


def test_a_donor_that_gave_goods_is_a_funder_in_kind():
    text = (
        "Activity\n"
        "In 2004 the association opened a computer class in the school of Jamoat Navruz. UNDP\n"
        "provided five computers and the Jamoat gave a room.\n"
        "\n"
        "In 2005 the VO built a greenhouse; the seeds were donated by Mercy Corps.\n"
        "\n"
        "In 2006 the PA trained 30 farmers. OSCE trainers led the sessions.\n"
    )
    computers, greenhouse, training = _activities(text)
    donors = [
        (c.party, c.money, c.in_kind)
        for c in computers.contributions
        if c.party_kind == PartyKind.DONOR
    ]
    assert donors == [("UNDP", None, "computers")]
    assert [(c.party, c.in_kind) for c in greenhouse.contributions] == [("Mercy Corps", "seeds")]
    assert training.contributions == ()  # a trainer's employer is only named


def test_goods_a_donor_will_give_make_no_funder_yet():
    text = "Activity\nIn 2006 the VO repaired the canal. USAID will provide a tractor next year.\n"
    (canal,) = _activities(text)
    assert [c for c in canal.contributions if c.party_kind == PartyKind.DONOR] == []
