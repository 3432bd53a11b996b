from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower


class Change(models.Model):
    """One change to what a partner sees of an initiative, written by the trigger
    initiative_log_change (initiatives/sql/change_log.sql) and never changed once committed: the change feed
    (initiatives/changelog.py) reads it in (txid, id) order. One row per initiative and
    transaction. No foreign key: a removal outlives the initiative."""

    class Action(models.TextChoices):
        CREATED = "created"
        UPDATED = "updated"
        REMOVED = "removed"

    txid = models.BigIntegerField()  # the writing transaction's xid8
    initiative_id = models.BigIntegerField()
    slug = models.CharField(max_length=120)
    action = models.CharField(max_length=10, choices=Action.choices)
    reason = models.CharField(max_length=20, blank=True)  # of a removal: archived, merged, unpublished, deleted
    merged_into = models.BigIntegerField(null=True)  # of a merge: the survivor's id
    version = models.PositiveIntegerField()
    at = models.DateTimeField()
    before = models.TextField(null=True)  # the Feature before the transaction, if it was published
    feature = models.TextField(null=True)  # the Feature after a creation or an update
    diff = models.JSONField(null=True)  # of an update: {field: {"before": …, "after": …}}
    # What the filters match (before and after the change).
    source = models.CharField(max_length=100, blank=True)
    themes = ArrayField(models.CharField(max_length=60), default=list)
    networks = ArrayField(models.CharField(max_length=120), default=list)
    departments = ArrayField(models.CharField(max_length=3), default=list)
    regions = ArrayField(models.CharField(max_length=2), default=list)

    class Meta:
        indexes = [
            models.Index(fields=["txid", "id"], name="change_position"),
            models.Index(fields=["initiative_id", "txid"], name="change_initiative"),  # the trigger's folding
            models.Index(Lower("source"), "txid", "id", name="change_source"),  # ?source=
        ]


class ChangeLogHorizon(models.Model):
    """How far the change log was pruned (manage.py prune_change_log): every change at or
    before this position is gone, so a cursor older than it cannot resume — the partner
    resyncs in full (initiatives/changelog.py)."""

    txid = models.BigIntegerField()
    change_id = models.BigIntegerField()
    pruned_at = models.DateTimeField()

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="change_log_horizon_single_row")]
