from .contributions import NetworkAnimator, Report, Revision, Vote
from .core import Dataset, HttpURLField, Initiative, Kind, Link, Membership, Precision, Scope, Status, Theme

__all__ = [
    "Dataset", "HttpURLField", "Initiative", "Kind", "Link", "Membership", "NetworkAnimator",
    "Precision", "Report", "Revision", "Scope", "Status", "Theme", "Vote",
]  # fmt: skip
