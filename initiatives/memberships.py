"""The rule on networks of networks: no membership cycle (A in B in A, at any depth).

PostgreSQL enforces it (trigger of migration 0010, initiatives/sql/membership_cycles.sql);
this module says it in words before anything is written, and turns the database's refusal —
which a concurrent write can still provoke — into the same French message.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from .models import Initiative, Membership

CYCLE_CONSTRAINT = "membership_no_cycle"

# The path from `member` down to `network` through memberships, if there is one.
PATH_SQL = """
WITH RECURSIVE below(id, path) AS (
    SELECT m.member_id, ARRAY[%(member)s, m.member_id]::bigint[]
    FROM initiatives_membership m WHERE m.network_id = %(member)s
    UNION ALL
    SELECT m.member_id, b.path || m.member_id
    FROM initiatives_membership m JOIN below b ON m.network_id = b.id
    WHERE m.member_id <> ALL(b.path) AND b.id <> %(network)s
)
SELECT path FROM below WHERE id = %(network)s ORDER BY array_length(path, 1) LIMIT 1
"""


def cycle_path(member, network):
    """The initiatives from `member` down to `network` if `network` is already a member of
    `member` (directly or through other networks) — then `member` joining `network` would
    close a cycle — else None."""
    if member.pk is None or network.pk is None or member.kind != Initiative.Kind.NETWORK:
        return None
    with connection.cursor() as cursor:
        cursor.execute(PATH_SQL, {"member": member.pk, "network": network.pk})
        row = cursor.fetchone()
    if row is None:
        return None
    names = dict(Initiative.objects.filter(pk__in=row[0]).values_list("pk", "name"))
    return [names[pk] for pk in row[0]]


def cycle_message(member, network, path=None):
    path = path or [member.name, network.name]
    return _(
        "« %(member)s » ne peut pas devenir membre de « %(network)s » : « %(network)s » en est "
        "déjà membre (%(path)s), et un réseau ne peut pas appartenir à l’un de ses propres membres."
    ) % {"member": member.name, "network": network.name, "path": " ⊃ ".join(path)}


def check_no_cycle(member, networks):
    """Raise a ValidationError keyed "networks" if `member` joining any of `networks` would
    close a membership cycle. Nothing is written."""
    messages = [
        cycle_message(member, network, path)
        for network in networks
        if (path := cycle_path(member, network)) is not None
    ]
    if messages:
        raise ValidationError({"networks": messages})


def is_cycle_error(exc):
    """Whether an IntegrityError is the database refusing a membership cycle."""
    diag = getattr(getattr(exc, "__cause__", None), "diag", None)
    return getattr(diag, "constraint_name", None) == CYCLE_CONSTRAINT


@transaction.atomic
def add_membership(*, member, network):
    """Record that `member` belongs to `network` (a network); idempotent. A cycle, a
    non-network or the member itself is refused with a French ValidationError, nothing
    written."""
    membership = Membership(member=member, network=network)
    membership.full_clean(validate_unique=False, validate_constraints=False)
    check_no_cycle(member, [network])
    try:
        with transaction.atomic():
            return Membership.objects.get_or_create(member=member, network=network)[0]
    except IntegrityError as exc:
        if is_cycle_error(exc):  # a concurrent write closed the cycle first
            raise ValidationError({"networks": [cycle_message(member, network)]}) from exc
        raise
