"""The one rule for possible duplicates (initiatives.duplicates), as the importer, the form
and the API use it: reasons a person can check, and the vetoes."""

import pytest
from django.db import connection

from initiatives import duplicates, snapshots
from initiatives.models import Initiative
from tests.factories import BREST, LYON, make_initiative

pytestmark = pytest.mark.django_db


def described(**fields):
    return snapshots.normalise({"name": "Nouvelle", "kind": "place", "location": list(BREST), **fields})


def found(snapshot, **options):
    return {candidate.slug: candidate.reasons for candidate in duplicates.find(snapshot, **options)}


def test_same_commune_and_a_similar_name_accents_and_case_ignored():
    make_initiative(slug="epicerie", name="Épicerie Coopérative du Port", insee_code="29019", commune="Brest",
                    location_precision="commune")  # fmt: skip
    make_initiative(slug="ailleurs", name="Épicerie Coopérative du Port", insee_code="29075", commune="Guipavas",
                    at=(-4.40, 48.43), location_precision="commune")  # fmt: skip

    snapshot = described(name="epicerie cooperative du port", insee_code="29019", location_precision="commune")

    assert found(snapshot) == {"epicerie": ["même commune, nom semblable à 100 %"]}


def test_the_commune_name_counts_when_a_code_is_missing():
    make_initiative(slug="cafe", name="Café associatif des Capucins", commune="BREST", location_precision="commune")

    assert found(described(name="Cafe associatif des capucins", commune="Brest", location_precision="commune")) == {
        "cafe": ["même commune, nom semblable à 100 %"]}


