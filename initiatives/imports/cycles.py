"""Membership cycles that an import's own rows would close between them (Alpha joins Beta,
then Beta joins Alpha): each network row is checked against the networks of networks as the
rows before it leave them, so that the dry run reports the row in French. Validation checks
a single row against the map; the database's trigger (sql/membership_cycles.sql) stays the
last word."""

from types import SimpleNamespace

from ..memberships import cycle_message
from ..models import Initiative, Membership


class CycleWatch:
    def __init__(self):
        self.parents = None  # network slug -> slugs of the networks it is in, read at first need
        self.names = {}

    def _load(self):
        self.parents = {}
        rows = Membership.objects.filter(member__kind=Initiative.Kind.NETWORK).values_list("member__slug", "network__slug")
        for member, network in rows:
            self.parents.setdefault(member, set()).add(network)
        self.names = dict(Initiative.objects.networks().values_list("slug", "name"))

    def refusals(self, slug, name, networks):
        """French messages for the networks that network `slug` cannot join; if none, its
        memberships become these for the rows that follow."""
        if self.parents is None:
            self._load()
        messages = []
        for network in networks:
            path = self._up(network, slug)
            if path is not None:
                names = [name, *(self.names.get(s, s) for s in reversed(path[:-1]))]
                messages.append(cycle_message(SimpleNamespace(name=name), SimpleNamespace(name=self.names.get(network, network)), names))
        if not messages:
            self.parents[slug] = set(networks)
        return messages

    def _up(self, start, goal):
        """The slugs from `start` up to `goal` through the networks each is in, or None."""
        paths, seen = [[start]], {start}
        while paths:
            path = paths.pop()
            if path[-1] == goal:
                return path
            for parent in self.parents.get(path[-1], ()):
                if parent not in seen:
                    seen.add(parent)
                    paths.append([*path, parent])
        return None
