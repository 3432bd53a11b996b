"""Bad input: a clear error in French, nothing written."""

import pytest
from django.core.management.base import CommandError

from initiatives.models import Initiative
from tests.initiatives.imports.helpers import import_file, run, state
from tests.initiatives.imports.test_formats import CSV_SEMICOLON, GOGOCARTO

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("content", "fmt", "message"),
    [
        (b'{"data": [', "gogocarto", "JSON illisible"),
        ("id;name\r\nc1;Nom\r\n".encode("utf-16"), "csv", "Encodage inconnu"),
        (b"\xff\xfe\x81\x8d\x90 pas du texte", "csv", "Encodage inconnu"),
        (CSV_SEMICOLON.encode(), "gogocarto", "JSON illisible"),
        (b'{"type": "Feature"}', "geojson", "Ce n’est pas du GeoJSON"),
        (b'{"features": []}', "gogocarto", "Ce n’est pas un export GoGoCarto"),
        (b"une seule colonne\r\nvaleur\r\n", "csv", "l’en-tête n’a qu’une colonne"),
        (b'id,name\r\nc1,"guillemet jamais ferm\xc3\xa9\r\n', "csv", "CSV illisible"),
        (CSV_SEMICOLON.encode(), "mednum", "Ce n’est pas un CSV « lieux de médiation numérique »"),
    ],
)
def test_an_unreadable_file_is_refused_whole(sample_data, tmp_path, content, fmt, message):
    before = state()
    with pytest.raises(CommandError, match=message):
        import_file(tmp_path, content, fmt)
    assert state() == before


def test_an_invalid_row_stops_the_whole_import(sample_data, tmp_path):
    content = CSV_SEMICOLON + "c3;Point hors carte;;12;95;Brest;;;;\r\nc4;Mauvais site;;-4,48;48,39;Brest;;;;ftp://site\r\n"
    before = state()

    output = import_file(tmp_path, content, "csv", "--dry-run")
    assert "ligne 4 · invalide · Point hors carte [c3]\n    location : coordonnées hors limites" in output
    assert "ligne 5 · invalide · Mauvais site [c4]\n    website : " in output
    with pytest.raises(CommandError, match="2 ligne\\(s\\) invalide\\(s\\) : rien n’a été importé"):
        import_file(tmp_path, content, "csv")
    assert state() == before


def test_rows_go_through_the_forms_validation(sample_data, tmp_path):
    content = (
        "id;name;kind;longitude;latitude;postal_code;contact_email;themes\r\n"
        "v1;;place;2.35;48.85;;;\r\n"
        "v2;Nature inconnue;vaisseau;2.35;48.85;;;\r\n"
        "v3;Code postal faux;place;2.35;48.85;7500;pas-un-courriel;\r\n"
        "v4;Sans identifiant;place;abc;48.85;;;\r\n"
        "v1;Identifiant en double;place;2.35;48.85;;;\r\n"
        ";Sans identifiant;place;2.35;48.85;;;\r\n"
    )
    output = import_file(tmp_path, content, "csv", "--dry-run")

    assert "ligne 2 · invalide" in output and "name : Ce champ ne peut pas être vide." in output
    assert "kind : " in output  # not one of the kinds
    assert "postal_code : " in output and "contact_email : " in output
    assert "location : coordonnées illisibles" in output
    assert "identifiant « v1 » déjà vu (ligne 2)" in output
    assert "identifiant à la source manquant" in output
    assert "6 invalide(s)" in output


def test_an_oversized_file_is_refused(sample_data, tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(CommandError, match="Fichier trop gros"):
        import_file(tmp_path, CSV_SEMICOLON * 3, "csv")
    assert not Initiative.objects.filter(source="csv").exists()


def test_a_bad_mapping_is_refused(sample_data, tmp_path):
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("themes:\n  Alimentation: pas-un-theme\n", encoding="utf-8")
    with pytest.raises(CommandError, match="thème inconnu pas-un-theme"):
        import_file(tmp_path, GOGOCARTO, "gogocarto", "--mapping", str(mapping))
    mapping.write_text("champs: {}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="clés inconnues champs"):
        import_file(tmp_path, GOGOCARTO, "gogocarto", "--mapping", str(mapping))


def test_a_missing_file_is_refused(db):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        run("/nonexistent/file.csv", "csv")


# --- URLs: a real HTTP server on 127.0.0.1 ---------------------------------------------------


def test_it_imports_from_a_url(sample_data, source_server, settings):
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = True  # the test server lives on loopback
    server, base = source_server
    server.RequestHandlerClass.files = {"/elements.json": __import__("json").dumps(GOGOCARTO).encode()}

    output = run(f"{base}/elements.json", "gogocarto")

    assert "2 créée(s)" in output


def test_a_loopback_address_is_refused_by_default(sample_data, source_server):
    server, base = source_server
    server.RequestHandlerClass.files = {"/elements.json": b'{"data": []}'}
    before = state()
    with pytest.raises(CommandError, match="Adresse refusée : 127.0.0.1 mène à 127.0.0.1, une adresse privée"):
        run(f"{base}/elements.json", "gogocarto")
    with pytest.raises(CommandError, match="une adresse privée, locale ou réservée"):
        run(f"http://localhost:{server.server_address[1]}/elements.json", "gogocarto")
    assert state() == before


@pytest.mark.parametrize("address", ["10.0.0.1", "169.254.169.254", "192.168.1.1", "[::1]", "0.0.0.0"])
def test_private_and_link_local_addresses_are_refused(db, address):
    with pytest.raises(CommandError, match="Adresse refusée"):
        run(f"http://{address}/data.json", "gogocarto")


def test_a_slow_source_times_out(sample_data, source_server, settings):
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = True
    settings.IMPORT_FETCH_TIMEOUT = 0.5
    with pytest.raises(CommandError, match="ne répond pas à temps"):
        run(f"{source_server[1]}/slow", "gogocarto")


def test_a_redirect_loop_is_refused(sample_data, source_server, settings):
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = True
    with pytest.raises(CommandError, match="Trop de redirections"):
        run(f"{source_server[1]}/loop", "gogocarto")


def test_an_endless_answer_is_cut_at_the_size_limit(sample_data, source_server, settings):
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = True
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    with pytest.raises(CommandError, match="Fichier trop gros"):
        run(f"{source_server[1]}/huge", "gogocarto")


def test_only_http_urls_are_read(db):
    with pytest.raises(CommandError, match="Seules les adresses http:// et https://"):
        run("file:///etc/passwd", "csv")
