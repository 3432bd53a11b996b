"""The write API: proposals with the web's permissions and moderation, and no lost edit."""


import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from initiatives.models import Initiative, Revision
from tests.concurrency import all_at_once
from tests.factories import make_initiative, make_theme, make_user

URL = "/api/v1/initiatives/"
NEW = {
    "name": "Fablab du Ponant", "kind": "place", "scope": "local",
    "summary": "Un atelier partagé.", "location": {"type": "Point", "coordinates": [-4.49, 48.39]},
    "commune": "Brest", "themes": ["tiers-lieux"], "links": [{"label": "Wiki", "url": "https://wiki.example.org"}],
}  # fmt: skip


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def counts():
    return Initiative.objects.count(), Revision.objects.count()


def etag_of(client, slug):
    return client.get(f"{URL}{slug}/")["ETag"]


def test_an_anonymous_proposal_waits_for_moderation_and_is_invisible(api, world):
    response = api.post(URL, NEW, format="json")
    assert response.status_code == 202
    assert response.json()["status"] == "pending"
    initiative = Initiative.objects.get(name="Fablab du Ponant")
    assert initiative.status == "pending"
    assert initiative.revisions.get().status == "pending"
    assert api.get(f"{URL}{initiative.slug}/").status_code == 404
    assert "Fablab" not in api.get(URL).content.decode()


def test_a_trusted_contributor_with_a_token_publishes_directly(world):
    client = token_client(make_user("tina", role="trusted"))
    response = client.post(URL, NEW, format="json")
    assert response.status_code == 201
    assert response["Location"].endswith("/api/v1/initiatives/fablab-du-ponant/")
    feature = client.get(response["Location"]).json()
    assert feature["properties"]["themes"][0]["slug"] == "tiers-lieux"
    assert feature["geometry"]["coordinates"] == [-4.49, 48.39]


def test_a_change_without_if_match_is_428(api, world):
    assert api.patch(f"{URL}maison-du-libre/", {"summary": "x"}, format="json").status_code == 428
    assert Initiative.objects.get(slug="maison-du-libre").summary != "x"


def test_a_trusted_patch_with_the_current_etag_is_applied_and_gets_a_new_etag(world):
    client = token_client(make_user("tina", role="trusted"))
    etag = etag_of(client, "maison-du-libre")
    response = client.patch(f"{URL}maison-du-libre/", {"summary": "Nouveau résumé"}, format="json",
                            HTTP_IF_MATCH=etag)  # fmt: skip
    assert response.status_code == 200, response.content
    assert response["ETag"] != etag
    maison = Initiative.objects.get(slug="maison-du-libre")
    assert (maison.summary, maison.version, maison.name) == ("Nouveau résumé", 2, "Maison du libre")
    assert maison.revisions.get().base_version == 1


