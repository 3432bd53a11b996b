"""The ETag of one initiative and the If-Match of a change to it (RFC 9110, 13.1.1).

An initiative's ETag names it, its version and the database it comes from, then hashes its
representation: `"i12-v3-<database>-<representation>"`. GET, a 412 and a successful write
all give it the same way, so a client can send back whichever it last saw.

If-Match is judged on what a change needs: this initiative, in this database, at its
current version. The representation part is not compared: it also moves when something
the Feature shows changes elsewhere (a network renamed), which is no conflict for an edit.
A weak tag (`W/"…"`) is taken as its strong form, because Django's GZipMiddleware weakens
the strong ETags of the responses it compresses."""

import re
from enum import Enum

from django.utils.http import parse_etags

from api.views.base import representation_hash

INITIATIVE_TAG = re.compile(r'^(?:W/)?"i(\d+)-v(\d+)-([0-9a-f]+)-')


def initiative_etag(initiative, request, dataset, *, media_type=None):
    """`media_type`: the format of the representation, when it is not the request's own."""
    representation = representation_hash(request, dataset, media_type=media_type, size=12)
    return f'"i{initiative.pk}-v{initiative.version}-{dataset.identity}-{representation}"'


class IfMatch(Enum):
    ABSENT = "absent"  # no usable If-Match: 428
    MATCHES = "matches"  # the change may go on, from the current version
    FAILS = "fails"  # another version, initiative or database: 412


def evaluate_if_match(header, initiative, dataset):
    """How the request's If-Match header stands against `initiative` as it is now."""
    tags = parse_etags(header or "")
    if not tags:
        return IfMatch.ABSENT
    if tags == ["*"]:  # any current representation: the initiative exists, it matches
        return IfMatch.MATCHES
    for tag in tags:
        named = INITIATIVE_TAG.match(tag)
        if named and (int(named[1]), int(named[2]), named[3]) == (initiative.pk, initiative.version, dataset.identity):
            return IfMatch.MATCHES
    return IfMatch.FAILS
