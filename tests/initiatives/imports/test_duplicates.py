"""Possible duplicates are reported with their reasons, and not created unless asked."""

import pytest

from initiatives.models import Initiative
from tests.factories import make_initiative
from tests.initiatives.imports.helpers import import_file, state

pytestmark = pytest.mark.django_db

HEADER = "id;name;longitude;latitude;location_precision;commune;insee_code;website\r\n"


def test_same_commune_and_similar_name_ignoring_accents(db, tmp_path):
    make_initiative(name="Épicerie Coopérative du Port", slug="epicerie", commune="Brest", insee_code="29019",
                    at=(-4.40, 48.40))  # fmt: skip
    before = state()
    output = import_file(tmp_path, HEADER + "x1;epicerie cooperative du port;-4,49;48,39;commune;Brest;29019;\r\n", "csv")

    assert "doublon possible" in output
    assert "candidate « Épicerie Coopérative du Port » (epicerie) : même commune, nom semblable à 100 %" in output
    assert state() == before  # not created


def test_within_fifty_metres_and_same_website_domain(db, tmp_path):
    make_initiative(name="Maison des associations", slug="maison", at=(2.35220, 48.85660),
                    location_precision="exact", website="https://www.asso.example.org/accueil")  # fmt: skip
    content = HEADER + "x2;Café des bénévoles;2.35250;48.85670;exact;Paris;;https://asso.example.org/cafe\r\n"

    output = import_file(tmp_path, content, "csv", "--dry-run")

    assert "(maison) : à 25 m, même site web (asso.example.org)" in output


def test_far_apart_and_different_names_are_not_duplicates(db, tmp_path):
    make_initiative(name="Maison des associations", slug="maison", at=(2.3522, 48.8566), location_precision="exact",
                    commune="Paris")  # fmt: skip
    content = HEADER + "x3;Ressourcerie;2.3622;48.8566;exact;Paris;;https://facebook.com/ressourcerie\r\n"

    assert "1 créée(s)" in import_file(tmp_path, content, "csv")


def test_accepted_duplicates_are_created(db, tmp_path):
    make_initiative(name="Maison des associations", slug="maison", at=(2.35220, 48.85660), location_precision="exact")
    content = HEADER + "x4;Maison des associations bis;2.35221;48.85661;exact;Paris;;\r\n"

    assert "1 créée(s)" in import_file(tmp_path, content, "csv", "--accept-duplicates")
    assert Initiative.objects.filter(source_id="x4").exists()
