from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from .core import HttpURLField


class WebhookEvent(models.TextChoices):
    """What a subscription may ask for: the change log's actions, removals told apart by
    their reason (initiatives/webhooks/dispatch.py)."""

    CREATED = "created", _("créée")
    UPDATED = "updated", _("modifiée")
    ARCHIVED = "archived", _("archivée")
    MERGED = "merged", _("fusionnée")
    REMOVED = "removed", _("retirée (dépubliée ou supprimée)")


class WebhookSubscription(models.Model):
    """A partner's (or a moderator's) receiver of signed events. The secret signs every
    delivery (Standard Webhooks); it is shown once, when the subscription is created."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_subscriptions",
                              verbose_name=_("propriétaire"))  # fmt: skip
    url = HttpURLField(_("adresse de réception"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    secret = models.CharField(max_length=60, editable=False)  # whsec_<base64 of 24 random bytes>
    events = ArrayField(models.CharField(max_length=10, choices=WebhookEvent.choices), verbose_name=_("évènements"))
    # Filters, as the change feed's: any of the listed values (none listed: everything).
    themes = ArrayField(models.CharField(max_length=60), default=list, blank=True, verbose_name=_("thèmes"))
    networks = ArrayField(models.CharField(max_length=120), default=list, blank=True, verbose_name=_("réseaux"))
    departments = ArrayField(models.CharField(max_length=3), default=list, blank=True, verbose_name=_("départements"))
    regions = ArrayField(models.CharField(max_length=2), default=list, blank=True, verbose_name=_("régions"))
    created_at = models.DateTimeField(auto_now_add=True)
    # Failures since the last success: the next try waits longer after each (exponential
    # backoff, the whole subscription: a receiver that is down gets one try at a time), and
    # past the limits (settings) the subscription is paused.
    consecutive_failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(_("en pause depuis"), null=True, blank=True)
    pause_reason = models.CharField(_("raison de la pause"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("abonnement webhook")
        verbose_name_plural = _("abonnements webhook")

    def __str__(self):
        return self.url


class WebhookMessage(models.Model):
    """One event, as every subscription that wants it receives it: the same body and id
    (`webhook-id`: the same on every attempt, so a receiver can drop repeats)."""

    message_id = models.CharField(max_length=40, unique=True)
    change_id = models.BigIntegerField()  # the change log row it tells
    event = models.CharField(max_length=10, choices=WebhookEvent.choices)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.message_id


class WebhookDelivery(models.Model):
    """One message for one subscription, and where its delivery stands."""

    class Status(models.TextChoices):
        PENDING = "pending", _("à envoyer")
        DELIVERED = "delivered", _("reçue")
        FAILED = "failed", _("abandonnée")

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    message = models.ForeignKey(WebhookMessage, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_status = models.PositiveIntegerField(null=True, blank=True)  # HTTP status of the last attempt
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["subscription", "id"], name="delivery_pending", condition=models.Q(status="pending"))]


class WebhookAttempt(models.Model):
    """One try at a delivery: what the receiver answered (or why there was no answer)."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    status = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]


class WebhookCursor(models.Model):
    """How far in the change log the dispatcher has turned changes into deliveries (one row)."""

    txid = models.BigIntegerField(default=0)
    change_id = models.BigIntegerField(default=0)
