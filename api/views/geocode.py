"""Geocoding for the contribution form: find a French commune (or, with the national address
API, an address) from text, and the commune at a point of the map. Anonymous, GET, JSON; the
answers depend only on the gazetteer, never on the dataset, so they are cached for an hour."""

from dataclasses import asdict

from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api.schema import UNAVAILABLE
from initiatives.geocoding import get_geocoder
from initiatives.territories import department_name, region_name

CACHE_SECONDS = 3600


class PlaceSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="what to show in a list of results")
    commune = serializers.CharField()
    insee_code = serializers.CharField(help_text="INSEE code of the commune")
    postal_code = serializers.CharField()
    department_code = serializers.CharField()
    department = serializers.CharField(allow_null=True, help_text="name of the department")
    region_code = serializers.CharField()
    region = serializers.CharField(allow_null=True, help_text="name of the region")
    lon = serializers.FloatField(allow_null=True, help_text="WGS84 longitude")
    lat = serializers.FloatField(allow_null=True, help_text="WGS84 latitude")
    precision = serializers.ChoiceField(
        ["commune", "address"], help_text="`commune`: the town centre; `address`: the address itself"
    )
    approximate = serializers.BooleanField(
        help_text="the position is an estimate: fine to centre a map, not to pin an initiative"
    )


class SearchResultsSerializer(serializers.Serializer):
    results = PlaceSerializer(many=True)


class SearchParameters(serializers.Serializer):
    q = serializers.CharField(
        min_length=2, max_length=100, help_text="a commune, a postal code, an INSEE code or an address"
    )
    limit = serializers.IntegerField(min_value=1, max_value=10, default=5, help_text="1–10, default 5")


class ReverseParameters(serializers.Serializer):
    lon = serializers.FloatField(min_value=-180, max_value=180, help_text="WGS84 longitude")
    lat = serializers.FloatField(min_value=-90, max_value=90, help_text="WGS84 latitude")


ERROR_DOC = OpenApiResponse(description="a parameter is missing or invalid: the JSON names it")


def place_data(place):
    return {
        **asdict(place),
        "department": department_name(place.department_code),
        "region": region_name(place.region_code),
    }


class GeocodeView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    parameters_class = None

    def parameters(self, request):
        """The validated query string; a missing, invalid or unknown parameter is a 400
        (`format` is the content negotiation's, checked there)."""
        checked = self.parameters_class(data=request.query_params)
        checked.is_valid(raise_exception=True)
        if unknown := sorted(set(request.query_params) - set(checked.fields) - {"format"}):
            raise ValidationError({
                name: [_("Paramètre inconnu. Paramètres possibles : %s.") % ", ".join(checked.fields)]
                for name in unknown
            })  # fmt: skip
        return checked.validated_data

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code in (200, 404):
            patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        return response


class GeocodeSearch(GeocodeView):
    """French communes (and addresses, when the national address API is configured) matching
    a text: a name (accents and case ignored), a postal code, an INSEE code or "29200 Brest"."""

    parameters_class = SearchParameters

    @extend_schema(
        operation_id="geocode_search", parameters=[SearchParameters],
        responses={200: SearchResultsSerializer, 400: ERROR_DOC, 503: UNAVAILABLE},
    )  # fmt: skip
    def get(self, request):
        params = self.parameters(request)
        places = get_geocoder().search(params["q"], limit=params["limit"])
        return Response({"results": [place_data(place) for place in places]})


class GeocodeReverse(GeocodeView):
    """The French commune at a point: the one whose centre is nearest (within 30 km)."""

    parameters_class = ReverseParameters

    @extend_schema(
        operation_id="geocode_reverse", parameters=[ReverseParameters],
        responses={200: PlaceSerializer, 400: ERROR_DOC, 404: OpenApiResponse(description="no commune near this point"),
                   503: UNAVAILABLE},
    )  # fmt: skip
    def get(self, request):
        params = self.parameters(request)
        place = get_geocoder().reverse(params["lon"], params["lat"])
        if place is None:
            raise NotFound(_("Aucune commune française près de ce point."))
        return Response(place_data(place))
