from .changelog import Change
from .contributions import NetworkAnimator, Report, Revision, Vote
from .core import Dataset, HttpURLField, Initiative, Kind, Link, Membership, Precision, Scope, Status, Theme
from .membership_requests import MembershipRequest
from .webhooks import WebhookAttempt, WebhookCursor, WebhookDelivery, WebhookEvent, WebhookMessage, WebhookSubscription

__all__ = [
    "Change", "Dataset", "HttpURLField", "Initiative", "Kind", "Link", "Membership", "MembershipRequest", "NetworkAnimator",
    "Precision", "Report", "Revision", "Scope", "Status", "Theme", "Vote",
    "WebhookAttempt", "WebhookCursor", "WebhookDelivery", "WebhookEvent", "WebhookMessage", "WebhookSubscription",
]  # fmt: skip
