"""Slugs: the free one a new initiative gets, and whether a text can be one at all."""

import re

from django.core.validators import slug_re
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from . import snapshots
from .models import Initiative

SLUG_FORMAT = re.compile(r"[^a-z0-9]+")


def is_slug(text):
    """Whether `text` has a slug's shape (letters, digits, "-", "_"): anything else — a NUL
    byte, a space — names nothing, and must not reach the database."""
    return bool(slug_re.fullmatch(text))


def unique_slug(name):
    """A free slug that satisfies the initiative_slug_format check (slugify keeps "_")."""
    base = SLUG_FORMAT.sub("-", slugify(name)).strip("-")[:100].strip("-") or "initiative"
    slug, n = base, 2
    while Initiative.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


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
