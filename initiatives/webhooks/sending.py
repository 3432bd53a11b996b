"""One delivery posted to its receiver, signed per Standard Webhooks
(https://www.standardwebhooks.com/): `webhook-id` (the same on every attempt: receivers drop
repeats), `webhook-timestamp` (this attempt's, in seconds) and `webhook-signature`
(`v1,` + base64 of HMAC-SHA256 over "id.timestamp.body" with the subscription's secret),
by the spec's own library. Only a 2xx answer counts as received; redirects are not followed."""

import http.client
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlsplit

from django.conf import settings
from standardwebhooks import Webhook

from initiatives import outbound

MAX_ANSWER = 64 * 1024  # an answer body longer than this (or of unknown length) is not read
USER_AGENT = "carte-des-reseaux-webhooks"


@dataclass
class Outcome:
    at: datetime
    duration_ms: int
    status: int | None = None
    error: str = ""

    @property
    def received(self):
        return self.status is not None and 200 <= self.status < 300


def signed_headers(subscription, message_id, body, at):
    signature = Webhook(subscription.secret).sign(msg_id=message_id, timestamp=at, data=body)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
    }


class Receiver:
    """The connection to one subscription's receiver, kept open between its deliveries
    (keep-alive), to the address checked when it was opened."""

    def __init__(self, subscription):
        self.subscription = subscription
        self.parts = urlsplit(subscription.url)
        self.connection = None

    def post(self, delivery):
        at = datetime.now(timezone.utc)
        started = time.monotonic()
        outcome = Outcome(at=at, duration_ms=0)
        try:
            connection = self._connect()
            path = (self.parts.path or "/") + (f"?{self.parts.query}" if self.parts.query else "")
            message = delivery.message
            headers = signed_headers(self.subscription, message.message_id, message.body, at)
            connection.request("POST", path, body=message.body.encode(), headers=headers)
            response = connection.getresponse()
            outcome.status = response.status
            length = response.getheader("Content-Length") or ""
            if length.isdigit() and int(length) <= MAX_ANSWER and not response.will_close:
                response.read()  # a short answer: read it, and keep the connection for the next
            else:
                self.close()  # anything else is not read at all (an endless or dripping answer)
            if not outcome.received:
                outcome.error = f"HTTP {response.status} {response.reason}"[:300]
        except outbound.AddressRefused as refused:
            outcome.error = str(refused)[:300]
            self.close()
        except (TimeoutError, socket.timeout):
            outcome.error = "délai dépassé"
            self.close()
        except (OSError, http.client.HTTPException) as exc:
            outcome.error = (f"{type(exc).__name__}: {exc}")[:300]
            self.close()
        outcome.duration_ms = int((time.monotonic() - started) * 1000)
        return outcome

    def _connect(self):
        if self.connection is None:
            address = outbound.checked_address(self.parts.hostname, self.parts.port,
                                               allow_private=settings.WEBHOOK_ALLOW_PRIVATE_HOSTS)  # fmt: skip
            self.connection = outbound.pinned_connection(self.parts, address, timeout=settings.WEBHOOK_TIMEOUT)
        return self.connection

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None
