"""What an import did, or would do, row by row: created, updated, unchanged, invalid (where,
which field, why) or possible duplicate (which candidate, why).

Every row is counted; the detail of a row is kept when it says something to act on (invalid,
possible duplicate, updated: which fields) or when it is among the first HEAD_ROWS (what the
page shows and maps). A file of 100,000 new or unchanged rows keeps 500 lines, not 100,000:
memory does not grow with the file. `every_row` keeps them all (the scheduled sync reads
which source ids the source still has)."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _, gettext_lazy, ngettext

CREATED, UPDATED, UNCHANGED, INVALID, DUPLICATE = "created", "updated", "unchanged", "invalid", "duplicate"
LABELS = {
    CREATED: gettext_lazy("créée"), UPDATED: gettext_lazy("modifiée"), UNCHANGED: gettext_lazy("inchangée"),
    INVALID: gettext_lazy("invalide"), DUPLICATE: gettext_lazy("doublon possible"),
}  # fmt: skip


@dataclass(slots=True)
class RowReport:
    where: str  # "ligne 3", "élément 12"
    status: str
    source_id: str = ""
    name: str = ""
    slug: str = ""
    errors: list = field(default_factory=list)  # [(field, reason)]
    candidates: list = field(default_factory=list)  # [dedup.Candidate]
    changed: list = field(default_factory=list)  # snapshot keys an update changes
    location: list = None  # [longitude, latitude] the row places it at, for the report's map

    @property
    def label(self):
        return LABELS[self.status]

    def __str__(self):
        head = f"{self.where} · {LABELS[self.status]} · {self.name or '—'}"
        if self.source_id:
            head += f" [{self.source_id}]"
        if self.status == INVALID:
            return head + "\n" + "\n".join(f"    {name or _('fiche')} : {reason}" for name, reason in self.errors)
        if self.status == DUPLICATE:
            return head + "\n" + "\n".join(f"    {_('candidate')} {candidate}" for candidate in self.candidates)
        if self.status == UPDATED:
            return head + f" → {self.slug} ({', '.join(self.changed)})"
        return head + (f" → {self.slug}" if self.slug else "")


HEAD_ROWS = 500
DETAILED = (INVALID, DUPLICATE, UPDATED)


@dataclass
class Report:
    format: str
    source: str
    encoding: str = ""
    delimiter: str = ""
    applied: bool = False
    every_row: bool = False
    rows: list = field(default_factory=list)  # the rows kept in detail, in file order
    total: int = 0  # every row read
    tally: Counter = field(default_factory=Counter)  # status -> rows
    unmatched_categories: Counter = field(default_factory=Counter)

    def add(self, row):
        """Count `row`; return its place in `rows`, or None when its detail is not kept."""
        self.total += 1
        self.tally[row.status] += 1
        if self.every_row or row.status in DETAILED or self.total <= HEAD_ROWS:
            self.rows.append(row)
            return len(self.rows) - 1
        return None

    @property
    def left_out(self):
        """How many rows are counted but not kept in detail."""
        return self.total - len(self.rows)

    def count(self, status):
        return self.tally[status]

    @property
    def counts(self):
        return {status: self.count(status) for status in LABELS}

    def header(self):
        details = [_("format %s") % self.format, _("source « %s »") % self.source]
        if self.encoding:
            details.append(_("encodage détecté : %s") % self.encoding)
        if self.delimiter:
            details.append(_("séparateur « %s »") % self.delimiter)
        mode = _("appliqué") if self.applied else _("simulation (--dry-run) : rien n’a été écrit")
        return _("Import — %(details)s — %(mode)s") % {"details": ", ".join(details), "mode": mode}

    def summary(self):
        counts = self.counts
        text = _("Bilan : %(rows)s ; %(created)d créée(s), %(updated)d modifiée(s), %(unchanged)d inchangée(s), "
                 "%(invalid)d invalide(s), %(duplicate)d doublon(s) possible(s).") % {
            "rows": ngettext("%d ligne", "%d lignes", self.total) % self.total, **counts}  # fmt: skip
        if self.unmatched_categories:
            top = ", ".join(f"« {name} » ({n})" for name, n in self.unmatched_categories.most_common(10))
            text += "\n" + _("Catégories sans correspondance (ignorées) : %s") % top
        return text

    def left_out_line(self):
        """Said after the detailed rows when some were only counted."""
        return ngettext("… et %d autre ligne, créée ou inchangée, comptée sans détail.",
                        "… et %d autres lignes, créées ou inchangées, comptées sans détail.", self.left_out) % self.left_out
