from .changelog import Change
from .contributions import NetworkAnimator, Report, Revision, Vote
from .core import Dataset, HttpURLField, Initiative, Kind, Link, Membership, Precision, Scope, Status, Theme
from .membership_requests import MembershipRequest
from .network_reach import NetworkPair, NetworkReach

__all__ = [
    "Change", "Dataset", "HttpURLField", "Initiative", "Kind", "Link", "Membership", "MembershipRequest", "NetworkAnimator", "NetworkPair", "NetworkReach",
    "Precision", "Report", "Revision", "Scope", "Status", "Theme", "Vote",
]  # fmt: skip
