from django.db import models
from django.db.models import Q


class NetworkReach(models.Model):
    """How many public members a network has: in all (kind "all", empty code), and in each
    region and department (kind "region" / "departement" and the INSEE code). Written only by
    the triggers of initiatives/sql/network_reach.sql, so the territory pages and the graph
    read sums instead of recounting memberships after every write. No foreign key: a row
    goes when its count reaches zero
    (the partial index finds those at once)."""

    pk = models.CompositePrimaryKey("network_id", "kind", "code")
    network_id = models.BigIntegerField()
    kind = models.CharField(max_length=11)
    code = models.CharField(max_length=3, blank=True)
    members = models.IntegerField()

    class Meta:
        db_table = "initiatives_network_reach"
        indexes = [models.Index(fields=["kind", "code", "network_id"], include=["members"], name="network_reach_territory"),
                   models.Index(fields=["network_id"], condition=Q(members=0), name="network_reach_zero")]  # fmt: skip


class NetworkPair(models.Model):
    """How many public members two networks share (network_a < network_b), written only by the
    triggers of initiatives/sql/network_reach.sql: the graph's weighted edges and a network's
    crossings. A pair sharing nobody has no row."""

    pk = models.CompositePrimaryKey("network_a", "network_b")
    network_a = models.BigIntegerField()
    network_b = models.BigIntegerField()
    members = models.IntegerField()

    class Meta:
        db_table = "initiatives_network_pair"
        indexes = [models.Index(fields=["network_b", "network_a"], include=["members"], name="network_pair_b"),
                   models.Index(fields=["network_a"], condition=Q(members=0), name="network_pair_zero")]  # fmt: skip


class MemberReach(models.Model):
    """How many public memberships a published initiative has, when it has any. Written only
    by the triggers of initiatives/sql/network_reach.sql."""

    member_id = models.BigIntegerField(primary_key=True)
    networks = models.IntegerField()

    class Meta:
        db_table = "initiatives_member_reach"


class MembershipSpread(models.Model):
    """How many initiatives have exactly `networks` public memberships (never zero): the
    whole map's members, memberships and multi-membership rate read from a few rows. Written
    only by the triggers of initiatives/sql/network_reach.sql."""

    networks = models.IntegerField(primary_key=True)
    members = models.IntegerField()

    class Meta:
        db_table = "initiatives_membership_spread"
