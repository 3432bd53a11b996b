"""The domain's limiter reads the client as the API's throttle does, without importing DRF."""

import pytest
from django.test import RequestFactory
from rest_framework.throttling import BaseThrottle

from initiatives import ratelimits


@pytest.mark.parametrize("proxies", [None, 0, 1, 2])
@pytest.mark.parametrize("forwarded", [None, "198.51.100.7", "203.0.113.9, 198.51.100.7", " 10.0.0.1 ,10.0.0.2 "])
def test_it_reads_the_client_address_as_the_api_throttle_does(settings, proxies, forwarded):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}
    headers = {"REMOTE_ADDR": "192.0.2.1", **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})}
    request = RequestFactory().post("/", **headers)
    assert ratelimits.client_address(request) == BaseThrottle().get_ident(request)


@pytest.mark.parametrize(("rate", "parsed"), [("5/h", (5, 3600)), ("120/hour", (120, 3600)), ("3/m", (3, 60)),
                                              ("1/s", (1, 1)), ("10/day", (10, 86400))])  # fmt: skip
def test_it_reads_rates_as_the_settings_write_them(rate, parsed):
    assert ratelimits.parse_rate(rate) == parsed
