"""Pruning the change log (manage.py prune_change_log): a partner whose cursor is older than
what was pruned gets a 410 telling it to resync in full, and where to resume; every other
cursor resumes as before."""

import datetime as dt

import pytest
import yaml
from django.core.management import call_command
from django.utils import timezone

from initiatives.models import Change, ChangeLogHorizon
from tests.api.test_changes import URL, follow, read, summary
from tests.api.test_schema import schema_text  # noqa: F401 (fixture)
from tests.factories import make_initiative

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.change_feed]


def age(slug, days):
    Change.objects.filter(slug=slug).update(at=timezone.now() - dt.timedelta(days=days))


def test_an_older_cursor_gets_a_410_and_a_newer_one_resumes(api, capsys):
    before_old = read(api)["cursor"]
    make_initiative(slug="old")
    after_old = read(api, page_size=1)["cursor"]
    make_initiative(slug="new")
    age("old", 200)

    call_command("prune_change_log", "--keep-days", "90")

    assert "1 changement(s)" in capsys.readouterr().out
    assert list(Change.objects.values_list("slug", flat=True)) == ["new"]
    for since in (None, before_old):  # from the start too: what was pruned would be missing
        gone = api.get(URL, {"since": since} if since else {})
        assert gone.status_code == 410
        assert "Relisez toutes les initiatives" in gone.json()["detail"]
        assert gone.json()["resync"] == "http://testserver/api/v1/initiatives/"
    assert summary(read(api, after_old)["changes"]) == [("created", "new", None)]

    # Resync, then follow from the cursor the 410 gave: only what came after.
    cursor = api.get(URL).json()["cursor"]
    make_initiative(slug="newer")
    assert summary(follow(api, cursor)[0]) == [("created", "newer", None)]


def test_nothing_old_nothing_pruned_and_the_setting_is_the_default(api, settings, capsys):
    settings.CHANGE_LOG_KEEP_DAYS = 30
    make_initiative(slug="recent")
    age("recent", 10)

    call_command("prune_change_log")

    assert "0 changement(s)" in capsys.readouterr().out
    assert not ChangeLogHorizon.objects.exists()
    assert summary(follow(api)[0]) == [("created", "recent", None)]


def test_the_schema_documents_the_410(schema_text):
    schema = yaml.safe_load(schema_text)
    responses = schema["paths"]["/api/v1/changes/"]["get"]["responses"]
    assert "410" in responses
    assert set(responses["410"]["content"]["application/json"]["schema"]["required"]) == {"detail", "cursor", "resync"}
