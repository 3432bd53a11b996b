from .changelog import Change, ChangeLogHorizon
from .contributions import NetworkAnimator, Report, Revision, Vote
from .core import Dataset, HttpURLField, Initiative, Kind, Link, Membership, Precision, Scope, Status, Theme
from .membership_requests import MembershipRequest
from .network_reach import MemberReach, MembershipSpread, NetworkPair, NetworkReach
from .sources import Source, SourceRecord
from .webhooks import WebhookAttempt, WebhookCursor, WebhookDelivery, WebhookEvent, WebhookMessage, WebhookSubscription

__all__ = [
    "Change", "ChangeLogHorizon", "Dataset", "HttpURLField", "Initiative", "Kind", "Link", "Membership", "MembershipRequest",
    "MemberReach", "MembershipSpread", "NetworkAnimator", "NetworkPair", "NetworkReach", "Precision", "Report", "Revision", "Scope", "Source", "SourceRecord",
    "Status", "Theme", "Vote",
    "WebhookAttempt", "WebhookCursor", "WebhookDelivery", "WebhookEvent", "WebhookMessage", "WebhookSubscription",
]  # fmt: skip
