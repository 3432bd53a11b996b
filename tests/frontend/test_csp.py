"""The Content-Security-Policy of the pages (django-csp, project/settings/csp.py): scripts from
our origin only, folium's inline script allowed by the response's nonce and nothing else
inline; no plugins, no <base>, no framing except /embed/."""

import re

import pytest

from tests.factories import make_user

pytestmark = pytest.mark.django_db

PAGES = ["/", "/embed/", "/a-propos/", "/initiatives/maison-du-libre/", "/initiatives/coop-group/",
         "/contribuer/", "/initiatives/maison-du-libre/modifier/", "/initiatives/maison-du-libre/signaler/",
         "/initiatives/maison-du-libre/historique/", "/modifications/", "/comptes/login/", "/pas-une-page/"]  # fmt: skip
DATA_SCRIPTS = ("application/json", "application/ld+json")


def policy(response):
    return {
        name: values
        for name, *values in (d.split() for d in response["Content-Security-Policy"].split(";") if d.strip())
    }


@pytest.mark.parametrize("url", PAGES)
def test_every_page_allows_scripts_from_our_origin_and_its_nonce_only(client, sample_data, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    csp = policy(response)
    nonces = [v for v in csp["script-src"] if v.startswith("'nonce-")]
    assert [v for v in csp["script-src"] if v not in nonces] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == (["*"] if url == "/embed/" else ["'none'"])
    html = response.content.decode()
    for attrs in re.findall(r"<script\b([^>]*)>", html):
        if "src=" in attrs or any(f'type="{t}"' in attrs for t in DATA_SCRIPTS):
            continue
        # An inline script runs only with this response's nonce: folium's map script.
        nonce = re.search(r'nonce="([^"]+)"', attrs)
        assert nonce and [f"'nonce-{nonce.group(1)}'"] == nonces, attrs
    assert not re.search(r"\son[a-z]+=", html), "inline event handlers cannot run under this policy"


def test_each_response_has_its_own_nonce(client, sample_data):
    first, second = (policy(client.get("/"))["script-src"][1] for _ in range(2))
    assert first != second


def test_the_moderation_queue_has_the_policy_too(client, sample_data):
    client.force_login(make_user("modo", role="moderator"))
    csp = policy(client.get("/moderation/"))
    assert csp["script-src"][0] == "'self'" and csp["frame-ancestors"] == ["'none'"]
