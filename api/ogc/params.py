"""The query strings of the items resources, read into the API's own filters.

For initiatives, OGC names map onto api.filters.InitiativeFilter (theme, network, kind,
department, region and q keep their names; the lower end of `datetime` is `updated_since`), so
a Feature matches here exactly when it matches there. What OGC adds is read here: `limit` and
`offset`, a `bbox` that may have 6 numbers or cross the antimeridian, and a closed `datetime`
interval or an instant."""

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from api.filters import BBoxField, InitiativeFilter, MomentField
from api.pagination import MAX_PAGE_SIZE
from initiatives.models import Initiative

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
DEFAULT_LIMIT = 10
MAX_OFFSET = 10**9
SECOND = dt.timedelta(seconds=1)
QUERYABLES = ("theme", "network", "kind", "department", "region")
# The parameters of each collection's items: OGC's, and for initiatives the queryables and
# the API's full-text search.
COMMON_ITEMS_PARAMETERS = {"f", "limit", "offset", "bbox", "bbox-crs", "datetime"}
ITEMS_PARAMETERS = {
    "initiatives": COMMON_ITEMS_PARAMETERS | {"q", *QUERYABLES},
    "networks": COMMON_ITEMS_PARAMETERS,
}


@dataclass(frozen=True)
class ItemsQuery:
    limit: int
    offset: int
    bboxes: list | None  # one box, or two across the antimeridian
    updated_from: dt.datetime | None
    updated_before: dt.datetime | None  # exclusive


def _int(params, name, default, low, high):
    raw = params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise ValidationError({name: [_("Entier entre %(low)d et %(high)d attendu.") % {"low": low, "high": high}]})
    return value


def _bboxes(raw):
    """`minlon,minlat,maxlon,maxlat` or with heights (6 numbers, heights ignored: our points
    have none) → one box, or two when it crosses the antimeridian (minlon > maxlon)."""
    parts = raw.split(",")
    if len(parts) == 6:
        parts = [parts[0], parts[1], parts[3], parts[4]]
    try:
        min_lon, min_lat, max_lon, max_lat = BBoxField().to_python(",".join(parts)) or ()
        boxes = [(min_lon, min_lat, max_lon, max_lat)]
        if min_lon > max_lon:
            boxes = [(min_lon, min_lat, 180.0, max_lat), (-180.0, min_lat, max_lon, max_lat)]
        for box in boxes:
            BBoxField().validate(list(box))
    except ValueError:  # nothing to unpack: an empty bbox
        raise ValidationError({"bbox": [_("4 ou 6 nombres séparés par des virgules sont attendus.")]}) from None
    except forms.ValidationError as error:
        raise ValidationError({"bbox": error.messages}) from None
    return boxes


def _moment(text):
    try:
        return MomentField().clean(text)
    except forms.ValidationError as error:
        raise ValidationError({"datetime": error.messages}) from None


def _datetime_bounds(raw):
    """An instant, or an interval `start/end` where `..` or nothing leaves an end open →
    (from, before), `before` exclusive. Features write `updated_at` to the second, so an end
    (or an instant) given to the second takes in the whole of that second, as it reads there."""
    if "/" in raw:
        start_text, _slash, end_text = raw.partition("/")
        start = None if start_text in ("", "..") else _moment(start_text)
        end = None if end_text in ("", "..") else _moment(end_text)
    else:
        start = end = _moment(raw)
    if start and end and start > end:
        raise ValidationError({"datetime": [_("Le début de l’intervalle suit sa fin.")]})
    if end is not None:
        end += SECOND if end.microsecond == 0 else dt.timedelta(microseconds=1)
    return start, end


def items_query(params: QueryDict) -> ItemsQuery:
    """What every collection's items read: page, bbox, datetime. A bad value is a
    ValidationError naming its parameter (unknown parameters are the view's to refuse, see
    ITEMS_PARAMETERS)."""
    if params.get("bbox-crs", CRS84) != CRS84:
        raise ValidationError({"bbox-crs": [_("Seul %s est pris en charge.") % CRS84]})
    start = end = None
    if "datetime" in params:
        start, end = _datetime_bounds(params["datetime"])
    return ItemsQuery(
        limit=_int(params, "limit", DEFAULT_LIMIT, 1, MAX_PAGE_SIZE),
        offset=_int(params, "offset", 0, 0, MAX_OFFSET),
        bboxes=_bboxes(params["bbox"]) if "bbox" in params else None,
        updated_from=start,
        updated_before=end,
    )


def initiatives(params: QueryDict, query: ItemsQuery):
    """The published initiatives the query string selects, in the API's order (id, or
    relevance with `q`), through the API's filters."""
    data = QueryDict(mutable=True)
    for name in (*QUERYABLES, "q"):
        if name in params:
            data.setlist(name, params.getlist(name))
    if query.updated_from:
        data["updated_since"] = query.updated_from.isoformat()
    base = Initiative.objects.published()
    if query.bboxes:
        first, *more = query.bboxes
        base = base.in_bbox(*first)
        for box in more:
            base = base | Initiative.objects.published().in_bbox(*box)
    filterset = InitiativeFilter(data, queryset=base.order_by("id"))
    if not filterset.is_valid():
        errors = {("datetime" if name == "updated_since" else name): msgs for name, msgs in filterset.errors.items()}
        raise ValidationError(errors)
    queryset = filterset.qs
    if query.updated_before is not None:
        queryset = queryset.filter(updated_at__lt=query.updated_before)
    return queryset
