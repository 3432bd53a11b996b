import hashlib
import json
import re

from django.db.models import Q
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound

from api.filters import InitiativeFilter
from api.formats import to_csv, to_jsonld
from api.pagination import (
    DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, check_not_past_the_end, link_header, page_links, requested_page,
)
from api.preconditions import initiative_etag
from api.renderers import FEATURE_RENDERERS
from api.schema import JSON, READ_ERRORS, READ_HEADERS
from api.views.base import COMMON_PARAMETERS, SEP_PARAMETER, DatasetReadView, csv_separator
from api.views.proposals import CreateProposalMixin, UpdateProposalMixin
from initiatives.dataset import dataset_settings
from initiatives.merging import survivor_of
from initiatives.models import Initiative
from initiatives.provenance import provenance_of
from initiatives.selectors import feature_of, feature_page

# What the URL's {id-or-slug} may be: ASCII digits (an id, or an all-digit slug), or the slug
# format the database enforces (initiative_slug_format). Anything else is a 404 before any query.
DIGITS = re.compile(r"[0-9]{1,18}")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

FEATURE_COLLECTION_DOC = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description=(
        "RFC 7946 FeatureCollection (WGS84 longitude-latitude, 6 decimals), its `name` the "
        "layer's. Each Feature's properties: slug, name, kind, summary, themes, networks, "
        "links, website, contact_email, address, postal_code, commune, insee_code, "
        "department_code, region_code, scope, location_precision, url, api_url, updated_at, "
        "version, license, attribution. With format=csv: one row per initiative; "
        "format=jsonld: schema.org."
    ),
)


def in_every_format(json_doc):
    """The 200 of an endpoint with FEATURE_RENDERERS: JSON documents, and CSV text."""
    text = OpenApiResponse(OpenApiTypes.STR, description="CSV, UTF-8 with a byte-order mark")
    return {
        (200, "application/geo+json"): json_doc, (200, "application/json"): json_doc,
        (200, "text/csv"): text, (200, "application/ld+json"): json_doc,
    }  # fmt: skip


PAST_THE_END = OpenApiResponse(OpenApiTypes.OBJECT, description="the page is past the last one")
NOT_PUBLISHED = OpenApiResponse(OpenApiTypes.OBJECT, description="no published initiative has this id or slug")
PAGE_PARAMETERS = [
    OpenApiParameter("page", {"type": "integer", "minimum": 1, "maximum": 10**9}, description="page number, from 1"),
    OpenApiParameter("page_size", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                     description=f"features per page (1–{MAX_PAGE_SIZE}, default {DEFAULT_PAGE_SIZE})"),
]


def feature_response(request, features, *, links=(), layer="initiatives"):
    """The same Features (JSON as UTF-8 bytes, as PostgreSQL built them) in the negotiated
    format. GeoJSON is assembled without parsing them; its `name` names the layer for GIS
    clients (GDAL)."""
    fmt = request.accepted_renderer.format
    if fmt == "csv":
        body = to_csv((json.loads(f) for f in features), csv_separator(request))
    elif fmt == "jsonld":
        body = json.dumps(to_jsonld([json.loads(f) for f in features]), ensure_ascii=False)
    else:
        licence = dataset_settings()
        tail = json.dumps({
            "numberReturned": len(features), "links": list(links), "license": licence["license"],
            "license_url": licence["license_url"], "attribution": licence["attribution"],
        }, ensure_ascii=False)  # fmt: skip
        # One join, one copy of the megabytes: the head and tail ride on the first and last Feature.
        items = list(features) or [b""]
        items[0] = b'{"type":"FeatureCollection","name":"%s","features":[' % layer.encode() + items[0]
        items[-1] = items[-1] + b"]," + tail[1:].encode()
        body = b",".join(items)
    return HttpResponse(body, content_type=f"{request.accepted_media_type}; charset=utf-8")


