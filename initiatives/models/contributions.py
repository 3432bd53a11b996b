"""Collaborative editing: every change is a Revision (a full snapshot of the initiative as the
change leaves it), proposed, voted on, moderated; reports of problems; network animators."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .core import Initiative


class Revision(models.Model):
    class Kind(models.TextChoices):
        CREATE = "create", _("Création")
        EDIT = "edit", _("Modification")
        REVERT = "revert", _("Restauration d’une version")
        ARCHIVE = "archive", _("Archivage")
        RESTORE = "restore", _("Désarchivage")
        IMPORT = "import", _("Import")
        MERGE = "merge", _("Fusion")

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de modération")
        ACCEPTED = "accepted", _("Acceptée")
        REJECTED = "rejected", _("Refusée")
        CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="revisions")
    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices)
    # The initiative as this change leaves it: fields, position, themes, networks and links.
    snapshot = models.JSONField(_("état proposé"))
    # The version the author started from, and the state it had (for diffs and merges).
    base_version = models.PositiveIntegerField(null=True, blank=True)
    base_snapshot = models.JSONField(null=True, blank=True)
    # The initiative's version once this revision is applied.
    version = models.PositiveIntegerField(null=True, blank=True)

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="revisions",
    )  # fmt: skip
    author_email = models.EmailField(_("courriel pour être prévenu·e"), blank=True)
    summary = models.CharField(_("résumé de la modification"), max_length=300, blank=True)
    suspicious = models.CharField(_("motif de vérification"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="decisions",
    )  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("motif"), max_length=500, blank=True)
    hidden = models.BooleanField(_("masquée"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("révision")
        verbose_name_plural = _("révisions")
        permissions = [("moderate", _("Modérer les propositions et les initiatives"))]
        indexes = [models.Index(fields=["status", "created_at"], name="revision_status_created")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="accepted", version__isnull=False)
                | ~Q(status="accepted"),
                name="revision_accepted_has_version",
            ),
            models.UniqueConstraint(
                fields=["initiative", "version"], name="revision_unique_version",
                condition=Q(version__isnull=False),
            ),  # fmt: skip
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.initiative} · {self.get_status_display()}"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING


class Vote(models.Model):
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    approve = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["revision", "user"], name="vote_once")]


class Report(models.Model):
    class Reason(models.TextChoices):
        CLOSED = "closed", _("A fermé ou n’existe plus")
        MOVED = "moved", _("A déménagé")
        DUPLICATE = "duplicate", _("Doublon")
        WRONG = "wrong", _("Information erronée")
        ABUSE = "abuse", _("Contenu abusif")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("problème"), max_length=10, choices=Reason.choices)
    comment = models.TextField(_("précisions"), max_length=2000, blank=True)
    email = models.EmailField(_("courriel (facultatif)"), blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="resolved_reports",
    )  # fmt: skip

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")


class NetworkAnimator(models.Model):
    """An animator (animatrice, animateur) moderates the initiatives of their network."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="animated_networks"
    )
    network = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="animators",
        limit_choices_to={"kind": "network"},
    )  # fmt: skip

    class Meta:
        verbose_name = _("animateur·rice de réseau")
        verbose_name_plural = _("animateur·rices de réseau")
        constraints = [
            models.UniqueConstraint(fields=["user", "network"], name="animator_unique")
        ]

    def __str__(self):
        return f"{self.user} · {self.network}"
