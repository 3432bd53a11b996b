"""`q=`: a common word is not ranked over the whole map (its matches come name first,
then the others, each in id order); every other search gives exactly what it gave before,
ranked."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from initiatives.models import Initiative
from initiatives.querysets import is_common_search
from tests.factories import make_initiative

pytestmark = pytest.mark.django_db
URL = "/api/v1/initiatives/"


@pytest.fixture
def shelves(db):
    towns = ["Morlaix", "Quimper", "Rennes", "Lorient", "Vannes", *(f"Bourg{k}" for k in range(25))]
    for i in range(60):
        make_initiative(
            name=f"{['Coopérative', 'Café', 'Atelier', 'Ressourcerie'][i % 4]} de {towns[i % 30]} {i}",
            summary="Une coopérative d'habitants." if i % 3 else "Un lieu ouvert.", commune=towns[i % 30],
        )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE initiatives_initiative")


def ids(response):
    return [f["id"] for f in response.json()["features"]]


def ranked_as_before(text):
    return list(Initiative.objects.published().search(text).order_by_relevance(text).values_list("id", flat=True))


@pytest.mark.parametrize("text", ["Morlaix", "rennes coopérative", "Quimpr", "atelier vannes", "Lorient café"])
def test_a_selective_search_gives_the_same_ranked_results_as_before(shelves, text):
    assert not is_common_search(text)
    expected = ranked_as_before(text)
    assert expected and ids(APIClient().get(URL, {"q": text})) == expected


def test_a_common_word_comes_name_first_then_in_id_order_with_the_same_matches(shelves):
    assert is_common_search("coopérative")
    matches = Initiative.objects.published().search("coopérative")
    in_name = sorted(matches.filter(name__startswith="Coopérative").values_list("id", flat=True))
    others = sorted(matches.exclude(name__startswith="Coopérative").values_list("id", flat=True))
    assert in_name and others and min(others) < max(in_name)
    found = ids(APIClient().get(URL, {"q": "coopérative"}))
    assert found == in_name + others
    assert sorted(found) == sorted(ranked_as_before("coopérative"))


def test_the_pages_of_a_common_word_follow_each_other_across_the_name_matches(shelves):
    whole = ids(APIClient().get(URL, {"q": "coopérative"}))
    pages = [ids(APIClient().get(URL, {"q": "coopérative", "page_size": 7, "page": n}))
             for n in range(1, (len(whole) + 6) // 7 + 1)]  # fmt: skip
    assert [i for page in pages for i in page] == whole
