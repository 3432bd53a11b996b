"""make backup / make restore: a database dumped by scripts/localdb and restored into another
database holds the same rows, the same stored Features and the same revisions; restoring
over a database saves it first and happens in one transaction."""

import os
import subprocess
from pathlib import Path

import pytest
import yaml
from psycopg import sql
from rest_framework.test import APIClient

from initiatives.models import Initiative, Revision
from tests.api.test_proposals import NEW

from .server import admin_connection, database_environment

ROOT = Path(__file__).resolve().parents[2]
# What must come back identical: every row of the data that matters, in a stable order.
FINGERPRINT = """
SELECT (SELECT count(*) FROM initiatives_initiative),
       (SELECT md5(string_agg(id || ':' || version || ':' || feature::text, ',' ORDER BY id)) FROM initiatives_initiative),
       (SELECT md5(string_agg(r::text, ',' ORDER BY r.id)) FROM initiatives_revision r),
       (SELECT count(*) FROM initiatives_revision),
       (SELECT md5(string_agg(m::text, ',' ORDER BY m.id)) FROM initiatives_membership m),
       (SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM initiatives_theme t),
       (SELECT version FROM initiatives_dataset),
       (SELECT count(*) FROM auth_user)
"""


def localdb(command, *args, database, backup_dir):
    env = {**os.environ, **database_environment(database), "BACKUP_DIR": str(backup_dir)}
    return subprocess.run(["scripts/localdb", command, *map(str, args)], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def fingerprint(database):
    with admin_connection(database) as conn:
        return conn.execute(FINGERPRINT).fetchone()


@pytest.fixture
def other_database(transactional_db, django_db_blocker):
    from django.db import connection

    name = connection.settings_dict["NAME"] + "_restored"
    with admin_connection() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with admin_connection() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def test_a_backup_restores_into_another_database_identical(sample_data, other_database, tmp_path):
    from django.db import connection

    APIClient().post("/api/v1/initiatives/", NEW, format="json")  # a pending proposal: a revision
    assert Initiative.objects.count() > 10 and Revision.objects.exists()
    source = connection.settings_dict["NAME"]
    dump = tmp_path / "carte.dump"
    localdb("backup", dump, database=source, backup_dir=tmp_path)
    assert dump.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format

    localdb("restore", dump, database=other_database, backup_dir=tmp_path)
    assert fingerprint(other_database) == fingerprint(source)

    # Again, over the data now there (--clean): same result, and what was there saved first.
    result = localdb("restore", dump, database=other_database, backup_dir=tmp_path)
    assert fingerprint(other_database) == fingerprint(source)
    saved = sorted(tmp_path.glob("carte-*.dump"))
    assert saved and str(saved[-1]) in result.stdout


def test_a_file_that_is_not_a_backup_changes_nothing(sample_data, other_database, tmp_path):
    from django.db import connection

    source = connection.settings_dict["NAME"]
    dump = tmp_path / "carte.dump"
    localdb("backup", dump, database=source, backup_dir=tmp_path)
    localdb("restore", dump, database=other_database, backup_dir=tmp_path)
    before = fingerprint(other_database)
    not_a_dump = tmp_path / "notes.dump"
    not_a_dump.write_text("Ceci n’est pas une sauvegarde.")
    with pytest.raises(subprocess.CalledProcessError) as failure:
        localdb("restore", not_a_dump, database=other_database, backup_dir=tmp_path)
    assert "is not a pg_dump custom-format file" in failure.value.stderr
    broken = tmp_path / "broken.dump"
    broken.write_bytes(dump.read_bytes()[: len(dump.read_bytes()) // 2])  # a dump cut short
    with pytest.raises(subprocess.CalledProcessError) as failure:
        localdb("restore", broken, database=other_database, backup_dir=tmp_path)
    # Its table of contents may be whole (then the data ends early) or not: refused either way.
    assert "is not a pg_dump custom-format file" in failure.value.stderr or "nothing was changed" in failure.value.stderr
    assert fingerprint(other_database) == before


def test_docker_compose_has_the_same_backup():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    backup = compose["services"]["backup"]
    assert backup["image"] == compose["services"]["db"]["image"]  # pg_dump of the server's version
    assert backup["profiles"] == ["backup"]  # only when asked for
    assert "./backups:/backups" in backup["volumes"]
    assert "pg_dump --format=custom" in " ".join(backup["command"])
    readme = (ROOT / "README.md").read_text()
    assert "docker compose run --rm backup" in readme
    assert "pg_restore --clean --if-exists" in readme
    assert "backups/" in (ROOT / ".gitignore").read_text().splitlines()
