"""The community's side of the site (frontend/urls_community.py), one module per resource."""

from .accounts import signup
from .feeds import NetworkChangesFeed, RecentChangesFeed, ThemeChangesFeed, recent_changes
from .history import history, moderate_initiative
from .moderation import decide, queue

__all__ = [
    "NetworkChangesFeed", "RecentChangesFeed", "ThemeChangesFeed", "decide", "history",
    "moderate_initiative", "queue", "recent_changes", "signup",
]  # fmt: skip
