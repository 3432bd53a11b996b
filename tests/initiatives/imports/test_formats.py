"""Files built from each format's published specification import with the expected report,
and importing them again changes nothing."""

import json
from datetime import date

import pytest
from data_inclusion.schema.v1 import Structure

from initiatives.models import Initiative, Revision
from tests.initiatives.imports.helpers import import_file, state

pytestmark = pytest.mark.django_db

CSV_SEMICOLON = (
    "id;name;summary;longitude;latitude;commune;insee_code;postal_code;themes;website\r\n"
    "c1;Épicerie coopérative du Port;Une épicerie en coopérative;-4,4861;48,3904;Brest;29019;29200;Communs | Solidarité;https://epicerie.example.org\r\n"
    "c2;Atelier vélo des Capucins;;-4,5001;48,3851;Brest;29019;29200;tiers-lieux|Cyclisme;\r\n"
)


def test_it_imports_a_semicolon_csv_with_a_bom_and_says_so(sample_data, tmp_path):
    output = import_file(tmp_path, "\ufeff" + CSV_SEMICOLON, "csv", "--source", "essai")

    assert "encodage détecté : UTF-8 (avec BOM)" in output
    assert "séparateur « ; »" in output
    assert "2 créée(s)" in output
    assert "« Cyclisme » (1)" in output  # a category that maps to nothing is counted
    epicerie = Initiative.objects.get(source="essai", source_id="c1")
    assert epicerie.name == "Épicerie coopérative du Port"
    assert sorted(epicerie.themes.values_list("slug", flat=True)) == ["communs", "solidarite"]
    assert epicerie.status == Initiative.Status.PUBLISHED
    assert (round(epicerie.location.x, 4), round(epicerie.location.y, 4)) == (-4.4861, 48.3904)
    assert epicerie.revisions.get().kind == Revision.Kind.IMPORT


def test_it_reads_a_latin1_comma_csv(sample_data, tmp_path):
    content = CSV_SEMICOLON.replace(";", ",").replace("-4,4861", "-4.4861").replace("48,3904", "48.3904")
    content = content.replace("-4,5001", "-4.5001").replace("48,3851", "48.3851").replace("Communs | Solidarité", "Communs")
    output = import_file(tmp_path, content.encode("cp1252"), "csv")

    assert "encodage détecté : Latin-1 (Windows-1252)" in output
    assert "séparateur « , »" in output
    assert Initiative.objects.filter(name="Épicerie coopérative du Port").exists()


def test_the_same_file_twice_changes_nothing(sample_data, tmp_path):
    import_file(tmp_path, CSV_SEMICOLON, "csv")
    before = state()

    output = import_file(tmp_path, CSV_SEMICOLON, "csv")

    assert "0 créée(s), 0 modifiée(s), 2 inchangée(s)" in output
    assert state() == before  # no new initiative, no new version, no dataset bump


def test_a_changed_row_is_updated_and_the_rest_kept(sample_data, tmp_path):
    import_file(tmp_path, CSV_SEMICOLON, "csv")
    epicerie = Initiative.objects.get(source_id="c1")
    epicerie.description = "Écrite ici, la source n’a pas de colonne description."
    epicerie.save()

    output = import_file(tmp_path, CSV_SEMICOLON.replace("Une épicerie en coopérative", "Une épicerie"), "csv")

    assert "1 modifiée(s), 1 inchangée(s)" in output
    assert "(summary)" in output
    epicerie.refresh_from_db()
    assert epicerie.summary == "Une épicerie"
    assert epicerie.version == 2
    assert epicerie.description.startswith("Écrite ici")  # a field the source lacks is kept


def test_geojson_points_import_and_other_geometries_are_refused_by_row(sample_data, tmp_path):
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": "p1", "geometry": {"type": "Point", "coordinates": [2.3522, 48.8566]},
             "properties": {"name": "Café associatif", "kind": "place", "commune": "Paris", "themes": ["ess"]}},
            {"type": "Feature", "id": "l1", "geometry": {"type": "LineString", "coordinates": [[2, 48], [3, 49]]},
             "properties": {"name": "Une ligne"}},
        ],
    }  # fmt: skip
    before = state()
    output = import_file(tmp_path, collection, "geojson", "--dry-run")
    assert "élément 2 · invalide · Une ligne" in output
    assert "géométrie « LineString » refusée" in output
    assert state() == before

    output = import_file(tmp_path, collection, "geojson", "--skip-invalid")
    cafe = Initiative.objects.get(source="geojson", source_id="p1")
    assert cafe.kind == "place" and list(cafe.themes.values_list("slug", flat=True)) == ["ess"]
    assert not Initiative.objects.filter(name="Une ligne").exists()


GOGOCARTO = {
    "ontology": "gogofull",
    "data": [
        {
            "id": "Xa4f", "name": "Les Jardins partagés &amp; solidaires",
            "geo": {"latitude": 45.7640, "longitude": 4.8357},
            "address": {"streetAddress": "5 rue des Lilas", "addressLocality": "Lyon", "postalCode": "69001",
                        "addressCountry": "FR"},
            "categories": ["Alimentation", "Communs"],
            "description": "<p>Un jardin <b>ouvert</b> &eacute;t&eacute; comme hiver.</p><p>Voir <a href=\"https://jardins.example.org/\">notre site</a><script>alert(1)</script></p>",
            "descriptionMore": "Ligne 1<br>Ligne 2",
            "email": "private", "website": "https://jardins.example.org/",
            "createdAt": "01/02/2020", "updatedAt": "03/04/2024",
        },
        {
            "id": "Yb5g", "name": "Repair café", "geo": {"latitude": 45.75, "longitude": 4.85},
            "address": {"addressLocality": "Lyon"}, "optionValues": [{"optionId": 12, "index": 0}],
            "email": "contact@repair.example.org",
        },
    ],
}  # fmt: skip


