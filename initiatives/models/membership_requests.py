"""Belonging is the network's decision too ("la cooptation"): a request to join, or an
invitation, waits until both sides — the initiative and the network — have agreed. Only then
does it become a Membership, the public fact the map, the pages, the API and the indicators
read. The request, with who agreed, who decided and when, stays as the history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .core import Initiative, Kind


class MembershipRequest(models.Model):
    class Origin(models.TextChoices):
        MEMBER = "member", _("Demande d’adhésion")
        NETWORK = "network", _("Invitation du réseau")

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        ACCEPTED = "accepted", _("Acceptée")
        DECLINED = "declined", _("Refusée")

    member = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="membership_requests")
    network = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="received_membership_requests",
        limit_choices_to={"kind": Kind.NETWORK},
    )  # fmt: skip
    origin = models.CharField(_("origine"), max_length=10, choices=Origin.choices)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.PENDING)
    message = models.TextField(_("message"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Who agreed for each side (null: that side has not agreed yet).
    member_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    network_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("motif"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("demande d’adhésion à un réseau")
        verbose_name_plural = _("demandes d’adhésion à des réseaux")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "network"], condition=Q(status="pending"),
                name="membership_request_one_pending",
            ),  # fmt: skip
            models.CheckConstraint(condition=~Q(member=models.F("network")), name="membership_request_not_self"),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True) | Q(~Q(status="pending"), decided_at__isnull=False),
                name="membership_request_decided_at",
            ),  # fmt: skip
        ]

    def __str__(self):
        return f"{self.member} → {self.network} ({self.get_status_display()})"
