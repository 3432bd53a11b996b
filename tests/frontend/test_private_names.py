"""What is not public stays private: a pending network's name, an archived initiative's name,
the pending proposals of initiatives one does not moderate."""

import pytest
from django.test import Client

from initiatives import services
from initiatives.models import Initiative, Membership
from tests.factories import edited, make_initiative, make_network, make_user

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_edit_page_does_not_name_an_unpublished_network_it_belongs_to():
    member = make_initiative(slug="tiers-lieu", name="Tiers-lieu")
    secret = make_network(slug="reseau-secret", name="Réseau Confidentiel", status=Initiative.Status.PENDING)
    Membership.objects.create(member=member, network=secret)  # e.g. by an import
    make_network(slug="public", name="Réseau Public")
    page = Client().get("/initiatives/tiers-lieu/modifier/").content.decode()
    assert "Réseau Public" in page
    assert "Réseau Confidentiel" not in page
    assert "Réseau non publié" in page  # kept (an edit does not drop it), unnamed


@pytest.mark.parametrize("status", [Initiative.Status.ARCHIVED])
def test_the_refusal_page_of_an_archived_initiative_does_not_name_it(status):
    make_initiative(slug="ancienne", name="Nom Très Privé", status=status)
    response = Client().get("/initiatives/ancienne/modifier/")
    assert response.status_code == 403
    assert "Nom Très Privé" not in response.content.decode()


def test_a_rejected_creation_is_not_named_on_its_refusal_page():
    outcome = services.propose_initiative(data={
        "name": "Proposition Refusée", "kind": "place", "scope": "local", "location": [-4.48, 48.39],
    })  # fmt: skip
    services.reject(revision=outcome.revision, moderator=make_user("m", role="moderator"), reason="Doublon.")
    response = Client().get(f"/initiatives/{outcome.initiative.slug}/modifier/")
    assert response.status_code == 403
    assert "Proposition Refusée" not in response.content.decode()


def test_an_animator_reads_only_the_pending_proposals_of_initiatives_they_moderate():
    mine, theirs = make_network(slug="a", name="A"), make_network(slug="b", name="B")
    member_of_b = make_initiative(slug="membre-b", name="Membre B", networks=[theirs])
    services.record_import(member_of_b)
    services.propose_change(initiative=member_of_b, data=edited(member_of_b, summary="Proposition Secrète"),
                            base_version=member_of_b.version, author=None)  # fmt: skip
    url = "/initiatives/membre-b/historique/"
    assert "Proposition Secrète" not in logged_in(make_user("alex", role="animator", network=mine)).get(url).content.decode()
    assert "Proposition Secrète" in logged_in(make_user("sacha", role="animator", network=theirs)).get(url).content.decode()
    assert "Proposition Secrète" in logged_in(make_user("morgane", role="moderator")).get(url).content.decode()


def test_one_reads_the_pending_proposal_one_made():
    initiative = make_initiative(slug="tiers-lieu", name="Tiers-lieu")
    author = make_user("camille")
    services.propose_change(initiative=initiative, data=edited(initiative, summary="Ma Proposition"),
                            base_version=initiative.version, author=author)  # fmt: skip
    assert "Ma Proposition" in logged_in(author).get("/initiatives/tiers-lieu/historique/").content.decode()
    assert "Ma Proposition" not in Client().get("/initiatives/tiers-lieu/historique/").content.decode()