def test_gogocarto_export_maps_taxonomy_keeps_text_and_drops_hidden_contact(sample_data, tmp_path):
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text('themes:\n  Alimentation: transition\n  "12": solidarite\n', encoding="utf-8")

    output = import_file(tmp_path, GOGOCARTO, "gogocarto", "--mapping", str(mapping))

    assert "2 créée(s)" in output
    jardins = Initiative.objects.get(source="gogocarto", source_id="Xa4f")
    assert jardins.name == "Les Jardins partagés & solidaires"
    assert jardins.summary == "Un jardin ouvert été comme hiver.\n\nVoir notre site (https://jardins.example.org/)"
    assert jardins.description == "Ligne 1\nLigne 2"
    assert "<" not in jardins.summary and "alert" not in jardins.summary
    assert jardins.contact_email == ""  # marked private by the source
    assert (jardins.address, jardins.postal_code, jardins.commune) == ("5 rue des Lilas", "69001", "Lyon")
    assert sorted(jardins.themes.values_list("slug", flat=True)) == ["communs", "transition"]
    repair = Initiative.objects.get(source_id="Yb5g")
    assert list(repair.themes.values_list("slug", flat=True)) == ["solidarite"]
    assert repair.contact_email == "contact@repair.example.org"

    before = state()
    assert "2 inchangée(s)" in import_file(tmp_path, GOGOCARTO, "gogocarto", "--mapping", str(mapping))
    assert state() == before


def structures():
    """data·inclusion structures, built and checked by the schema's own pydantic model."""
    rows = [
        Structure(source="dora", id="dora--abc-123", nom="Centre social Le Tournesol", date_maj=date(2025, 2, 14),
                  commune="Lille", code_postal="59000", code_insee="59350", adresse="12 rue Solférino",
                  longitude=3.0573, latitude=50.6292, courriel="accueil@tournesol.example.org",
                  site_web="https://tournesol.example.org/", description="Accueil et accompagnement de proximité."),
        Structure(source="dora", id="dora--def-456", nom="Espace numérique de Wazemmes", date_maj=date(2025, 3, 1),
                  commune="Lille", code_insee="59350", longitude=3.0489, latitude=50.6275),
    ]  # fmt: skip
    return [row.model_dump(mode="json") for row in rows]


def test_data_inclusion_structures_import(sample_data, tmp_path):
    output = import_file(tmp_path, structures(), "data-inclusion", "--source", "data-inclusion")

    assert "2 créée(s)" in output
    tournesol = Initiative.objects.get(source="data-inclusion", source_id="dora--abc-123")
    assert (tournesol.kind, tournesol.insee_code, tournesol.contact_email) == ("place", "59350", "accueil@tournesol.example.org")
    assert tournesol.website == "https://tournesol.example.org/"
    before = state()
    assert "2 inchangée(s)" in import_file(tmp_path, structures(), "data-inclusion", "--source", "data-inclusion")
    assert state() == before


MEDNUM = (
    "id,pivot,nom,commune,code_postal,code_insee,adresse,complement_adresse,latitude,longitude,typologie,telephone,"
    "courriels,site_web,horaires,presentation_resume,presentation_detail,source,structure_parente,date_maj,services\r\n"
    "mednum-1,43493312300029,Médiathèque Yourcenar,Marseille,13001,13201,2 rue de la République,,43.2965,5.3698,BIB,"
    "+33491000000,contact@media.example.org|autre@media.example.org,https://media.example.org|https://autre.example.org,"
    "Mo-Fr 09:00-18:00,Ateliers numériques,Des ateliers pour tous les âges,Hinaura,,2024-06-01,"
    "Aide aux démarches administratives|Maîtrise des outils numériques du quotidien\r\n"
)


def test_mednum_places_import_with_their_first_contact(sample_data, tmp_path):
    output = import_file(tmp_path, MEDNUM, "mednum", name="lieux.csv")

    assert "1 créée(s)" in output
    place = Initiative.objects.get(source="mednum", source_id="mednum-1")
    assert (place.kind, place.summary, place.description) == ("place", "Ateliers numériques", "Des ateliers pour tous les âges")
    assert place.contact_email == "contact@media.example.org"
    assert place.website == "https://media.example.org"
    assert list(place.themes.values_list("slug", flat=True)) == ["mediation-numerique"]
    before = state()
    assert "1 inchangée(s)" in import_file(tmp_path, MEDNUM, "mednum", name="lieux.csv")
    assert state() == before


def test_a_row_equal_to_what_is_stored_is_unchanged_without_revalidation(sample_data, tmp_path):
    """Nothing is written for it, so a value stored before a rule existed does not block a re-sync."""
    import_file(tmp_path, CSV_SEMICOLON, "csv")
    Initiative.objects.filter(source_id="c1").update(postal_code="292")  # as if stored before the rule
    content = CSV_SEMICOLON.replace(";29019;29200;Communs", ";29019;292;Communs")

    output = import_file(tmp_path, content, "csv")

    assert "2 inchangée(s), 0 invalide(s)" in output
