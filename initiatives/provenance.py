"""Where an imported initiative comes from: the source's name, its id there, the source's
site, licence and attribution, and when the source was last synced — shown on its page, in
the API and in the exports. An initiative proposed here (no id at a source) has none."""

import hashlib
from dataclasses import asdict, dataclass
from datetime import datetime

from .models import Source


@dataclass(frozen=True)
class Provenance:
    source: str
    source_id: str
    source_url: str = ""  # the source's own map (a registered source's home page)
    licence: str = ""
    licence_url: str = ""
    attribution: str = ""
    synced_at: datetime | None = None  # the source's last successful sync

    def as_json(self):
        data = asdict(self)
        data["synced_at"] = self.synced_at.strftime("%Y-%m-%dT%H:%M:%SZ") if self.synced_at else None
        return data


def provenance_of(initiative):
    """The Provenance of `initiative`, or None when it was not imported (one query)."""
    if not initiative.source_id:
        return None
    registered = Source.objects.filter(name__iexact=initiative.source).first()
    if registered is None:  # imported once by hand (manage.py import_initiatives), not registered
        return Provenance(initiative.source, initiative.source_id)
    return Provenance(
        registered.name, initiative.source_id, registered.home_url or registered.url, registered.licence,
        registered.licence_url, registered.attribution, registered.last_synced_at,
    )  # fmt: skip


def registered_sources():
    """Every registered source, with its licence and attribution: the about page and the
    exports name them all (a paused source's records are still published)."""
    return list(Source.objects.order_by("name"))


def sources_state():
    """A short digest of what the exports show of the sources: a sync or an edited licence
    changes it without touching the dataset's version, so it goes into their ETag."""
    rows = Source.objects.order_by("pk").values_list(
        "pk", "name", "home_url", "url", "licence", "licence_url", "attribution", "last_synced_at"
    )
    return hashlib.sha1(repr(list(rows)).encode()).hexdigest()[:12]
