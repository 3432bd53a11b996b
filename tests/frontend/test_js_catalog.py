"""The JavaScript catalogue in every page: empty in French (the source language), the
translations in English; data for js/i18n.js, never a script that runs."""

import json
import re

import pytest

pytestmark = pytest.mark.django_db


def catalogue(response):
    found = re.search(r'<script id="js-catalog" type="application/json">(.*?)</script>', response.content.decode(), re.S)
    return json.loads(found.group(1))


@pytest.mark.parametrize("path", ["/", "/a-propos/", "/contribuer/"])
def test_every_page_carries_the_catalogue_of_its_language(client, path):
    assert catalogue(client.get(path)) == {}
    client.cookies["django_language"] = "en"
    english = catalogue(client.get(path))
    assert english["%s initiatives dans la vue :"] == "%s initiatives in view:"
    assert english["Voir la fiche"] != "Voir la fiche"
