"""The community's side: moderation queue, history, recent changes and their feeds, accounts."""

from django.urls import path

from .views import community

urlpatterns = [
    path("moderation/", community.queue, name="moderation"),
    path("moderation/<int:pk>/", community.decide, name="decide"),
    path("initiatives/<slug:slug>/historique/", community.history, name="history"),
    path("initiatives/<slug:slug>/moderer/", community.moderate_initiative, name="moderate-initiative"),
    path("modifications/", community.recent_changes, name="recent-changes"),
    path("modifications/atom/", community.RecentChangesFeed(), name="feed"),
    path("modifications/atom/theme/<slug:slug>/", community.ThemeChangesFeed(), name="feed-theme"),
    path("modifications/atom/reseau/<slug:slug>/", community.NetworkChangesFeed(), name="feed-network"),
    path("comptes/inscription/", community.signup, name="signup"),
]
