"""Contributing: add an initiative, propose a correction (with conflict merge), report a problem."""

from django.urls import path

from .views import contribute

urlpatterns = [
    path("contribuer/", contribute.add, name="contribute"),
    path("contribuer/merci/", contribute.thanks, name="contribute-thanks"),
    path("initiatives/<slug:slug>/modifier/", contribute.edit, name="edit"),
    path("initiatives/<slug:slug>/signaler/", contribute.report, name="report"),
]
