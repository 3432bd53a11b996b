"""Possible duplicates of a row that matches nothing by its source id, each with its reasons:
the rule is the domain's (initiatives/duplicates.py), the same for the contribution form and
the API; an import asks for a whole batch of rows in one query."""

from .. import duplicates


class Finder:
    def __init__(self, source):
        self.source = source

    def candidates(self, snapshot, source_id):
        return duplicates.find(snapshot, source=self.source, source_id=source_id)

    def candidates_of(self, rows):
        """[[Candidate]] for [(snapshot, source id)], in one query."""
        return duplicates.find_many(rows, source=self.source)
