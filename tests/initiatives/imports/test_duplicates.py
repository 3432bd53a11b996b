"""Possible duplicates are reported with their reasons, and not created unless asked."""

import pytest

from initiatives.imports import plan, run_import
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


def test_each_batch_gets_its_own_candidates(db, tmp_path, monkeypatch):
    # A batch's duplicate query runs beside the next batch's validation (plan._planned): the
    # candidates must still land on their own rows, in the first, a middle and the last batch.
    monkeypatch.setattr(plan, "BATCH_ROWS", 2)
    towns = {1: ("Brest", "29019", -4.49), 4: ("Quimper", "29232", -4.10), 7: ("Morlaix", "29151", -3.83)}
    for n, (town, insee, lon) in towns.items():
        make_initiative(name=f"Ressourcerie numéro {n}", slug=f"ressourcerie-{n}", commune=town, insee_code=insee,
                        at=(lon, 48.0))  # fmt: skip
    rows = []
    for n in range(1, 8):
        name = f"Ressourcerie numero {n}" if n in towns else f"Jardin partagé {n}"
        town, insee, lon = towns.get(n, ("Rennes", "35238", -1.68))
        rows.append(f"y{n};{name};{lon};48.0;commune;{town};{insee};\r\n")

    report = run_import((HEADER + "".join(rows)).encode(), format="csv", source="lots")

    marked = {row.source_id: [candidate.slug for candidate in row.candidates] for row in report.rows if row.candidates}
    assert marked == {"y1": ["ressourcerie-1"], "y4": ["ressourcerie-4"], "y7": ["ressourcerie-7"]}
    assert report.count("created") == 4 and report.count("duplicate") == 3
