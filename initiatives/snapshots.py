"""A snapshot is everything a person can change about an initiative, as plain JSON data: its
fields, its position, its themes, the networks it belongs to and its links. Revisions store
them; history diffs them field by field; a revert applies one; a stale edit is merged with a
three-way comparison of them."""

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .memberships import check_no_cycle
from .models import Initiative, Link, Theme
from .models.core import place_errors

# How many (field, value) verdicts Known keeps: enough for the values rows share (kinds,
# communes, codes), bounded so that memory stays flat.
VERDICTS_KEPT = 50_000

FIELDS = (
    "name", "kind", "summary", "description", "scope", "address", "postal_code", "commune",
    "insee_code", "department_code", "region_code", "website", "contact_email",
    "location_precision",
)  # fmt: skip
RELATIONS = ("location", "themes", "networks", "links")
KEYS = FIELDS + RELATIONS

LABELS = {
    "name": _("Nom"), "kind": _("Nature"), "summary": _("Résumé"), "description": _("Description"),
    "scope": _("Portée"), "address": _("Adresse"), "postal_code": _("Code postal"),
    "commune": _("Commune"), "insee_code": _("Code INSEE"), "department_code": _("Département"),
    "region_code": _("Région"), "website": _("Site web"), "contact_email": _("Courriel de contact"),
    "location_precision": _("Précision de la position"), "location": _("Position"),
    "themes": _("Thèmes"), "networks": _("Réseaux"), "links": _("Liens"),
}  # fmt: skip


def take(initiative):
    """The snapshot of a saved initiative as it is in the database now."""
    return {
        **{name: getattr(initiative, name) for name in FIELDS},
        "location": position(initiative),
        "themes": sorted(initiative.themes.values_list("slug", flat=True)),
        "networks": sorted(initiative.networks.values_list("slug", flat=True)),
        "links": [[link.label, link.url] for link in initiative.links.all()],
    }


def position(initiative):
    """[longitude, latitude] as snapshots hold it, or None."""
    location = initiative.location
    return [round(location.x, 6), round(location.y, 6)] if location else None


def normalise(data):
    """A complete, canonical snapshot from submitted data (missing keys become empty)."""
    snapshot = {name: str(data.get(name) or "").strip() for name in FIELDS}
    location = data.get("location")
    snapshot["location"] = [round(float(location[0]), 6), round(float(location[1]), 6)] if location else None
    snapshot["themes"] = sorted(set(data.get("themes") or []))
    snapshot["networks"] = sorted(set(data.get("networks") or []))
    snapshot["links"] = [[str(label).strip(), str(url).strip()] for label, url in data.get("links") or []]
    return snapshot


class Known:
    """The references a snapshot may name, read once for many snapshots (an import's batch),
    so that validating each one costs no query: every theme slug, the slugs of the networks
    open to a new initiative (published ones) and, per initiative being updated, the networks
    it already belongs to (open to it even if archived since)."""

    def __init__(self):
        self.fields = [Initiative._meta.get_field(name) for name in FIELDS]
        self.verdicts = {}  # (field, value) -> its error messages
        self.themes = set(Theme.objects.values_list("slug", flat=True))
        self.published_networks = set(
            Initiative.objects.networks().open_to(None).values_list("slug", flat=True)
        )
        self.current_networks = {}  # initiative pk -> slugs of the networks it belongs to

    def field_errors(self, snapshot):
        """What Model.clean_fields and clean() say of the snapshot, from the same fields,
        validators and rules, without a model instance (thousands of rows, each with its own
        instance, cost more than the rest of an import)."""
        errors = {}
        for field in self.fields:
            value = snapshot[field.name]
            if field.blank and value in field.empty_values:
                continue
            messages = self.verdicts.get((field.name, value))
            if messages is None:
                try:
                    field.clean(value, None)
                    messages = ()
                except ValidationError as exc:
                    messages = tuple(exc.messages)
                if len(self.verdicts) < VERDICTS_KEPT:
                    self.verdicts[field.name, value] = messages
            if messages:
                errors[field.name] = list(messages)
        for name, message in place_errors(snapshot["kind"], snapshot["department_code"], snapshot["region_code"],
                                          snapshot["location"]).items():  # fmt: skip
            errors.setdefault(name, []).append(message)
        return errors

    def open_networks(self, initiative):
        if initiative is None or not initiative.pk:
            return self.published_networks
        return (self.published_networks | self.current_networks.get(initiative.pk, set())) - {initiative.slug}


