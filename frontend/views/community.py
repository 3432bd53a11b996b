# Placeholder: being written (issue 5).
from django.contrib.syndication.views import Feed
from django.http import Http404


def _todo(request, *args, **kwargs):
    raise Http404


queue = decide = history = moderate_initiative = recent_changes = signup = _todo


class RecentChangesFeed(Feed):
    def __call__(self, request, *args, **kwargs):
        raise Http404


ThemeChangesFeed = NetworkChangesFeed = RecentChangesFeed
