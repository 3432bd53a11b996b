"""One base for the read endpoints: anonymous, CORS-open (see CORS_URLS_REGEX), validated
query strings, and conditional GET from the dataset version and the database's identity
(initiatives.dataset) — a repeat request is answered 304 after one tiny query, before any
feature is read."""

import hashlib

from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer

from api.formats import SEPARATORS
from initiatives.dataset import dataset_state

# Parameters every read endpoint understands besides its own filters.
COMMON_PARAMETERS = {"format", "page", "page_size"}
SEP_PARAMETER = OpenApiParameter(
    "sep", str, enum=list(SEPARATORS),
    description="the CSV column separator (other formats ignore it). `;` is what French spreadsheets "
                "open by default (with a decimal comma in the coordinates); default `,`",
)  # fmt: skip


def csv_separator(request):
    """The CSV column separator asked for (`sep`), checked by check_parameters."""
    return request.query_params.get("sep", ",")


def representation_hash(request, dataset, *, media_type=None, size=20):
    media_type = media_type or request.accepted_media_type
    key = f"{dataset.identity}|{dataset.version}|{request.get_full_path()}|{media_type}"
    return hashlib.sha1(key.encode()).hexdigest()[:size]


class DatasetReadView(GenericAPIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    cache_max_age = 60
    extra_parameters = COMMON_PARAMETERS
    filterset_class = None
    filter_backends = []

    def get(self, request, *args, **kwargs):
        self.check_parameters(request)
        self.dataset = dataset = dataset_state()
        etag = self.etag(request, dataset)
        last_modified = int(dataset.changed_at.timestamp())
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            response = self.build(request, *args, **kwargs)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=self.cache_max_age)
        patch_vary_headers(response, ["Accept"])
        return response

    def build(self, request, *args, **kwargs):
        raise NotImplementedError

    def etag(self, request, dataset):
        """Same database, same dataset version, same URL, same format → same bytes."""
        return '"%s"' % representation_hash(request, dataset)

    def check_parameters(self, request):
        """A mistyped parameter must not be silently ignored."""
        known = set(self.extra_parameters)
        if self.filterset_class is not None:
            known |= set(self.filterset_class.base_filters)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise ValidationError({
                name: [_("Paramètre inconnu. Paramètres possibles : %s.") % ", ".join(sorted(known))]
                for name in unknown
            })  # fmt: skip
        if request.query_params.get("sep", ",") not in SEPARATORS:  # other formats ignore it
            raise ValidationError({"sep": [_("Séparateur « , » ou « ; » attendu.")]})

    def handle_exception(self, exc):
        # Errors are always JSON, whatever format was asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)
