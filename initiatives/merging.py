"""Merging two initiatives that are the same one (initiatives.duplicates finds them): the
moderator chooses each field's value from either side; themes, networks and links are
united; the members and animators of a merged-away network move to the survivor. Both
histories stay: the survivor records a merge revision, the merged-away one keeps its own
revisions, viewable from the survivor's history. The merged-away one is archived with a
pointer to the survivor (`merged_into`): its page and API URL answer 301 there, and the change
feed reports a tombstone with reason `merged` and the survivor's id (initiatives/sql/change_log.sql).

All or nothing: one transaction, both rows locked (in id order, so that two merges of the
same pair cannot deadlock), each from the version the moderator saw."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions, snapshots
from .changes import Conflict, claim_version, person, write
from .memberships import add_membership
from .models import Initiative, Membership, NetworkAnimator, Revision

SURVIVOR, MERGED = "survivor", "merged"
# What the moderator chooses side by side: each field, the position with its precision.
CHOSEN = tuple(name for name in snapshots.FIELDS if name != "location_precision") + ("location",)


def default_choices(survivor_snapshot, merged_snapshot):
    """The survivor's values, except where it has none and the other has one."""
    return {
        key: MERGED if not survivor_snapshot[key] and merged_snapshot[key] else SURVIVOR
        for key in CHOSEN
    }  # fmt: skip


def united(survivor, merged, survivor_snapshot, merged_snapshot, choices):
    """The survivor's snapshot after the merge."""
    result = dict(survivor_snapshot)
    for key in CHOSEN:
        if choices.get(key, SURVIVOR) == MERGED:
            result[key] = merged_snapshot[key]
            if key == "location":
                result["location_precision"] = merged_snapshot["location_precision"]
    result["themes"] = sorted(set(survivor_snapshot["themes"]) | set(merged_snapshot["themes"]))
    # The other one's networks that anybody may join (an archived one is not the survivor's to join).
    open_networks = Initiative.objects.networks().published().filter(slug__in=merged_snapshot["networks"])
    result["networks"] = sorted(
        (set(survivor_snapshot["networks"]) | set(open_networks.values_list("slug", flat=True)))
        - {survivor.slug, merged.slug}
    )  # fmt: skip
    urls = {url for _label, url in survivor_snapshot["links"]}
    result["links"] = survivor_snapshot["links"] + [
        [label, url] for label, url in merged_snapshot["links"] if url not in urls
    ]  # fmt: skip
    return result


@transaction.atomic
def merge_initiatives(*, survivor, merged, choices, moderator, survivor_version, merged_version):
    """Merge `merged` into `survivor`; `choices` maps each key of CHOSEN to SURVIVOR or
    MERGED. Refused (nothing written) with PermissionDenied, ValidationError (in French) or
    Conflict if either changed since the versions the moderator saw."""
    if survivor.pk == merged.pk:
        raise ValidationError(_("Une initiative ne peut pas être fusionnée avec elle-même."))
    locked = {row.pk: row for row in Initiative.objects.select_for_update().filter(
        pk__in=[survivor.pk, merged.pk]).order_by("pk")}  # fmt: skip
    survivor, merged = locked[survivor.pk], locked[merged.pk]
    for initiative, version in ((survivor, survivor_version), (merged, merged_version)):
        if not permissions.can_moderate(moderator, initiative):
            raise PermissionDenied
        permissions.check_unlocked(moderator, initiative)
        if initiative.status == Initiative.Status.ARCHIVED:
            raise ValidationError(_("« %s » est archivée : désarchivez-la d’abord.") % initiative.name)
        if initiative.version != int(version):
            raise Conflict(initiative, version)
    if unknown := set(choices) - set(CHOSEN) or set(choices.values()) - {SURVIVOR, MERGED}:
        raise ValidationError(_("Choix inconnu : %s.") % ", ".join(sorted(map(str, unknown))))

    base, other = snapshots.take(survivor), snapshots.take(merged)
    snapshot = united(survivor, merged, base, other, choices)
    members = list(Initiative.objects.filter(memberships__network=merged).exclude(pk=survivor.pk))
    if members and snapshot["kind"] != Initiative.Kind.NETWORK:
        raise ValidationError({"kind": [_("« %s » a des membres : l’initiative fusionnée doit rester un réseau.")
                                        % merged.name]})  # fmt: skip
    # The merged-away one leaves the networks first: the survivor joining them, or taking its
    # members, must not be checked against memberships that are about to go.
    Membership.objects.filter(member=merged).delete()
    Membership.objects.filter(network=merged).delete()
    snapshots.validate(snapshot, initiative=survivor)  # themes and networks, membership cycles
    summary = _("Fusion avec « %(name)s » (%(slug)s)") % {"name": merged.name, "slug": merged.slug}
    write(survivor, snapshot, base_version=survivor.version)
    for member in members:  # the same rules as any membership: a cycle is refused, in French
        add_membership(member=member, network=survivor)
    for animator in NetworkAnimator.objects.filter(network=merged):
        NetworkAnimator.objects.get_or_create(user=animator.user, network=survivor)
    now = timezone.now()
    Revision.objects.create(
        initiative=survivor, kind=Revision.Kind.MERGE, status=Revision.Status.ACCEPTED, snapshot=snapshot,
        base_version=survivor_version, base_snapshot=base, version=survivor.version, author=person(moderator),
        summary=summary, decided_by=person(moderator), decided_at=now,
    )  # fmt: skip

    # The merged-away one: archived, pointing to the survivor — and so does whatever pointed to it.
    claim_version(merged, merged.version, status=Initiative.Status.ARCHIVED, merged_into=survivor)
    Initiative.objects.filter(merged_into=merged).update(merged_into=survivor)
    Revision.objects.create(
        initiative=merged, kind=Revision.Kind.MERGE, status=Revision.Status.ACCEPTED,
        snapshot=snapshots.take(merged), base_version=merged_version, base_snapshot=other, version=merged.version,
        author=person(moderator), decided_by=person(moderator), decided_at=now,
        summary=_("Fusionnée dans « %(name)s » (%(slug)s)") % {"name": survivor.name, "slug": survivor.slug},
    )  # fmt: skip
    merged.revisions.filter(status=Revision.Status.PENDING).update(
        status=Revision.Status.REJECTED, decided_by=person(moderator), decided_at=now,
        reason=_("Fusionnée dans « %s » : proposez-y plutôt vos corrections.") % survivor.name,
    )  # fmt: skip
    return survivor


def survivor_of(initiatives):
    """The published initiative that the one `initiatives` finds was merged into (what its old
    page and API URL redirect to), or None. One hop: a merge repoints earlier merges."""
    return Initiative.objects.published().filter(merged_from__in=initiatives).order_by("id").first()
