"""Querysets that speak the domain: `Initiative.objects.published().in_bbox(...)`."""

from django.contrib.gis.geos import Polygon
from django.db import models
from django.db.models.expressions import RawSQL

from project.replicas import reading

# Columns maintained by PostgreSQL (migration 0003_search): an accent-free lower-case name for
# trigram (typo-tolerant) matching and a French full-text vector that ignores accents.
SEARCH_WHERE = (
    "initiatives_initiative.search_vector @@ websearch_to_tsquery('fr_unaccent', %s)"
    " OR immutable_unaccent(lower(%s)) <%% initiatives_initiative.search_name"
)
SEARCH_RANK = (
    "ts_rank(initiatives_initiative.search_vector, websearch_to_tsquery('fr_unaccent', %s))"
    " + word_similarity(immutable_unaccent(lower(%s)), initiatives_initiative.search_name)"
)

NAME_LIKE_WHERE = "immutable_unaccent(lower(%s)) <%% initiatives_initiative.search_name"
NAME_LIKE_RANK = "word_similarity(immutable_unaccent(lower(%s)), initiatives_initiative.search_name)"
# The search's words in the name (weight A of search_vector): a common word's first matches.
NAME_MATCH = "initiatives_initiative.search_vector @@ name_tsquery(%s)"
IN_NAME = "in_name"

# A search whose every word is in more than this share of initiatives (PostgreSQL's own
# statistics, pg_stats) is "common": ranking all its matches cost 7.4 s at 1M initiatives.
COMMON_SEARCH_SHARE = 0.05
COMMON_SEARCH_SQL = """
    SELECT coalesce(bool_and(coalesce(
        s.most_common_elem_freqs[array_position(s.most_common_elems::text::text[], w.lexeme)], 0) >= %s), false)
    FROM unnest(tsvector_to_array(to_tsvector('fr_unaccent', %s))) AS w(lexeme)
    JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = 'initiatives_initiative'
                   AND s.attname = 'search_vector'
"""


def is_common_search(text):
    """Whether every word of `text` is in more than COMMON_SEARCH_SHARE of the initiatives,
    by the table's statistics (a lookup, not a count)."""
    with reading().cursor() as cursor:
        cursor.execute(COMMON_SEARCH_SQL, [COMMON_SEARCH_SHARE, text])
        return cursor.fetchone()[0]


# The networks one may filter by or walk through: published ones only.
PUBLISHED_NETWORKS = "initiatives_initiative WHERE kind = 'network' AND status = 'published'"


class InitiativeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=self.model.Status.PUBLISHED)

    def pending(self):
        return self.filter(status=self.model.Status.PENDING)

    def networks(self):
        return self.filter(kind=self.model.Kind.NETWORK)

    def open_to(self, member=None):
        """The networks `member` (None: a new initiative) may list: the published ones, and
        those it already belongs to — kept even if archived since, so that an edit never
        drops them. A pending network is nobody's to join: its name is not public yet."""
        published = models.Q(status=self.model.Status.PUBLISHED)
        if member is None or not member.pk:
            return self.filter(published)
        return self.filter(published | models.Q(members=member)).exclude(pk=member.pk).distinct()

    def members_of(self, network, *, transitive=False):
        """Direct members of `network`; with transitive=True also the members of its member
        networks, at any depth ("réseau de réseaux"; safe against membership cycles). Only
        published networks count: an unpublished one has no members, and the walk does not
        go through it."""
        return self._members(f"SELECT id FROM {PUBLISHED_NETWORKS} AND id = %s",
                             [getattr(network, "pk", network)], transitive=transitive)  # fmt: skip

    def members_of_slugs(self, slugs, *, transitive=False):
        """Members of any of the published networks with these slugs (other slugs match
        nothing)."""
        return self._members(f"SELECT id FROM {PUBLISHED_NETWORKS} AND slug = ANY(%s)", [list(slugs)],
                             transitive=transitive)  # fmt: skip

    def _members(self, networks_sql, params, *, transitive):
        step = (
            "UNION SELECT m.member_id FROM initiatives_membership m JOIN tree ON m.network_id = tree.id"
            f" WHERE m.network_id IN (SELECT id FROM {PUBLISHED_NETWORKS})"
            if transitive else ""
        )  # fmt: skip
        closure = RawSQL(
            f"""
            WITH RECURSIVE tree(id) AS (
                SELECT member_id FROM initiatives_membership WHERE network_id IN ({networks_sql})
                {step}
            )
            SELECT id FROM tree WHERE id NOT IN ({networks_sql})
            """,
            params * 2,
        )
        return self.filter(id__in=closure)

    def in_bbox(self, min_lon, min_lat, max_lon, max_lat):
        bbox = Polygon.from_bbox((min_lon, min_lat, max_lon, max_lat))
        bbox.srid = 4326
        # Locations are points: the index's bounding-box test (&&) is already exact, and
        # much cheaper than ST_Intersects re-checking every row of a large view.
        return self.filter(location__bboverlaps=bbox)

    def near(self, lon, lat, metres):
        """Within `metres` true metres of a point: a geography distance, not degrees (the
        geography expression index of migration 0003 serves it)."""
        return self.filter(
            RawSQL(
                "ST_DWithin(initiatives_initiative.location::geography,"
                " ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography, %s)",
                [lon, lat, metres],
                output_field=models.BooleanField(),
            )
        )

    def search(self, text):
        """French search that ignores case and accents and forgives small typos."""
        return self.filter(
            RawSQL(f"({SEARCH_WHERE})", [text, text], output_field=models.BooleanField())
        )

    def name_like(self, text):
        """Those with a word of their name close to `text` (accents, case and small typos
        forgiven: "coop grop" finds "Coop Group"), closest first (`name_rank`), then by name."""
        return (
            self.filter(RawSQL(f"({NAME_LIKE_WHERE})", [text], output_field=models.BooleanField()))
            .annotate(name_rank=RawSQL(NAME_LIKE_RANK, [text]))
            .order_by("-name_rank", "name", "id")
        )

    def ranked_search(self, text):
        """search(text), most relevant first. A common word (is_common_search) matches most
        of the map, and ranking every match would read them all: its matches come name
        first — those whose name holds the words, then the others — each in id order, which
        the primary key serves a page at a time (id_ordered_parts). Any other search is
        ranked as before."""
        matches = self.search(text)
        if not is_common_search(text):
            return matches.order_by_relevance(text)
        in_name = RawSQL(NAME_MATCH, [text], output_field=models.BooleanField())
        return matches.alias(**{IN_NAME: in_name}).order_by(models.F(IN_NAME).desc(), "id")

    def id_ordered_parts(self):
        """This queryset as querysets each in id order, whose results one after the other are
        its own, or None if it is ordered otherwise (by relevance): a page of it can then
        pick its ids from narrow indexes before reading any wide row."""
        order = list(self.query.order_by)
        if order == ["id"]:
            return [self]
        if IN_NAME in self.query.annotations and order[1:] == ["id"]:
            return [self.filter(**{IN_NAME: True}).order_by("id"), self.filter(**{IN_NAME: False}).order_by("id")]
        return None

    def order_by_relevance(self, text):
        return self.annotate(relevance=RawSQL(SEARCH_RANK, [text, text])).order_by(
            "-relevance", "id"
        )
