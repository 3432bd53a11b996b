"""The mail that tells a proposal's author what became of it (when they left an address)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Revision


def notify_decision(revision):
    """Once the decision is committed, tell the author (if they asked to be told)."""
    if revision.author_email:
        transaction.on_commit(lambda: _send(revision))


def _send(revision):
    message = _("« %(name)s » : %(status)s.\n%(reason)s") % {
        "name": revision.snapshot.get("name"), "status": revision.get_status_display(),
        "reason": revision.reason,
    }  # fmt: skip
    if revision.status == Revision.Status.CHANGES_REQUESTED:
        path = "/contribuer/" if revision.kind == Revision.Kind.CREATE else (
            f"/initiatives/{revision.initiative.slug}/modifier/")  # fmt: skip
        message += "\n\n" + _("Corrigez ce qui est demandé, puis envoyez une nouvelle proposition : %s") % (
            settings.SITE_URL.rstrip("/") + path)  # fmt: skip
    send_mail(
        subject=_("Votre proposition sur la Carte des réseaux : %s") % revision.get_status_display(),
        message=message,
        from_email=None,
        recipient_list=[revision.author_email],
        fail_silently=True,
    )
