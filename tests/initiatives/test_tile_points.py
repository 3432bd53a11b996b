"""The vector tiles' narrow copy of the published points (initiatives_tile_point) follows every
write in its transaction: after any sequence of writes it equals what the initiatives say."""

import random

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from initiatives.models import Initiative
from tests.factories import BREST, LYON, make_initiative, make_theme

pytestmark = pytest.mark.django_db

COLUMNS = "id, ST_AsEWKT(location), slug, name, kind, commune"
EXPECTED = f"""
    SELECT {COLUMNS}, COALESCE((
        SELECT string_agg(t.slug, ',' ORDER BY t.position, t.slug)
        FROM initiatives_initiative_themes it JOIN initiatives_theme t ON t.id = it.theme_id
        WHERE it.initiative_id = i.id), '')
    FROM initiatives_initiative i WHERE status = 'published' AND location IS NOT NULL ORDER BY id
"""


def rows(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def assert_in_step():
    copied = rows(f"SELECT {COLUMNS}, themes FROM initiatives_tile_point ORDER BY id")
    assert copied == rows(EXPECTED)


def test_the_copy_follows_random_writes():
    rng = random.Random(13)
    themes = [make_theme(slug=f"theme-{i}", name_fr=f"Thème {i}") for i in range(4)]
    initiatives = [
        make_initiative(slug=f"lieu-{i}", at=(BREST[0] + i / 100, BREST[1]), themes=rng.sample(themes, 2))
        for i in range(12)
    ]
    assert_in_step()
    for _ in range(40):
        initiative = rng.choice(initiatives)
        initiative.refresh_from_db()
        match rng.randrange(7):
            case 0:
                initiative.location = Point(LYON[0] + rng.random() / 10, LYON[1], srid=4326)
            case 1:
                initiative.status = rng.choice(["published", "pending", "archived"])
            case 2:
                initiative.name = f"Nouveau nom {rng.randrange(1000)}"
            case 3:
                initiative.themes.set(rng.sample(themes, rng.randrange(3)))
            case 4:
                theme = rng.choice(themes)  # legend order and slugs are the copy's too
                theme.position, theme.slug = rng.randrange(10), f"theme-{themes.index(theme)}-v{rng.randrange(99)}"
                theme.save()
            case 5:
                initiative.kind, initiative.commune = rng.choice(["place", "event"]), "Morlaix"
            case 6:
                initiative.delete()
                initiatives.remove(initiative)
                initiatives.append(make_initiative(slug=f"lieu-n{rng.randrange(10**6)}", themes=[themes[0]]))
                continue
        initiative.save()
        assert_in_step()


def test_a_truncate_empties_the_copy():
    make_initiative(slug="un-lieu")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # Django's deferred foreign keys
        cursor.execute("TRUNCATE initiatives_initiative CASCADE")
    assert rows("SELECT count(*) FROM initiatives_tile_point") == [(0,)]
    assert Initiative.objects.count() == 0


def test_a_rebuild_gives_what_the_trigger_kept():
    """bench.generate writes with the triggers off, then rebuilds the copy whole."""
    theme = make_theme(slug="communs", name_fr="Communs")
    for i in range(5):
        make_initiative(slug=f"lieu-{i}", at=(LYON[0] + i / 100, LYON[1]), themes=[theme])
    make_initiative(slug="en-attente", status="pending")
    kept = rows(f"SELECT {COLUMNS}, themes FROM initiatives_tile_point ORDER BY id")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM initiatives_tile_point")
        cursor.execute("SELECT tile_point_rebuild()")
    assert rows(f"SELECT {COLUMNS}, themes FROM initiatives_tile_point ORDER BY id") == kept
    assert_in_step()