def validate(snapshot, *, initiative=None, slug=None, known=None):
    """Check a snapshot with the model's own rules (plus references); raise a
    ValidationError keyed by field, in French. Nothing is written. With `known` (Known) the
    check makes no query: the fields' rules and clean()'s run in Python, the references are
    looked up in `known`, and the database constraints — the same rules again — are left
    to the write."""
    errors = {}
    if known is not None:
        errors.update(known.field_errors(snapshot))
    else:
        candidate = Initiative(
            pk=getattr(initiative, "pk", None),
            slug=slug or getattr(initiative, "slug", "x"),
            status=getattr(initiative, "status", Initiative.Status.PENDING),
            **{name: snapshot[name] for name in FIELDS},
        )
        if snapshot["location"] is not None:
            candidate.location = Point(*snapshot["location"], srid=4326)
        try:
            candidate.full_clean(exclude=["slug", "version", "status"], validate_unique=False)
        except ValidationError as exc:
            errors.update(exc.message_dict)

    if known is not None:
        known_themes, networks = known.themes, known.open_networks(initiative)
    else:
        known_themes = set(Theme.objects.filter(slug__in=snapshot["themes"]).values_list("slug", flat=True))
        networks = set(
            Initiative.objects.networks().open_to(initiative)
            .filter(slug__in=snapshot["networks"]).values_list("slug", flat=True)
        )  # fmt: skip
    if unknown := sorted(set(snapshot["themes"]) - known_themes):
        errors["themes"] = [_("Thème inconnu : %s.") % ", ".join(unknown)]
    if initiative is not None and initiative.slug in snapshot["networks"]:
        errors["networks"] = [_("Une initiative ne peut pas être membre d’elle-même.")]
    elif unknown := sorted(set(snapshot["networks"]) - networks):
        errors["networks"] = [_("Réseau inconnu : %s.") % ", ".join(unknown)]
    elif initiative is not None and initiative.pk and initiative.kind == Initiative.Kind.NETWORK:
        # Only a network has members, so only a network can close a cycle by joining one.
        try:
            check_no_cycle(initiative, Initiative.objects.filter(slug__in=snapshot["networks"]))
        except ValidationError as exc:
            errors.update(exc.message_dict)

    link_errors = []
    for label, url in snapshot["links"]:
        try:
            Link(label=label, url=url).full_clean(exclude=["initiative"], validate_constraints=known is None)
        except ValidationError as exc:
            link_errors += [f"{label or url}: {m}" for msgs in exc.message_dict.values() for m in msgs]
    if link_errors:
        errors["links"] = link_errors
    if errors:
        raise ValidationError(errors)


def apply(initiative, snapshot):
    """Write `snapshot` onto `initiative` and its relations. The caller holds the row (see
    services) and has validated the snapshot; the version is the caller's business too."""
    for name in FIELDS:
        setattr(initiative, name, snapshot[name])
    initiative.location = Point(*snapshot["location"], srid=4326) if snapshot["location"] else None
    initiative.save()
    apply_relations(initiative, snapshot)


def apply_relations(initiative, relations):
    """Give the saved `initiative` the themes, networks and links `relations` lists (by slug;
    links as [label, url]); touch only what differs. Returns whether anything did."""
    changed = False
    for name, model in (("themes", Theme), ("networks", Initiative)):
        related = getattr(initiative, name)
        if sorted(related.values_list("slug", flat=True)) != sorted(relations[name]):
            related.set(model.objects.filter(slug__in=relations[name]))
            changed = True
    links = [list(link) for link in relations["links"]]
    if [[link.label, link.url] for link in initiative.links.all()] != links:
        initiative.links.all().delete()
        Link.objects.bulk_create(
            Link(initiative=initiative, label=label, url=url, position=i) for i, (label, url) in enumerate(links)
        )
        changed = True
    return changed


def joined(before, after):
    """The slugs of the networks `after` belongs to and `before` did not."""
    return sorted(set(after["networks"]) - set(before["networks"]))


def diff(before, after):
    """[(key, label, old, new)] for every key that differs (before may be None: a creation)."""
    before = before or {}
    return [
        (key, LABELS[key], before.get(key), after.get(key))
        for key in KEYS
        if before.get(key) != after.get(key)
    ]


def merge(base, mine, theirs):
    """Three-way merge of a stale edit. `base` is what the author started from, `mine` what
    they submitted, `theirs` what is stored now. Keys changed on one side only are taken
    from that side; keys changed on both sides differently are conflicts.
    Returns (merged snapshot, [conflicting keys])."""
    merged, conflicts = {}, []
    for key in KEYS:
        b, m, t = (base or {}).get(key), mine.get(key), theirs.get(key)
        if m == t or m == b:
            merged[key] = t
        elif t == b:
            merged[key] = m
        else:
            merged[key] = t
            conflicts.append(key)
    return merged, conflicts
