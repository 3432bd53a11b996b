"""initiatives.place_search: a search text read in the map's own words."""

import pytest
from django.db import connection

from initiatives.geocoding import OfflineGazetteer
from initiatives.place_search import suggest, territory_boxes
from initiatives.territories import DEPARTMENTS, REGIONS
from tests.factories import make_theme

pytestmark = pytest.mark.django_db


def test_every_commune_of_the_gazetteer_is_in_the_typo_table():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), count(DISTINCT insee) FROM initiatives_commune_name")
        assert cursor.fetchone() == (len(OfflineGazetteer().index.code),) * 2


def test_every_region_and_department_has_a_box():
    boxes = territory_boxes()
    for kind, codes in (("region", REGIONS), ("department", DEPARTMENTS)):
        for code in codes:
            west, south, east, north = boxes[(kind, code)]
            assert west <= east and south <= north, (kind, code)


def test_region_53_and_department_53_are_told_apart():
    assert suggest("bretagne").filters["region"] == ["53"]
    assert suggest("53").filters["department"] == ["53"]  # a code alone is a department's
    assert suggest("mayenne").places[0].label == "Mayenne (53)"


def test_longest_phrases_first_and_plurals_forgiven():
    make_theme(slug="tiers-lieux", name_fr="Tiers-lieux et fabrication", name_en="Third places")
    make_theme(slug="communs", name_fr="Communs", name_en="Commons")
    found = suggest("tiers lieux et fabrication en ile de france")
    assert found.filters == {"theme": ["tiers-lieux"], "region": ["11"], "department": [], "q": ""}
    assert suggest("commun cotes d'armor").filters == {"theme": ["communs"], "region": [], "department": ["22"], "q": ""}


def test_the_words_left_are_searched_as_typed():
    found = suggest("communs fablab")
    assert found.filters["q"] == "communs fablab"  # no theme in this database
    assert found.places == []
