"""The resources of OGC API – Features. Each answers JSON or HTML (api.ogc.negotiation) and
goes through DatasetReadView: ETag and Last-Modified from the dataset version, 304 after one
query, public caching. Errors are OGC exceptions (api.ogc.errors)."""

import hashlib
import json

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from rest_framework.exceptions import APIException, NotFound

from api.ogc import documents, params
from api.ogc.errors import exception_response
from api.ogc.negotiation import FEATURES, METADATA, HTMLPage, OGCNegotiation, OpenAPIJSON, PlainJSON, SchemaJSON
from api.ogc.openapi import openapi_document
from api.views.base import DatasetReadView
from api.views.initiatives import DIGITS, feature_response
from initiatives.footprints import network_footprints
from initiatives.models import Initiative
from initiatives.selectors import feature_of, feature_page


class OGCView(DatasetReadView):
    content_negotiation_class = OGCNegotiation
    renderer_classes = METADATA
    extra_parameters = {"f"}
    template_name = None
    schema = None  # described by its own definition (/ogc/api), not /api/v1/schema/

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.is_html(request):
            # The page carries the visitor's session (header, CSRF token): no shared cache.
            patch_cache_control(response, private=True)
        patch_vary_headers(response, ["Cookie"])  # the language switch's cookie picks the titles' language
        return response

    @staticmethod
    def is_html(request):
        return getattr(request, "accepted_renderer", None) is not None and request.accepted_renderer.format == "html"

    def etag(self, request, dataset):
        """The API's ETag, made distinct per language (titles are translated) and, for HTML,
        per visitor (the page header shows who is signed in)."""
        base = super().etag(request, dataset)
        visitor = request._request.user.pk if self.is_html(request) else ""
        key = f"{base}|{get_language()}|{visitor}"
        return '"%s"' % hashlib.sha1(key.encode()).hexdigest()[:20]

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            exc = NotFound()
        if isinstance(exc, APIException):
            return exception_response(exc)
        return super().handle_exception(exc)

    def build(self, request, *args, **kwargs):
        document = self.document(request, *args, **kwargs)
        if self.is_html(request):
            return render(request._request, self.template_name, {"doc": document})
        return JsonResponse(
            document, content_type=request.accepted_media_type, json_dumps_params={"ensure_ascii": False}
        )

    def document(self, request, *args, **kwargs):
        raise NotImplementedError


class LandingPage(OGCView):
    template_name = "ogc/landing.html"

    def document(self, request):
        return documents.landing(request)


class Conformance(OGCView):
    template_name = "ogc/conformance.html"

    def document(self, request):
        return documents.conformance(request)


class OpenAPI(OGCView):
    renderer_classes = [OpenAPIJSON, PlainJSON, HTMLPage]

    def build(self, request):
        if self.is_html(request):  # the definition for people: Swagger UI
            return redirect("ogc:docs")
        response = super().build(request)
        if isinstance(request.accepted_renderer, OpenAPIJSON):
            response["Content-Type"] = "application/vnd.oai.openapi+json;version=3.0"
        return response

    def document(self, request):
        return openapi_document(request)


class Collections(OGCView):
    template_name = "ogc/collections.html"

    def document(self, request):
        return documents.collections(request, dataset=self.dataset)


class CollectionMixin:
    def collection_id(self):
        if self.kwargs["collection"] not in documents.COLLECTIONS:
            raise NotFound(_("Aucune collection ne porte cet identifiant."))
        return self.kwargs["collection"]


class Collection(CollectionMixin, OGCView):
    template_name = "ogc/collection.html"

    def document(self, request, collection):
        return documents.collection(request, self.collection_id(), dataset=self.dataset)


class Queryables(CollectionMixin, OGCView):
    renderer_classes = [SchemaJSON, PlainJSON, HTMLPage]
    template_name = "ogc/queryables.html"

    def document(self, request, collection):
        return documents.queryables(request, self.collection_id())


class Items(CollectionMixin, OGCView):
    """A collection's Features, `limit` at a time from `offset`, with a `next` link while
    more follow. Initiatives: the API's published Features and filters. Networks: their
    footprints (initiatives.footprints). Two queries: the dataset version and the page."""

    renderer_classes = FEATURES
    template_name = "ogc/items.html"

    @property
    def extra_parameters(self):
        return params.ITEMS_PARAMETERS.get(self.kwargs["collection"], params.COMMON_ITEMS_PARAMETERS)

    def build(self, request, collection):
        collection = self.collection_id()
        query = params.items_query(request.query_params)
        if collection == "initiatives":
            queryset = params.initiatives(request.query_params, query)
            features, has_next = feature_page(queryset, offset=query.offset, limit=query.limit)
        else:
            features, has_next = network_footprints(
                offset=query.offset, limit=query.limit, bbox=query.bboxes,
                updated_from=query.updated_from, updated_before=query.updated_before,
            )  # fmt: skip
        links = documents.items_links(request, query, has_next=has_next)
        if self.is_html(request):
            context = {
                "features": [json.loads(f) for f in features], "links": links, "query": query,
                "collection": documents.collection(request, collection, dataset=self.dataset),
            }  # fmt: skip
            return render(request._request, self.template_name, context)
        return feature_response(request, features, links=links)


class Item(CollectionMixin, OGCView):
    renderer_classes = FEATURES
    template_name = "ogc/item.html"

    def build(self, request, collection, feature_id):
        collection = self.collection_id()
        feature = None
        if DIGITS.fullmatch(feature_id):
            if collection == "initiatives":
                feature = feature_of(Initiative.objects.published().filter(pk=int(feature_id)))
            else:
                found, _more = network_footprints(offset=0, limit=1, network_id=int(feature_id))
                feature = found[0] if found else None
        if feature is None:
            raise NotFound(_("Aucun élément de cette collection ne porte cet identifiant."))
        links = documents.item_links(request, collection, feature_id)
        if self.is_html(request):
            context = {"feature": json.loads(feature), "links": links,
                       "collection": documents.collection(request, collection, dataset=self.dataset)}  # fmt: skip
            return render(request._request, self.template_name, context)
        # The stored Feature is a JSON object: its links go in before its closing brace.
        body = feature[:-1] + b',"links":' + json.dumps(links, ensure_ascii=False).encode() + b"}"
        return HttpResponse(body, content_type=f"{request.accepted_media_type}; charset=utf-8")
