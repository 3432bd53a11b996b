"""What the sync remembers of each record (SourceRecord), written in bulk."""

from collections import defaultdict

from .. import snapshots
from ..models import Initiative, Membership, SourceRecord


def values_of(pks):
    """{pk: snapshot} of many initiatives in four queries (snapshots.take does it one by one)."""
    themes, networks, links = defaultdict(list), defaultdict(list), defaultdict(list)
    for pk, slug in Initiative.themes.through.objects.filter(initiative_id__in=pks).values_list("initiative_id", "theme__slug"):
        themes[pk].append(slug)
    for pk, slug in Membership.objects.filter(member_id__in=pks).values_list("member_id", "network__slug"):
        networks[pk].append(slug)
    for initiative in Initiative.objects.filter(pk__in=pks).prefetch_related("links").only("pk", "location", *snapshots.FIELDS):
        links[initiative.pk] = [[link.label, link.url] for link in initiative.links.all()]
        yield initiative.pk, {
            **{name: getattr(initiative, name) for name in snapshots.FIELDS},
            "location": snapshots.position(initiative),
            "themes": sorted(themes[initiative.pk]),
            "networks": sorted(networks[initiative.pk]),
            "links": links[initiative.pk],
        }


def remember(source, values, *, vanished=False):
    """Store `values` ({pk: what the source said}) as the base of the next sync."""
    SourceRecord.objects.bulk_create(
        [SourceRecord(source=source, initiative_id=pk, values=record, vanished=vanished) for pk, record in values.items()],
        update_conflicts=True, unique_fields=["source", "initiative"], update_fields=["values", "vanished"],
    )  # fmt: skip
