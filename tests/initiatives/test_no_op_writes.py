"""A change that changes nothing writes nothing: no revision, no new version of the
initiative, no new version of the dataset (the ETag of every read)."""

import pytest

from initiatives import services
from initiatives.models import Revision
from initiatives.selectors import dataset_state
from tests.factories import edited, make_initiative, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative():
    initiative = make_initiative(slug="tiers-lieu", name="Tiers-lieu", links=[("Site", "https://t.example.org/")])
    services.record_import(initiative)
    return initiative


def versions(initiative):
    initiative.refresh_from_db()
    return initiative.version, dataset_state().version, Revision.objects.count()


@pytest.mark.parametrize("role", [None, "registered", "trusted", "moderator"])
def test_a_correction_that_changes_nothing_is_not_recorded(initiative, role):
    author = make_user("someone", role=role) if role else None
    before = versions(initiative)
    outcome = services.propose_change(initiative=initiative, data=edited(initiative), base_version=initiative.version,
                                      author=author)  # fmt: skip
    assert outcome.revision is None and outcome.published
    assert versions(initiative) == before


def test_a_stale_correction_that_changes_nothing_is_still_a_conflict(initiative):
    moderator = make_user("morgane", role="moderator")
    services.propose_change(initiative=initiative, data=edited(initiative, summary="Autre."), base_version=1,
                            author=moderator)  # fmt: skip
    with pytest.raises(services.Conflict):
        services.propose_change(initiative=initiative, data=edited(initiative), base_version=1, author=moderator)


def test_restoring_what_is_already_published_writes_nothing(initiative):
    moderator = make_user("morgane", role="moderator")
    before = versions(initiative)
    outcome = services.set_archived(initiative=initiative, moderator=moderator, archived=False,
                                    base_version=initiative.version)  # fmt: skip
    assert outcome.revision is None
    assert versions(initiative) == before