def test_a_stale_write_gets_412_with_the_current_version(world):
    client = token_client(make_user("tina", role="trusted"))
    stale = etag_of(client, "maison-du-libre")
    client.patch(f"{URL}maison-du-libre/", {"summary": "first"}, format="json", HTTP_IF_MATCH=stale)
    response = client.patch(f"{URL}maison-du-libre/", {"summary": "second"}, format="json", HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert response.json()["current_version"] == 2
    assert response["ETag"].startswith(f'"i{world["maison"].pk}-v2-')
    assert Initiative.objects.get(slug="maison-du-libre").summary == "first"


def test_an_anonymous_correction_is_moderated_and_changes_nothing_yet(api, world):
    response = api.patch(f"{URL}maison-du-libre/", {"summary": "Proposé"}, format="json",
                         HTTP_IF_MATCH=etag_of(api, "maison-du-libre"))  # fmt: skip
    assert response.status_code == 202
    maison = Initiative.objects.get(slug="maison-du-libre")
    assert (maison.summary, maison.version) != ("Proposé", 2)
    assert maison.revisions.get().status == "pending"


def test_put_replaces_the_whole_initiative(world):
    client = token_client(make_user("tina", role="trusted"))
    response = client.put(f"{URL}maison-du-libre/", NEW, format="json", HTTP_IF_MATCH=etag_of(client, "maison-du-libre"))
    assert response.status_code == 200
    maison = Initiative.objects.get(slug="maison-du-libre")
    assert maison.name == "Fablab du Ponant" and maison.slug == "maison-du-libre"
    assert list(maison.themes.values_list("slug", flat=True)) == ["tiers-lieux"]


@pytest.mark.parametrize("change,field", [
    ({"location": {"type": "Point", "coordinates": [200, 48]}}, "location"),
    ({"location": {"type": "Polygon", "coordinates": []}}, "location"),
    ({"location": "SRID=4326;POINT(1 2)"}, "location"),
    ({"themes": ["no-such-theme"]}, "themes"),
    ({"networks": ["maison-du-libre"]}, "networks"),
    ({"website": "javascript:alert(1)"}, "website"),
    ({"links": [{"label": "x", "url": "ftp://example.org"}]}, "links"),
    ({"summary": "x" * 501}, "summary"),
    ({"kind": "spaceship"}, "kind"),
    ({"name": ""}, "name"),
])  # fmt: skip
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(world, change, field):
    client = token_client(make_user("tina", role="trusted"))
    before = counts()
    response = client.post(URL, {**NEW, **change}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert counts() == before


def test_a_locked_initiative_refuses_contributors(world):
    Initiative.objects.filter(slug="maison-du-libre").update(locked=True)
    client = token_client(make_user("tina", role="trusted"))
    response = client.patch(f"{URL}maison-du-libre/", {"summary": "x"}, format="json",
                            HTTP_IF_MATCH=etag_of(client, "maison-du-libre"))  # fmt: skip
    assert response.status_code == 403
    moderator = token_client(make_user("mo", role="moderator"))
    response = moderator.patch(f"{URL}maison-du-libre/", {"summary": "x"}, format="json",
                               HTTP_IF_MATCH=etag_of(moderator, "maison-du-libre"))  # fmt: skip
    assert response.status_code == 200


def test_html_is_stored_as_plain_text(world):
    client = token_client(make_user("tina", role="trusted"))
    payload = "<script>alert(1)</script><b>gras</b>"
    client.post(URL, {**NEW, "name": payload, "summary": payload}, format="json")
    initiative = Initiative.objects.get(name=payload)
    assert initiative.summary == payload
    assert client.get(f"{URL}{initiative.slug}/").json()["properties"]["name"] == payload


def test_anonymous_floods_get_429_with_retry_after_and_write_nothing(api, world):
    for i in range(5):
        assert api.post(URL, {**NEW, "name": f"Proposition {i}"}, format="json").status_code == 202
    before = counts()
    response = api.post(URL, {**NEW, "name": "Une de trop"}, format="json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert counts() == before
    assert api.get(URL).status_code == 200  # reading is never throttled


def test_a_proposal_that_writes_nothing_does_not_use_up_the_anonymous_limit(api, world):
    """As on the web: an invalid or stale proposal gives its place back."""
    for _ in range(5):
        assert api.post(URL, {**NEW, "kind": "spaceship"}, format="json").status_code == 400
        assert api.patch(f"{URL}maison-du-libre/", {"summary": "x"}, format="json").status_code == 428
    for i in range(5):
        assert api.post(URL, {**NEW, "name": f"Proposition {i}"}, format="json").status_code == 202
    assert api.post(URL, {**NEW, "name": "Une de trop"}, format="json").status_code == 429


def test_public_reads_ignore_a_bogus_token(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(URL).status_code == 200
    assert client.get(f"{URL}maison-du-libre/").status_code == 200
    assert client.post(URL, NEW, format="json").status_code == 401  # writes do authenticate


def test_a_signed_in_read_costs_no_more_queries_than_an_anonymous_one(api, world, django_assert_num_queries):
    browser = APIClient()
    browser.force_login(make_user("alice"))
    token = token_client(make_user("tina", role="trusted"))
    for client in (browser, token):
        with django_assert_num_queries(2):  # dataset version + one page of stored features
            assert client.get(URL).status_code == 200
        with django_assert_num_queries(3):  # dataset version, the initiative, its feature
            assert client.get(f"{URL}maison-du-libre/").status_code == 200


def test_two_clients_editing_the_same_version_exactly_one_wins(world):
    alice = token_client(make_user("alice", role="trusted"))
    bob = token_client(make_user("bob", role="trusted"))
    etag = etag_of(alice, "maison-du-libre")
    first = alice.patch(f"{URL}maison-du-libre/", {"summary": "Alice"}, format="json", HTTP_IF_MATCH=etag)
    second = bob.patch(f"{URL}maison-du-libre/", {"summary": "Bob"}, format="json", HTTP_IF_MATCH=etag)
    assert sorted([first.status_code, second.status_code]) == [200, 412]
    assert world["maison"].revisions.count() == 1
    assert Initiative.objects.get(slug="maison-du-libre").summary == "Alice"


@pytest.mark.django_db(transaction=True)
def test_sixteen_concurrent_writers_lose_no_edit():
    """16 threads, each its own database connection, all starting from version 1 and then
    retrying from what they read: the final version is 1 + the successful writes, and each
    successful write has exactly its revision."""
    make_theme(slug="tiers-lieux")
    maison = make_initiative(slug="maison-du-libre")
    users = [make_user(f"writer{i}", role="trusted") for i in range(16)]
    tokens = [Token.objects.create(user=u).key for u in users]
    results = []

    def writer(i):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {tokens[i]}")
        etag = f'"i{maison.pk}-v1-x"'
        for attempt in range(3):
            response = client.patch(f"{URL}maison-du-libre/", {"summary": f"writer {i} try {attempt}"},
                                    format="json", HTTP_IF_MATCH=etag)  # fmt: skip
            results.append(response.status_code)
            if response.status_code != 412:
                break
            etag = response["ETag"]

    all_at_once(16, writer)
    successes = results.count(200)
    assert set(results) <= {200, 412}
    assert successes >= 1 and results.count(412) >= 1
    maison.refresh_from_db()
    assert maison.version == 1 + successes
    revisions = Revision.objects.filter(initiative=maison, status="accepted").order_by("version")
    assert [r.version for r in revisions] == list(range(2, 2 + successes))
    print(f"16 writers: {successes} writes succeeded, {results.count(412)} got 412, final version {maison.version}")


def test_a_body_over_256_kb_is_a_413_before_anything_reads_it(api, world, settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 256 * 1024  # the README's number
    client = token_client(make_user("tina", role="trusted"))
    big = {**NEW, "description": "x" * (256 * 1024)}
    before = counts()
    for response in (api.post(URL, big, format="json"), client.post(URL, big, format="json"),
                     client.patch(f"{URL}maison-du-libre/", big, format="json",
                                  HTTP_IF_MATCH=etag_of(client, "maison-du-libre"))):  # fmt: skip
        assert response.status_code == 413, response.content
        assert "256 Ko" in response.json()["detail"]
    assert counts() == before
    # A big body under the cap is read, and judged on its content.
    response = client.post(URL, {**NEW, "description": "x" * (200 * 1024)}, format="json")
    assert response.status_code == 400 and "description" in response.json()



def test_a_412_gives_the_etag_a_get_gives(world):
    client = token_client(make_user("tina", role="trusted"))
    for accept in ("*/*", "application/json", "text/csv"):
        stale = client.get(f"{URL}maison-du-libre/", HTTP_ACCEPT=accept)["ETag"]
        client.patch(f"{URL}maison-du-libre/", {"summary": f"avant {accept}"}, format="json",
                     HTTP_IF_MATCH=etag_of(client, "maison-du-libre"))  # fmt: skip
        refused = client.patch(f"{URL}maison-du-libre/", {"summary": "x"}, format="json",
                               HTTP_IF_MATCH=stale, HTTP_ACCEPT=accept)  # fmt: skip
        assert refused.status_code == 412
        assert refused["ETag"] == client.get(f"{URL}maison-du-libre/", HTTP_ACCEPT=accept)["ETag"], accept
        assert refused["Content-Type"] == "application/json"


def test_a_successful_write_gives_the_etag_a_get_gives(world):
    client = token_client(make_user("tina", role="trusted"))
    response = client.patch(f"{URL}maison-du-libre/", {"summary": "Neuf"}, format="json",
                            HTTP_IF_MATCH=etag_of(client, "maison-du-libre"))  # fmt: skip
    assert response.status_code == 200
    assert response["ETag"] == etag_of(client, "maison-du-libre")


def test_if_match_with_another_initiatives_etag_is_412_and_changes_nothing(world):
    client = token_client(make_user("tina", role="trusted"))
    other = make_initiative(slug="autre", name="Autre")
    before = counts()
    response = client.patch(f"{URL}maison-du-libre/", {"summary": "x"}, format="json",
                            HTTP_IF_MATCH=etag_of(client, other.slug))  # fmt: skip
    assert response.status_code == 412
    assert response["ETag"] == etag_of(client, "maison-du-libre")
    assert counts() == before


def test_if_match_with_an_etag_of_another_database_is_412(world):
    client = token_client(make_user("tina", role="trusted"))
    etag = etag_of(client, "maison-du-libre")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE initiatives_dataset SET epoch = gen_random_uuid() WHERE id = 1")
    response = client.patch(f"{URL}maison-du-libre/", {"summary": "x"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert Initiative.objects.get(slug="maison-du-libre").summary != "x"


def test_if_match_star_matches_the_existing_initiative(world):
    client = token_client(make_user("tina", role="trusted"))
    response = client.patch(f"{URL}maison-du-libre/", {"summary": "Étoile"}, format="json", HTTP_IF_MATCH="*")
    assert response.status_code == 200, response.content
    assert Initiative.objects.get(slug="maison-du-libre").summary == "Étoile"
    assert client.patch(f"{URL}nulle-part/", {"summary": "x"}, format="json", HTTP_IF_MATCH="*").status_code == 404


def test_if_match_takes_a_list_and_the_weak_form_gzip_makes(world):
    client = token_client(make_user("tina", role="trusted"))
    current = etag_of(client, "maison-du-libre")
    listed = f'"i999-v1-0000000000-x", W/{current}'
    response = client.patch(f"{URL}maison-du-libre/", {"summary": "Liste"}, format="json", HTTP_IF_MATCH=listed)
    assert response.status_code == 200, response.content


def test_an_if_match_that_is_no_etag_is_428(world):
    client = token_client(make_user("tina", role="trusted"))
    for value in ("i1-v1", "version 1", ""):
        response = client.patch(f"{URL}maison-du-libre/", {"summary": "x"}, format="json", HTTP_IF_MATCH=value)
        assert response.status_code == 428, value


def test_412_retries_are_not_charged_against_the_hourly_write_quota(world, monkeypatch):
    """A polite client retries after each 412: only the proposals that go through count."""
    from api.views.proposals import ContributorProposalThrottle

    monkeypatch.setattr(ContributorProposalThrottle, "THROTTLE_RATES", {"user_write": "3/h"})
    client = token_client(make_user("tina", role="trusted"))
    stale = etag_of(client, "maison-du-libre")
    client.patch(f"{URL}maison-du-libre/", {"summary": "premier"}, format="json",
                 HTTP_IF_MATCH=etag_of(client, "maison-du-libre"))  # fmt: skip
    for _ in range(6):
        response = client.patch(f"{URL}maison-du-libre/", {"summary": "x"}, format="json", HTTP_IF_MATCH=stale)
        assert response.status_code == 412
    for attempt in range(2):  # with the first write: 3 accepted, the quota
        response = client.patch(f"{URL}maison-du-libre/", {"summary": f"essai {attempt}"}, format="json",
                                HTTP_IF_MATCH=etag_of(client, "maison-du-libre"))  # fmt: skip
        assert response.status_code == 200, response.content
    response = client.patch(f"{URL}maison-du-libre/", {"summary": "de trop"}, format="json",
                            HTTP_IF_MATCH=etag_of(client, "maison-du-libre"))  # fmt: skip
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


def test_anonymous_412_retries_keep_their_places_too(api, world):
    stale = etag_of(api, "maison-du-libre")
    token_client(make_user("tina", role="trusted")).patch(
        f"{URL}maison-du-libre/", {"summary": "premier"}, format="json", HTTP_IF_MATCH=stale)
    for _ in range(6):
        assert api.patch(f"{URL}maison-du-libre/", {"summary": "x"}, format="json", HTTP_IF_MATCH=stale).status_code == 412
    for i in range(5):
        assert api.post(URL, {**NEW, "name": f"Proposition {i}"}, format="json").status_code == 202
    assert api.post(URL, {**NEW, "name": "Une de trop"}, format="json").status_code == 429
