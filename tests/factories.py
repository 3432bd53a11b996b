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
