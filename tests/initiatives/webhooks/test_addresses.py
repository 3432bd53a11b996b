"""No SSRF through webhooks: the receiver's address follows the same rule as import sources
(initiatives/outbound.py), when subscribing and again at every connection."""

import pytest
from django.core.exceptions import ValidationError

from initiatives.models import WebhookDelivery
from tests.factories import make_initiative
from tests.initiatives.webhooks.conftest import subscribe
from tests.initiatives.webhooks.helpers import run_queue


@pytest.fixture
def production_rules(settings):
    settings.WEBHOOK_ALLOW_HTTP = False
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = False


@pytest.mark.parametrize("url", [
    "https://127.0.0.1/hook", "https://localhost:8443/", "https://10.0.0.7/", "https://192.168.1.1/",
    "https://169.254.169.254/latest/meta-data/", "https://[::1]/", "https://[fe80::1]/", "https://0.0.0.0/",
])  # fmt: skip
def test_a_private_loopback_or_link_local_address_is_refused(partner, production_rules, url):
    with pytest.raises(ValidationError) as refused:
        subscribe(partner, url)
    assert "adresse privée, locale ou réservée" in refused.value.message_dict["url"][0]


@pytest.mark.parametrize("url", ["http://example.org/hook", "ftp://example.org/", "https://user:pw@example.org/"])
def test_only_https_without_credentials_is_accepted(partner, production_rules, url):
    with pytest.raises(ValidationError) as refused:
        subscribe(partner, url)
    assert "Adresse refusée" in refused.value.message_dict["url"][0]


def test_an_unknown_host_is_refused(partner, production_rules):
    with pytest.raises(ValidationError) as refused:
        subscribe(partner, "https://nowhere.invalid/hook")
    assert "Nom de serveur inconnu" in refused.value.message_dict["url"][0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.change_feed
def test_an_address_that_turned_private_is_refused_at_delivery(receiver, partner, settings):
    """A name that resolved to a public address when subscribing may point inward later (DNS
    rebinding): every connection checks again, and nothing reaches the private address."""
    received, url = receiver
    subscription = subscribe(partner, url)  # accepted while the test settings allow loopback
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = False
    make_initiative()
    run_queue()
    assert received.requests == []
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert (delivery.status, delivery.attempts, delivery.last_status) == ("pending", 1, None)
    assert "adresse privée" in delivery.last_error
