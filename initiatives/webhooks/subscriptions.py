"""Registering, listing, resuming and removing webhook subscriptions: the rules the API and
the admin share."""

import base64
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from initiatives import outbound, permissions, territories
from initiatives.models import Initiative, Theme, WebhookEvent, WebhookSubscription


def new_secret():
    """A Standard Webhooks secret: `whsec_` and the base64 of 24 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def check_url(url):
    """Refuse a receiver we must never post to: not https (unless WEBHOOK_ALLOW_HTTP, for
    tests), or a host leading to a private, loopback or link-local address (the same rule as
    import sources, initiatives.outbound)."""
    parts = urlsplit(url)
    schemes = ("https", "http") if settings.WEBHOOK_ALLOW_HTTP else ("https",)
    if parts.scheme not in schemes or not parts.hostname:
        raise ValidationError({"url": _("Adresse refusée : une adresse https:// est requise.")})
    if parts.username or parts.password:
        raise ValidationError({"url": _("Adresse refusée : pas d’identifiants dans l’adresse (signez plutôt avec le secret).")})
    try:
        outbound.checked_address(parts.hostname, parts.port, allow_private=settings.WEBHOOK_ALLOW_PRIVATE_HOSTS)
    except outbound.AddressRefused as refused:
        raise ValidationError({"url": str(refused)}) from None


def _check_filters(*, events, themes, networks, departments, regions):
    errors = {}
    if not events:
        errors["events"] = _("Choisissez au moins un évènement.")
    elif unknown := sorted(set(events) - set(WebhookEvent.values)):
        errors["events"] = _("Évènements inconnus : %s") % ", ".join(unknown)
    known = set(Theme.objects.filter(slug__in=themes).values_list("slug", flat=True))
    if unknown := sorted(set(themes) - known):
        errors["themes"] = _("Thèmes inconnus : %s") % ", ".join(unknown)
    known = set(Initiative.objects.filter(kind=Initiative.Kind.NETWORK, slug__in=networks).values_list("slug", flat=True))
    if unknown := sorted(set(networks) - known):
        errors["networks"] = _("Réseaux inconnus : %s") % ", ".join(unknown)
    if unknown := sorted(code for code in departments if territories.department_name(code) is None):
        errors["departments"] = _("Départements inconnus : %s") % ", ".join(unknown)
    if unknown := sorted(code for code in regions if territories.region_name(code) is None):
        errors["regions"] = _("Régions inconnues : %s") % ", ".join(unknown)
    if errors:
        raise ValidationError(errors)


def check(*, url, events, themes=(), networks=(), departments=(), regions=()):
    """Every rule a subscription follows (the API and the admin ask this): all errors at once."""
    errors = {}
    for rule in (lambda: _check_filters(events=events, themes=themes, networks=networks, departments=departments,
                                        regions=regions), lambda: check_url(url)):  # fmt: skip
        try:
            rule()
        except ValidationError as refused:
            errors.update(refused.message_dict)
    if errors:
        raise ValidationError(errors)


def subscribe(*, owner, url, events, themes=(), networks=(), departments=(), regions=(), description=""):
    """A new subscription, with its secret (given to its owner now, and never again)."""
    departments = [territories.normalize_code(code) for code in departments]
    check(url=url, events=events, themes=themes, networks=networks, departments=departments, regions=regions)
    return WebhookSubscription.objects.create(
        owner=owner, url=url, description=description, secret=new_secret(), events=sorted(set(events)),
        themes=sorted(set(themes)), networks=sorted(set(networks)), departments=sorted(set(departments)),
        regions=sorted(set(regions)),
    )  # fmt: skip


def visible_to(user):
    """A partner sees their own subscriptions; a moderator sees them all."""
    subscriptions = WebhookSubscription.objects.all()
    return subscriptions if permissions.is_moderator(user) else subscriptions.filter(owner=user)


def resume(*, subscription):
    """Deliver again after a pause: what waited is sent from now on, failures counted anew."""
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        paused_at=None, pause_reason="", consecutive_failures=0, failing_since=None, retry_at=None
    )
    subscription.refresh_from_db()