def colliding(value_sql):
    """Two different values of `value_sql` (an SQL expression of g, an integer) whose
    hashtext() are equal: the name indexes key the commune by that hash (migration 0029)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT array_agg(v) FROM (SELECT {value_sql} AS v FROM generate_series(1, 300000) AS g) s "
                       "GROUP BY hashtext(v) HAVING count(*) > 1 LIMIT 1")  # fmt: skip
        return cursor.fetchone()[0][:2]


def test_a_commune_whose_hash_is_the_same_is_still_another_commune():
    here, there = colliding("'Commune ' || g")
    code, other_code = colliding("lpad(to_hex(g), 5, '0')")
    make_initiative(slug="ici", name="Ressourcerie du Port", commune=here, insee_code=code, location_precision="commune")
    make_initiative(slug="la-bas", name="Ressourcerie du Port", commune=there, insee_code=other_code,
                    at=(-4.40, 48.43), location_precision="commune")  # fmt: skip

    by_code = described(name="Ressourcerie du port", insee_code=code, location_precision="commune")
    by_name = described(name="Ressourcerie du port", commune=here.upper(), location_precision="commune")

    assert found(by_code) == found(by_name) == {"ici": ["même commune, nom semblable à 100 %"]}


def test_within_fifty_metres_between_precise_positions_only():
    make_initiative(slug="precise", name="Maison des associations", at=(2.35220, 48.85660), location_precision="exact")
    make_initiative(slug="centre", name="Autre chose", at=(2.35221, 48.85661), location_precision="commune")

    assert found(described(location=[2.35250, 48.85670], location_precision="exact")) == {"precise": ["à 25 m"]}
    assert found(described(location=[2.35250, 48.85670], location_precision="commune")) == {}


def test_the_same_website_domain_but_not_a_shared_host():
    make_initiative(slug="asso", website="https://www.asso.example.org/accueil", at=LYON)
    make_initiative(slug="fb", website="https://facebook.com/page-1", at=LYON)

    assert found(described(website="http://asso.example.org/cafe")) == {"asso": ["même site web (asso.example.org)"]}
    assert found(described(website="https://www.facebook.com/page-2")) == {}


def test_the_same_identifier_at_another_source():
    make_initiative(slug="imported", source="transiscope", source_id="abc-123456", at=LYON)

    assert found(described(), source="carteco", source_id="abc-123456") == {
        "imported": ["même identifiant « abc-123456 » chez transiscope"]}
    assert found(described(), source="Transiscope", source_id="abc-123456") == {}  # the same source: an update


def test_different_communes_more_than_a_kilometre_apart_is_a_veto():
    # A chain's two shops share a website: not duplicates.
    make_initiative(slug="lyon-shop", website="https://chain.example.org/", insee_code="69123", at=LYON)

    assert found(described(website="https://chain.example.org/", insee_code="29019")) == {}
    assert found(described(location=list(LYON), website="https://chain.example.org/", insee_code="69123")) == {
        "lyon-shop": ["à 0 m", "même site web (chain.example.org)"]}


def test_a_gathering_is_not_the_place_that_holds_it():
    make_initiative(slug="lieu", name="Fabrique du Ponant", insee_code="29019", location_precision="exact")

    assert found(described(name="Fabrique du Ponant", insee_code="29019", kind=Initiative.Kind.EVENT)) == {}
    assert list(found(described(name="Fabrique du Ponant", insee_code="29019", kind="collective"))) == ["lieu"]


def test_proposals_see_published_ones_only_and_archived_ones_never_count():
    make_initiative(slug="pending", status=Initiative.Status.PENDING, location_precision="exact")
    make_initiative(slug="archived", status=Initiative.Status.ARCHIVED, location_precision="exact")

    assert found(described(location_precision="exact")) == {"pending": ["à 0 m"]}
    assert duplicates.for_proposal(described(location_precision="exact")) == []


def test_most_reasons_first():
    make_initiative(slug="one-reason", name="Sans rapport", location_precision="exact")
    make_initiative(slug="two-reasons", name="Autre", website="https://deux.example.org/", location_precision="exact")

    assert list(found(described(website="https://deux.example.org/"))) == ["two-reasons", "one-reason"]


@pytest.mark.parametrize("where", [{"insee_code": "29019"}, {"commune": "Brest"}])
def test_a_big_town_reads_its_nearest_names_and_only_the_ones_that_count(monkeypatch, where):
    # Each name test reads NAME_MATCHES names of the commune, nearest first: others in the town,
    # created first, and archived namesakes, nearer still, must not take their places.
    monkeypatch.setattr(duplicates, "NAME_MATCHES", 3)
    for n in range(6):
        make_initiative(name=f"Jardin partagé numéro {n}", commune="Brest", insee_code="29019", location_precision="commune")
    for n in range(3):
        make_initiative(name="Épicerie coopérative du port", commune="Brest", insee_code="29019",
                        status=Initiative.Status.ARCHIVED, location_precision="commune")  # fmt: skip
    make_initiative(slug="the-one", name="Épicerie coopérative du port bis", commune="Brest", insee_code="29019",
                    location_precision="commune")  # fmt: skip

    snapshot = described(name="Épicerie coopérative du port", location_precision="commune", **where)

    assert found(snapshot) == {"the-one": ["même commune, nom semblable à 88 %"]}


def test_a_batch_finds_for_each_snapshot_what_it_finds_alone():
    # An import asks for a batch in one query (find_many), whose probes' names and communes are
    # worked out once per probe: the candidates, reasons and similarities are find()'s.
    here, there = colliding("'Commune ' || g")
    make_initiative(slug="epicerie", name="Épicerie Coopérative du Port", insee_code="29019", commune="Brest",
                    location_precision="commune")  # fmt: skip
    make_initiative(slug="cafe", name="Café associatif des Capucins", commune="BREST", location_precision="commune")
    make_initiative(slug="ici", name="Ressourcerie du Port", commune=here, location_precision="commune")
    make_initiative(slug="la-bas", name="Ressourcerie du Port", commune=there, at=(-4.40, 48.43), location_precision="commune")
    make_initiative(slug="precise", name="Maison des associations", at=(2.35220, 48.85660), location_precision="exact",
                    website="https://www.asso.example.org/accueil")  # fmt: skip
    make_initiative(slug="imported", source="transiscope", source_id="abc-123456", at=LYON)
    rows = [
        (described(name="epicerie cooperative du port", insee_code="29019", commune="Brest", location_precision="commune"), ""),
        (described(name="Cafe associatif des capucins", commune="Brest", location_precision="commune"), ""),
        (described(name="Ressourcerie du port", commune=here.upper(), location_precision="commune"), ""),
        (described(location=[2.35250, 48.85670], location_precision="exact", website="http://asso.example.org/"), ""),
        (described(name="Sans rapport", location=list(LYON)), "abc-123456"),
        (described(name="Rien de semblable", commune="Quimper", location_precision="commune"), ""),
    ]

    def seen(candidates):
        return [(candidate.slug, candidate.reasons, candidate.similarity) for candidate in candidates]

    alone = [seen(duplicates.find(snapshot, source="carteco", source_id=source_id)) for snapshot, source_id in rows]
    assert [seen(candidates) for candidates in duplicates.find_many(rows, source="carteco")] == alone
    assert [[slug for slug, _reasons, _similarity in found] for found in alone] == [
        ["epicerie"], ["cafe"], ["ici"], ["precise"], ["imported"], []]
