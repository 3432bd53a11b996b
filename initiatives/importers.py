"""Import themes and initiatives from a plain data structure (the YAML of fixtures/).

Everything is validated before anything is written, then written in one transaction: a file
with one bad record changes nothing. Records are matched by slug, and a record equal to what
is stored is left untouched, so importing the same file twice changes nothing (no new
version, no dataset bump).
"""

from dataclasses import dataclass, field

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import transaction

from . import snapshots
from .changes import record_import
from .models import Initiative, Link, Theme

THEME_FIELDS = ("name_fr", "name_en", "colour", "position")
INITIATIVE_FIELDS = (
    "name", "kind", "summary", "description", "scope", "address", "postal_code", "commune",
    "insee_code", "department_code", "region_code", "website", "contact_email", "source",
    "source_id", "status", "location_precision",
)  # fmt: skip
KNOWN_KEYS = set(INITIATIVE_FIELDS) | {"slug", "lon", "lat", "themes", "networks", "links"}


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)

    def __str__(self):
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged"
        )


@dataclass
class _Planned:
    initiative: Initiative
    themes: list
    networks: list
    links: list
    changed: bool = False
    created: bool = False


def import_dataset(data, *, default_status=Initiative.Status.PUBLISHED):
    """Validate then write `{"themes": [...], "initiatives": [...]}`; return an ImportReport.
    Raises ValidationError listing every problem (prefixed by the record's slug) and writes
    nothing if any record is invalid."""
    errors = []
    themes = [_plan_theme(raw, errors) for raw in data.get("themes") or []]
    theme_slugs = {t.slug for t in themes if t} | set(
        Theme.objects.values_list("slug", flat=True)
    )
    records = data.get("initiatives") or []
    seen = set()
    for raw in records:
        if raw.get("slug") in seen:
            errors.append(f"{raw.get('slug')!r}: duplicate slug in the file")
        seen.add(raw.get("slug"))
    plans = [_plan_initiative(raw, default_status, errors) for raw in records]
    plans = [p for p in plans if p]
    _check_references(plans, theme_slugs, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = ImportReport()
        for theme in themes:
            _save_theme(theme, report)
        for plan in plans:
            _save_initiative(plan, report)
        for plan in plans:
            _save_relations(plan, report)
    return report


def _plan_theme(raw, errors):
    slug = raw.get("slug", "")
    theme = Theme.objects.filter(slug=slug).first() or Theme(slug=slug)
    for name in THEME_FIELDS:
        if name in raw:
            setattr(theme, name, raw[name])
    try:
        theme.full_clean()
    except ValidationError as exc:
        errors.append(f"theme {slug!r}: {_flatten(exc)}")
        return None
    return theme


def _plan_initiative(raw, default_status, errors):
    slug = raw.get("slug", "")
    unknown = set(raw) - KNOWN_KEYS
    if unknown:
        errors.append(f"{slug!r}: unknown keys {sorted(unknown)}")
        return None
    initiative = Initiative.objects.filter(slug=slug).first() or Initiative(slug=slug)
    values = {name: raw.get(name, "") for name in INITIATIVE_FIELDS}
    values["status"] = raw.get("status", default_status)
    location = None
    if "lon" in raw or "lat" in raw:
        try:
            location = Point(float(raw["lon"]), float(raw["lat"]), srid=4326)
        except (KeyError, TypeError, ValueError):
            errors.append(f"{slug!r}: lon and lat must both be numbers")
            return None
        values["location_precision"] = values["location_precision"] or "commune"
    for name, value in values.items():
        setattr(initiative, name, "" if value is None else value)
    initiative.location = location
    try:
        initiative.full_clean(exclude=["version"])
    except ValidationError as exc:
        errors.append(f"{slug!r}: {_flatten(exc)}")
        return None
    links = []
    for raw_link in raw.get("links") or []:
        link = Link(label=raw_link.get("label", ""), url=raw_link.get("url", ""))
        try:
            link.full_clean(exclude=["initiative"])
        except ValidationError as exc:
            errors.append(f"{slug!r} link: {_flatten(exc)}")
        links.append((link.label, link.url))
    return _Planned(initiative, list(raw.get("themes") or []), list(raw.get("networks") or []), links)


def _check_references(plans, theme_slugs, errors):
    kinds = dict(Initiative.objects.values_list("slug", "kind"))
    kinds.update({p.initiative.slug: p.initiative.kind for p in plans})
    for plan in plans:
        slug = plan.initiative.slug
        for theme in plan.themes:
            if theme not in theme_slugs:
                errors.append(f"{slug!r}: unknown theme {theme!r}")
        for network in plan.networks:
            if network == slug:
                errors.append(f"{slug!r}: an initiative cannot be a member of itself")
            elif network not in kinds:
                errors.append(f"{slug!r}: unknown network {network!r}")
            elif kinds[network] != Initiative.Kind.NETWORK:
                errors.append(f"{slug!r}: {network!r} is not a network")


def _save_theme(theme, report):
    if theme.pk is None:
        theme.save()
        report.created.append(f"theme:{theme.slug}")
        return
    stored = Theme.objects.get(pk=theme.pk)
    if any(getattr(stored, f) != getattr(theme, f) for f in THEME_FIELDS):
        theme.save()
        report.updated.append(f"theme:{theme.slug}")
    else:
        report.unchanged.append(f"theme:{theme.slug}")


def _same_location(a, b):
    if a is None or b is None:
        return a is None and b is None
    return a.equals_exact(b, tolerance=1e-9)


def _save_initiative(plan, report):
    initiative = plan.initiative
    if initiative.pk is None:
        initiative.save()
        report.created.append(initiative.slug)
        plan.changed = plan.created = True
        return
    stored = Initiative.objects.get(pk=initiative.pk)
    changed = any(getattr(stored, f) != getattr(initiative, f) for f in INITIATIVE_FIELDS)
    changed = changed or not _same_location(stored.location, initiative.location)
    if changed:
        initiative.save()
        report.updated.append(initiative.slug)
    plan.changed = changed


def _save_relations(plan, report):
    initiative = plan.initiative
    relations = {"themes": plan.themes, "networks": plan.networks, "links": plan.links}
    relations_changed = snapshots.apply_relations(initiative, relations)
    if relations_changed and not plan.changed:
        report.updated.append(initiative.slug)
    elif not plan.changed:
        report.unchanged.append(initiative.slug)
        return
    record_import(initiative, created=plan.created, summary=f"import {initiative.source}".strip())


def _flatten(exc):
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return " ".join(exc.messages)
