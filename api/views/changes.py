"""/api/v1/changes/: the change feed partners sync from (initiatives/changelog.py says why it
is safe to resume from any cursor it gave). Conditional GET: the ETag names what the page
holds (its last position and size), not the dataset version — the same URL gets more rows
when a long transaction ends, without any new write."""

import hashlib
import json
from urllib.parse import urlencode

from django import forms
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer

from api.filters import RepeatableField
from api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, _positive_int
from api.schema import NO_NUL, READ_ERRORS, RETRY_AFTER, VALIDATORS
from api.views.base import DatasetReadView
from initiatives import changelog
from initiatives.dataset import dataset_state

FEATURE = {"type": "object", "description": "the initiative's GeoJSON Feature after the change"}
CHANGE_DOC = {"type": "object", "required": ["action", "id", "slug", "version", "at"], "properties": {
    "action": {"type": "string", "enum": ["created", "updated", "removed"]},
    "id": {"type": "integer"}, "slug": {"type": "string"}, "version": {"type": "integer"},
    "at": {"type": "string", "format": "date-time"},
    "reason": {"type": "string", "enum": ["archived", "merged", "unpublished", "deleted"], "description": "of a removal"},
    "merged_into": {"type": "integer", "description": "of a removal by a merge: the id of the initiative it was merged "
                    "into (its old URLs answer 301 there)"},
    "feature": FEATURE,
    "diff": {"type": "object", "description": "of an update: {field: {before, after}} (field of the Feature's "
             "properties, or geometry)", "additionalProperties": {"type": "object"}},
}}  # fmt: skip
FEED_DOC = {"type": "object", "required": ["changes", "cursor", "more"], "properties": {
    "changes": {"type": "array", "items": CHANGE_DOC},
    "cursor": {"type": "string", "description": "send it back as `since` for what follows (keep it even "
               "when `changes` is empty)"},
    "more": {"type": "boolean", "description": "true: ask again at once with `cursor`; false: you are up to date"},
    "next": {"type": "string", "nullable": True, "description": "the URL of what follows"},
}}  # fmt: skip
GONE_DOC = {"type": "object", "required": ["detail", "cursor", "resync"], "properties": {
    "detail": {"type": "string", "description": "what happened, in French"},
    "cursor": {"type": "string", "description": "where to resume once you have read everything again"},
    "resync": {"type": "string", "description": "the URL of every published initiative (paginated GeoJSON): read it "
               "all, replace your copy, then follow this feed from `cursor`"},
}}  # fmt: skip
OPTIONAL_SLUGS = r"^$|^[-a-zA-Z0-9_]{1,100}(,[-a-zA-Z0-9_]{1,100})*$"
PARAMETERS = [
    OpenApiParameter("since", {"type": "string", "pattern": r"^[-_A-Za-z0-9]*$"},
                     description="a `cursor` from an earlier answer; none: from the beginning"),
    OpenApiParameter("page_size", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                     description=f"changes per page (1–{MAX_PAGE_SIZE}, default {DEFAULT_PAGE_SIZE})"),
    OpenApiParameter("theme", str, description="changes to initiatives with (or that had) this theme; any of several"),
    OpenApiParameter("network", str, description="changes to members (or former members) of this network; any of several"),
    OpenApiParameter("department", str, description="department code, e.g. 29 or 2A; any of several"),
    OpenApiParameter("region", str, description="region INSEE code, e.g. 53; any of several"),
    OpenApiParameter("source", {"type": "string", "maxLength": 100, "pattern": NO_NUL}, description="changes to initiatives imported from this source (its name, any case): "
                     "what was corrected here, with the diff"),
    *[v for v in VALIDATORS if v.name == "ETag"], RETRY_AFTER,  # no Last-Modified: a page is not dated
]  # fmt: skip


class FeedFilters(forms.Form):
    theme = RepeatableField(required=False)
    network = RepeatableField(required=False)
    department = RepeatableField(required=False, item_regex=r"^(\d{2,3}|2[ABab])$")
    region = RepeatableField(required=False, item_regex=r"^\d{2}$")
    source = forms.RegexField(regex=NO_NUL, max_length=100, required=False)


class ChangeFeed(DatasetReadView):
    """Creations, updates (with the field-level diff) and removals (tombstones: id and reason)
    of published initiatives, oldest first. Resume from the last `cursor` you got: nothing is
    ever missed, even of transactions that commit out of order."""

    renderer_classes = [JSONRenderer]
    extra_parameters = {"format", "since", "page_size", *FeedFilters.base_fields}

    @extend_schema(operation_id="changes_list", parameters=PARAMETERS,
                   responses={200: OpenApiResponse(FEED_DOC), **READ_ERRORS,
                              410: OpenApiResponse(GONE_DOC, description=(
                                  "the changes after `since` (or from the start) were pruned after "
                                  "CHANGE_LOG_KEEP_DAYS days: resync in full, then resume from `cursor`"))})  # fmt: skip
    def get(self, request, *args, **kwargs):
        self.check_parameters(request)
        identity = dataset_state().identity
        try:
            page = self.read_page(request, identity)
        except changelog.Pruned as pruned:
            return self.gone(request, changelog.encode_cursor(pruned.head, identity))
        cursor = changelog.encode_cursor(page.position, identity)
        etag = '"c%s"' % hashlib.sha1(
            f"{identity}|{request.get_full_path()}|{cursor}|{len(page.entries)}|{page.more}".encode()
        ).hexdigest()[:20]
        response = get_conditional_response(request, etag=etag)
        if response is None:
            # The entries are JSON already (built by PostgreSQL): spliced in, not re-encoded.
            tail = json.dumps({"cursor": cursor, "more": page.more,
                               "next": self.next_url(request, cursor) if page.more else None})  # fmt: skip
            response = HttpResponse(f'{{"changes":[{",".join(page.entries)}],{tail[1:]}',
                                    content_type="application/json")  # fmt: skip
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=self.cache_max_age)
        patch_vary_headers(response, ["Accept"])
        return response

    def gone(self, request, cursor):
        return JsonResponse({
            "detail": _("Ce flux ne remonte plus jusqu’à votre curseur : les modifications plus anciennes ont été "
                        "supprimées. Relisez toutes les initiatives (resync), remplacez votre copie, puis reprenez "
                        "ce flux avec `cursor`."),
            "cursor": cursor,
            "resync": request.build_absolute_uri(reverse("api:initiative-list")),
        }, status=410)  # fmt: skip

    def read_page(self, request, identity):
        form = FeedFilters({name: request.query_params.getlist(name) for name in ("theme", "network", "department", "region")}
                           | {"source": request.query_params.get("source", "")})  # fmt: skip
        if not form.is_valid():
            raise ValidationError(form.errors)
        since = request.query_params.get("since")
        try:
            position = changelog.decode_cursor(since, identity) if since else changelog.START
        except changelog.BadCursor:
            raise ValidationError({"since": [_("Curseur inconnu : reprenez avec le `cursor` d’une réponse de ce "
                                               "flux, ou sans `since` pour tout relire.")]}) from None  # fmt: skip
        data = form.cleaned_data
        return changelog.changes_after(
            position, size=_positive_int(request, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
            themes=data["theme"], networks=data["network"], departments=[d.upper() for d in data["department"]],
            regions=data["region"], source=data["source"] or None,
        )  # fmt: skip

    def next_url(self, request, cursor):
        query = request.query_params.copy()
        query["since"] = cursor
        return request.build_absolute_uri(request.path) + "?" + urlencode(sorted(query.lists()), doseq=True)
