"""Small builders for test data: real rows in the real PostGIS, with sensible defaults."""

import itertools

from django.contrib.gis.geos import Point

from django.contrib.auth.models import Group, Permission, User

from initiatives import permissions, snapshots
from initiatives.models import Initiative, Link, Membership, NetworkAnimator, Theme

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


PASSWORD = "mot-de-passe-de-test-42"


def make_user(username, *, role="registered", network=None):
    """A person with one role: registered, trusted, animator (of `network`) or moderator."""
    user = User.objects.create_user(username, email=f"{username}@example.org", password=PASSWORD)
    if role == "trusted":
        user.groups.add(Group.objects.get_or_create(name=permissions.TRUSTED_GROUP)[0])
    elif role == "animator":
        NetworkAnimator.objects.create(user=user, network=network)
    elif role == "moderator":
        user.user_permissions.add(Permission.objects.get(codename="moderate"))
    return user


def proposal(**fields):
    """What a contributor submits for a new initiative."""
    return {
        "name": "Fabrique Zéphyr", "kind": "place", "scope": "local",
        "summary": "Un atelier partagé.", "description": "Ouvert le jeudi.",
        "location": list(LYON), "commune": "Lyon", "themes": [], "networks": [],
        "links": [["Site", "https://zephyr.example.org/"]], **fields,
    }  # fmt: skip


def edited(initiative, **fields):
    """A correction: the initiative as it is now, with `fields` changed."""
    return {**snapshots.take(initiative), **fields}


def make_legacy_membership(*, member, network):
    """A membership the database would now refuse (a cycle), as data written before
    migration 0010_membership_cycles may hold: the trigger is set aside for this one row."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses pending trigger events
        cursor.execute("ALTER TABLE initiatives_membership DISABLE TRIGGER membership_refuse_cycle")
        Membership.objects.create(member=member, network=network)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE initiatives_membership ENABLE TRIGGER membership_refuse_cycle")
