"""Small builders for test data: real rows in the real PostGIS, with sensible defaults."""

import itertools

from django.contrib.gis.geos import Point

from initiatives.models import Initiative, Link, Membership, Theme

_seq = itertools.count(1)

BREST = (-4.4861, 48.3904)
LILLE = (3.0573, 50.6292)
LYON = (4.8357, 45.764)


def make_theme(**fields):
    n = next(_seq)
    defaults = {"slug": f"theme-{n}", "name_fr": f"Thème {n}", "name_en": f"Theme {n}",
                "colour": "#1d4e89"}  # fmt: skip
    return Theme.objects.create(**{**defaults, **fields})


def make_initiative(*, at=BREST, themes=(), networks=(), links=(), **fields):
    n = next(_seq)
    defaults = {
        "name": f"Initiative {n}",
        "slug": f"initiative-{n}",
        "kind": Initiative.Kind.INITIATIVE,
        "scope": Initiative.Scope.LOCAL,
        "status": Initiative.Status.PUBLISHED,
        "summary": "Une initiative locale.",
        "location": Point(*at, srid=4326) if at else None,
    }
    initiative = Initiative.objects.create(**{**defaults, **fields})
    initiative.themes.set(themes)
    for network in networks:
        Membership.objects.create(member=initiative, network=network)
    for i, (label, url) in enumerate(links):
        Link.objects.create(initiative=initiative, label=label, url=url, position=i)
    return initiative


def make_network(*, at=None, **fields):
    return make_initiative(at=at, kind=Initiative.Kind.NETWORK, scope=Initiative.Scope.NATIONAL, **fields)


def make_user(username="user", *, trusted=False, moderator=False, animates=()):
    from django.contrib.auth.models import Group, Permission, User

    from initiatives.models import NetworkAnimator
    from initiatives.permissions import TRUSTED_GROUP

    user = User.objects.create_user(username, email=f"{username}@example.org", password=f"pw-{username}-2026")
    if trusted:
        user.groups.add(Group.objects.get_or_create(name=TRUSTED_GROUP)[0])
    if moderator:
        user.user_permissions.add(Permission.objects.get(codename="moderate"))
    for network in animates:
        NetworkAnimator.objects.create(user=user, network=network)
    return user
