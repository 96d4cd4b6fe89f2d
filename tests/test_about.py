"""The About page: what the sources are, how figures are read, what flags mean, licences, how
to cite and how to report an error; the home page says in one line what the data covers."""

import pytest
from django.urls import reverse

from catalogue import models as m
from catalogue.core.text import lines_of, rights_statements
from catalogue.quality import FLAG_LABELS


def test_rights_statements_are_found_and_followed_over_wrapped_lines():
    text = (
        "Annual report of the Association Kelid\n"
        "ISBN 000-0-00000-000-0\n"
        "All rights reserved; no part of this report may be copied\n"
        "without permission of the Association.\n"
        "© 2011 Association Kelid\n"
        "Copyright: Kelid Press, Khujand\n"
        "Reproductive health and copyrighted songs are not notices.\n"
    )
    assert rights_statements(lines_of(text)) == [
        (
            3,
            "All rights reserved; no part of this report may be copied without permission "
            "of the Association.",
        ),
        (5, "© 2011 Association Kelid"),
        (6, "Copyright: Kelid Press, Khujand"),
    ]


def test_a_document_without_a_notice_has_none():
    assert rights_statements(lines_of("Mission statement\nWe build wells.\n")) == []


@pytest.mark.django_db
def test_the_about_page_says_what_the_sources_are_and_how_figures_are_read(
    client, seeded, settings
):
    settings.HAMKORI_CONTACT_EMAIL = "editors@hamkori.example"
    html = client.get(reverse("catalogue:about")).content.decode()
    for document in m.SourceDocument.objects.all():
        assert document.title in html
    book = m.SourceDocument.objects.get(kind="book")
    number, statement = rights_statements(book.lines())[0]
    assert "All rights reserved" in statement
    assert f"{book.get_absolute_url()}?lines={number}#L{number}-L{number}" in html
    assert "published in 2007–2021" in html  # the years the documents print, read from them
    for label in FLAG_LABELS.values():
        assert str(label) in html
    rates = m.ExchangeRate.objects.count()
    assert f"{rates} annual rates" in html
    assert "CC BY 4.0" in html and "MIT" in html
    assert 'href="mailto:editors@hamkori.example"' in html
    assert "Cite this record" in html and 'details class="cite-this" open' in html


@pytest.mark.django_db
def test_without_a_contact_address_the_page_still_says_how_to_report(client, seeded, settings):
    settings.HAMKORI_CONTACT_EMAIL = ""
    html = client.get(reverse("catalogue:about")).content.decode()
    assert "mailto:" not in html
    assert "it has not published an address here yet" in html


@pytest.mark.django_db
def test_the_home_page_says_what_the_data_covers_and_links_to_about(client, seeded):
    html = client.get(reverse("catalogue:home")).content.decode()
    assert "published 2007–2021" in html
    assert f'href="{reverse("catalogue:about")}"' in html


@pytest.mark.django_db
def test_the_about_page_works_on_an_empty_catalogue(client):
    response = client.get(reverse("catalogue:about"))
    assert response.status_code == 200
    assert "No documents loaded yet." in response.content.decode()
