"""What an import leaves in the change feed partners read (initiatives/changelog.py): one
creation per new row, one update with the diff per changed row, nothing for a file imported
again. The imports commit for real: the feed only serves finished transactions."""

import json

import pytest
from django.core.management import call_command

from initiatives import changelog
from tests.initiatives.imports.helpers import import_file
from tests.initiatives.imports.test_formats import CSV_SEMICOLON

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.change_feed]


def feed(position):
    page = changelog.changes_after(position, size=100, source="essai")
    return [json.loads(entry) for entry in page.entries], page.position


def test_an_import_is_one_change_per_row_and_the_same_file_again_none(tmp_path):
    call_command("load_sample_data", verbosity=0)
    import_file(tmp_path, CSV_SEMICOLON, "csv", "--source", "essai")
    changes, position = feed(changelog.START)
    assert [(c["action"], c["feature"]["properties"]["name"]) for c in changes] == [
        ("created", "Épicerie coopérative du Port"), ("created", "Atelier vélo des Capucins")
    ]  # fmt: skip
    assert [t["slug"] for t in changes[0]["feature"]["properties"]["themes"]] == ["communs", "solidarite"]

    import_file(tmp_path, CSV_SEMICOLON, "csv", "--source", "essai")
    assert feed(position) == ([], position)

    import_file(tmp_path, CSV_SEMICOLON.replace("Une épicerie en coopérative", "Une épicerie"), "csv", "--source", "essai")
    changes, _ = feed(position)
    assert [(c["action"], c["diff"]) for c in changes] == [
        ("updated", {"summary": {"before": "Une épicerie en coopérative", "after": "Une épicerie"}})
    ]
