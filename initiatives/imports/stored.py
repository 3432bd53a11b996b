"""What is stored for a batch of rows, read in a fixed number of queries (not one per row):
each matched initiative's bookkeeping and its snapshot, equal to what snapshots.take gives."""

from dataclasses import dataclass

from ..models import Initiative, Link, Membership

@dataclass(slots=True)
class Stored:
    pk: int
    slug: str
    kind: str
    status: str
    version: int
    locked: bool
    snapshot: dict

    def as_initiative(self):
        """An unsaved stand-in that the validation rules read (pk, slug, kind, status, name)."""
        return Initiative(pk=self.pk, slug=self.slug, kind=self.kind, status=self.status, name=self.snapshot["name"])


def read_stored(queryset, key, values, fields):
    """{key value: Stored} for the initiatives of `queryset` whose `key` is in `values`: one
    query, and three more (themes, networks, links) when any matched."""
    columns = ["pk", key, "slug", "status", "version", "locked", "location", *fields]
    rows = queryset.filter(**{f"{key}__in": values}).order_by().values(*dict.fromkeys(columns))
    stored = {}
    by_pk = {}
    for row in rows:
        location = row["location"]
        snapshot = {
            **{name: row[name] for name in fields},
            "location": [round(location.x, 6), round(location.y, 6)] if location else None,
            "themes": [], "networks": [], "links": [],
        }  # fmt: skip
        item = Stored(row["pk"], row["slug"], row["kind"], row["status"], row["version"], row["locked"], snapshot)
        stored[row[key]] = by_pk[row["pk"]] = item
    if not by_pk:
        return stored
    themes = Initiative.themes.through.objects.filter(initiative_id__in=by_pk)
    for pk, slug in themes.values_list("initiative_id", "theme__slug"):
        by_pk[pk].snapshot["themes"].append(slug)
    for pk, slug in Membership.objects.filter(member_id__in=by_pk).values_list("member_id", "network__slug"):
        by_pk[pk].snapshot["networks"].append(slug)
    for pk, label, url in Link.objects.filter(initiative_id__in=by_pk).values_list("initiative_id", "label", "url"):
        by_pk[pk].snapshot["links"].append([label, url])  # in the model's order, as take() reads them
    for item in by_pk.values():
        item.snapshot["themes"].sort()
        item.snapshot["networks"].sort()
    return stored