class InitiativeList(CreateProposalMixin, DatasetReadView):
    """Published initiatives as GeoJSON, filterable, paginated, built in PostGIS.
    POST proposes a new initiative (published at once for trusted contributors)."""

    queryset = Initiative.objects.published().order_by("id")
    filterset_class = InitiativeFilter
    filter_backends = [DjangoFilterBackend]
    renderer_classes = FEATURE_RENDERERS
    extra_parameters = COMMON_PARAMETERS | {"sep"}

    @extend_schema(
        operation_id="initiatives_list", parameters=[*PAGE_PARAMETERS, SEP_PARAMETER, *READ_HEADERS], filters=True,
        responses={**in_every_format(FEATURE_COLLECTION_DOC), (404, JSON): PAST_THE_END, **READ_ERRORS},
    )  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def build(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        page = requested_page(request)
        features, has_next = feature_page(queryset, offset=page.offset, limit=page.size)
        check_not_past_the_end(page, features)
        links = page_links(request, page, has_next, request.accepted_media_type)
        response = feature_response(request, features, links=links)
        if header := link_header(links):
            response["Link"] = header
        return response


class MergedAway(Exception):
    """The initiative asked for was merged into another one: a 301 to it."""

    def __init__(self, url):
        super().__init__(url)
        self.url = url


class InitiativeDetail(UpdateProposalMixin, DatasetReadView):
    """One published initiative, by numeric id or slug. PATCH/PUT propose a correction and
    need `If-Match` with this resource's ETag."""

    queryset = Initiative.objects.published()
    renderer_classes = FEATURE_RENDERERS
    extra_parameters = {"format", "sep"}

    @extend_schema(parameters=[SEP_PARAMETER, *READ_HEADERS],
                   responses={**in_every_format(OpenApiResponse(OpenApiTypes.OBJECT, description="RFC 7946 Feature")),
                              301: OpenApiResponse(description="merged into another initiative: Location is its URL"),
                              (404, JSON): NOT_PUBLISHED, **READ_ERRORS})  # fmt: skip
    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except MergedAway as moved:
            return HttpResponsePermanentRedirect(moved.url)

    def get_initiative(self, key):
        lookup = None
        if DIGITS.fullmatch(key):  # an id within bigint range, or an all-digit slug
            lookup = Q(slug=key) | Q(pk=int(key))
        elif len(key) <= 120 and SLUG.fullmatch(key):
            lookup = Q(slug=key)
        initiative = self.get_queryset().filter(lookup).order_by("id").first() if lookup else None
        if initiative is None:
            survivor = survivor_of(Initiative.objects.filter(lookup)) if lookup and self.request.method in ("GET", "HEAD") else None
            if survivor is not None:  # merged into another one: it lives on there, under the same kind of key
                url = reverse("api:initiative-detail", args=[str(survivor.pk) if key.isdigit() else survivor.slug])
                query = self.request.META.get("QUERY_STRING", "")
                raise MergedAway(self.request.build_absolute_uri(url) + (f"?{query}" if query else ""))
            raise NotFound(_("Aucune initiative publiée ne porte cet identifiant."))
        return initiative

    def etag(self, request, dataset):
        """Names the initiative, its version and the database, so that If-Match can; an
        imported one's provenance (its source's last sync) moves without them."""
        self.initiative = self.get_initiative(self.kwargs["key"])
        self.provenance = provenance_of(self.initiative)
        tag = initiative_etag(self.initiative, request, dataset)
        if self.provenance is None:
            return tag
        return '%s-%s"' % (tag[:-1], hashlib.sha1(repr(self.provenance).encode()).hexdigest()[:8])

    def build(self, request, key):
        feature = feature_of(Initiative.objects.filter(pk=self.initiative.pk))
        if self.provenance is not None:  # not in the stored Feature: a sync would rewrite them all
            document = json.loads(feature)
            document["properties"]["provenance"] = self.provenance.as_json()
            feature = json.dumps(document, ensure_ascii=False).encode()
        if request.accepted_renderer.format in ("geojson", "json"):
            return HttpResponse(feature, content_type=f"{request.accepted_media_type}; charset=utf-8")
        return feature_response(request, [feature])
