"""Slugs: the free one a new initiative gets, and whether a text can be one at all."""

import re

from django.core.validators import slug_re
from django.db import IntegrityError, connection, transaction
from django.utils.text import slugify

from . import snapshots
from .models import Initiative

SLUG_FORMAT = re.compile(r"[^a-z0-9]+")


def is_slug(text):
    """Whether `text` has a slug's shape (letters, digits, "-", "_"): anything else — a NUL
    byte, a space — names nothing, and must not reach the database."""
    return bool(slug_re.fullmatch(text))


# How many numbered slugs per name free_slugs reads at once; past them it asks one by one.
SLUG_TRIES = 5


def base_slug(name):
    """The slug a name asks for, in the initiative_slug_format shape (slugify keeps "_")."""
    return SLUG_FORMAT.sub("-", slugify(name)).strip("-")[:100].strip("-") or "initiative"


def _numbered(base, n):
    return base if n == 1 else f"{base}-{n}"


def unique_slug(name):
    """A free slug: the name's, or the first free "-2", "-3"… after it."""
    base, n = base_slug(name), 1
    while Initiative.objects.filter(slug=_numbered(base, n)).exists():
        n += 1
    return _numbered(base, n)


def free_slugs(names):
    """The slugs unique_slug would give `names` one after the other, each taking its own, in
    one query for the lot (an import's batch)."""
    bases = [base_slug(name) for name in names]
    tried = {_numbered(base, n) for base in set(bases) for n in range(1, SLUG_TRIES + 1)}
    # One text parameter split by PostgreSQL (a slug holds no space), not a placeholder per
    # slug — with 5,000 of them, building the query took ten times as long as running it —
    # nor an array, which psycopg dumps element by element in Python.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT slug FROM {Initiative._meta.db_table} WHERE slug = ANY(string_to_array(%s, ' '))",
                       [" ".join(sorted(tried))])  # fmt: skip
        taken = {slug for (slug,) in cursor.fetchall()}
    slugs = []
    for base in bases:
        n = 1
        while (slug := _numbered(base, n)) in taken or (
            slug not in tried and Initiative.objects.filter(slug=slug).exists()
        ):
            n += 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def insert_with_unique_slug(initiative, snapshot, attempts=5):
    """Save a new initiative under a free slug. Two identical names proposed at the same
    moment both find the slug free; the second insert then waits for the first and fails on
    the unique slug: pick the next free one and try again, in a savepoint."""
    for attempt in range(attempts):
        initiative.slug = unique_slug(snapshot["name"])
        try:
            with transaction.atomic():
                snapshots.apply(initiative, snapshot)
            return
        except IntegrityError:
            initiative.pk = None
            taken = Initiative.objects.filter(slug=initiative.slug).exists()
            if not taken or attempt == attempts - 1:
                raise
