"""The contribution form without JavaScript: a new initiative that looks like a published one
is not sent; the candidates are shown with their reasons and a way to correct them, and the
person can say it is another one and go on."""

import re

import pytest
from django.test import Client

from initiatives.models import Initiative, Revision
from tests.frontend.test_contribute import counts, error_of, new_initiative, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_a_possible_duplicate_is_shown_with_its_reasons_and_nothing_is_sent(client, world):
    before = counts()

    response = client.post("/contribuer/", new_initiative(name="La Maison du Libre", website="https://maison.example.org/"))

    assert response.status_code == 200
    assert counts() == before
    page = response.content.decode()
    block = re.search(r'<div id="duplicates"[^>]*>(.*?)</div>\s*</div>', page, re.S)
    assert block and " hidden" not in page[page.index('<div id="duplicates"'):page.index('<div id="duplicates"') + 80]
    assert 'href="/initiatives/maison-du-libre/"' in block.group(1)
    assert "même commune, nom semblable à" in block.group(1) and "même site web (maison.example.org)" in block.group(1)
    assert 'href="/initiatives/maison-du-libre/modifier/">Corriger cette fiche' in block.group(1)
    assert "existe peut-être déjà" in error_of(page, "not_a_duplicate")
    assert 'href="#id_not_a_duplicate"' in page  # the error summary leads to the checkbox


def test_saying_it_is_another_one_sends_it_and_tells_the_moderation(client, world):
    response = client.post("/contribuer/", new_initiative(name="La Maison du Libre", not_a_duplicate="on"))

    assert response.status_code == 302
    revision = Revision.objects.get(initiative__name="La Maison du Libre")
    assert revision.status == "pending"
    assert revision.suspicious.startswith("doublon possible, écarté par l’auteur : « Maison du libre » (maison-du-libre)")


def test_a_different_initiative_goes_through_at_once(client, world):
    assert client.post("/contribuer/", new_initiative()).status_code == 302
    assert Initiative.objects.filter(name="Fablab du Ponant").exists()


def test_the_form_hides_the_empty_candidates_block_and_the_edit_form_has_none(client, world):
    page = client.get("/contribuer/").content.decode()
    assert re.search(r'<div id="duplicates"[^>]*hidden', page)
    edit = Client().get("/initiatives/maison-du-libre/modifier/").content.decode()
    assert 'id="duplicates"' not in edit and "not_a_duplicate" not in edit
