"""ETags name their database: two databases at the same dataset version (a restored backup,
a staging copy) never answer 304 for each other's content."""

import subprocess

import psycopg
import pytest
from django.db import connection

from initiatives.dataset import STATE_AND_PLACE_SQL, dataset_state

URL = "/api/v1/initiatives/"


def renew_epoch():
    """What a new database made from the same data has: another epoch (and here nothing else:
    same version, same time of change)."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE initiatives_dataset SET epoch = gen_random_uuid() WHERE id = 1")


@pytest.mark.django_db
def test_the_same_version_in_another_database_is_another_etag(api, little_map):
    first = api.get(URL)
    before = dataset_state()
    renew_epoch()
    after = dataset_state()
    assert (after.version, after.changed_at) == (before.version, before.changed_at)
    again = api.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    detail = api.get(f"{URL}maison-du-libre/")
    assert detail["ETag"].startswith(f'"i{little_map["maison"].pk}-v1-{after.identity}-')


@pytest.mark.django_db
def test_themes_and_networks_etags_name_the_database_too(api, little_map):
    for url in ("/api/v1/themes/", "/api/v1/networks/", "/api/v1/clusters/?zoom=5", "/api/v1/export.csv"):
        etag = api.get(url)["ETag"]
        renew_epoch()
        assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200, url


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_has_its_own_identity(little_map):
    """pg_dump | pg_restore into a new database: same rows, same version, same epoch — and yet
    another identity, since the database (its OID) is another."""
    settings = connection.settings_dict
    params = {"host": settings["HOST"], "port": settings["PORT"], "user": settings["USER"]}
    source, copy = settings["NAME"], f"{settings['NAME']}_restored"
    command = {"-h": params["host"], "-p": str(params["port"]), "-U": params["user"]}
    options = [part for pair in command.items() for part in pair]
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        admin.execute(f'CREATE DATABASE "{copy}"')
    try:
        dump = subprocess.run(["pg_dump", *options, "-Fc", source], capture_output=True, check=True, timeout=60)
        subprocess.run(["pg_restore", *options, "-d", copy, "--no-owner"], input=dump.stdout,
                       capture_output=True, check=True, timeout=60)  # fmt: skip
        with psycopg.connect(dbname=copy, **params) as restored:
            version, _changed, epoch, place = restored.execute(STATE_AND_PLACE_SQL).fetchone()
        with connection.cursor() as cursor:
            cursor.execute(STATE_AND_PLACE_SQL)
            here_version, _changed, here_epoch, here_place = cursor.fetchone()
        assert (version, epoch) == (here_version, here_epoch)
        assert place != here_place
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{copy}"')


@pytest.mark.django_db
def test_a_repeat_read_still_costs_one_query(api, little_map, django_assert_num_queries):
    etag = api.get(URL)["ETag"]
    with django_assert_num_queries(1):
        assert api.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_reads_where_it_is_in_the_same_one_query(api, little_map, django_assert_num_queries):
    etag = api.get(URL)["ETag"]
    connection.close()  # a new connection must find out again which cluster and database it reaches
    with django_assert_num_queries(1) as captured:
        assert api.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert "pg_control_system" in captured.captured_queries[0]["sql"]
    with django_assert_num_queries(1) as captured:
        assert api.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert "pg_control_system" not in captured.captured_queries[0]["sql"]
