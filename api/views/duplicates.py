"""Possible duplicates of an initiative about to be proposed, with their reasons (the rule is
initiatives.duplicates'): what the contribution form's script asks as the person types, and
what a client checks before POSTing to /api/v1/initiatives/ — which answers 409 with the same
candidates unless the proposal says `not_a_duplicate`."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api.schema import LAT, LON, NO_NUL, READ_ERRORS, READ_HEADERS
from api.views.base import DatasetReadView
from initiatives import duplicates, snapshots
from initiatives.models import Initiative
from initiatives.models.core import max_length
from initiatives.territory_filling import fill_territory


class CandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField(), help_text="in French, e.g. « même commune, "
                                    "nom semblable à 87 % »")  # fmt: skip
    url = serializers.CharField(help_text="its page")
    api_url = serializers.CharField()
    edit_url = serializers.CharField(help_text="where to propose a correction to it instead")


class CandidatesSerializer(serializers.Serializer):
    candidates = CandidateSerializer(many=True)


class CandidateParameters(serializers.Serializer):
    """What is known of the initiative so far; an empty value is no value. Text refuses NUL
    (PostgreSQL cannot hold it): the pattern says so in the schema."""

    name = serializers.RegexField(NO_NUL, max_length=max_length(Initiative, "name"))
    kind = serializers.ChoiceField(Initiative.Kind.choices, required=False, allow_blank=True)
    at = serializers.RegexField(rf"^{LON},{LAT}$", required=False, allow_blank=True,
                                help_text="its position: `longitude,latitude` (WGS84)")  # fmt: skip
    location_precision = serializers.ChoiceField(Initiative.Precision.choices, required=False, allow_blank=True)
    commune = serializers.RegexField(NO_NUL, max_length=max_length(Initiative, "commune"), required=False, allow_blank=True)
    insee_code = serializers.RegexField(NO_NUL, max_length=max_length(Initiative, "insee_code"), required=False, allow_blank=True)
    website = serializers.RegexField(NO_NUL, max_length=max_length(Initiative, "website"), required=False, allow_blank=True)


def candidates_data(request, candidates):
    return [{
        "id": candidate.id, "slug": candidate.slug, "name": candidate.name, "reasons": candidate.reasons,
        "url": request.build_absolute_uri(reverse("frontend:initiative", args=[candidate.slug])),
        "api_url": request.build_absolute_uri(reverse("api:initiative-detail", args=[candidate.slug])),
        "edit_url": request.build_absolute_uri(reverse("frontend:edit", args=[candidate.slug])),
    } for candidate in candidates]  # fmt: skip


class DuplicateCandidates(DatasetReadView):
    """Published initiatives that the one described may duplicate, most reasons first (5 at
    most): same commune and a similar name, within 50 m, the same website domain. Conditional
    GET like every read: the answer depends on the data and the parameters only."""

    renderer_classes = [JSONRenderer]
    extra_parameters = {"format", *CandidateParameters().fields}

    @extend_schema(operation_id="duplicates_list", parameters=[CandidateParameters, *READ_HEADERS],
                   responses={200: CandidatesSerializer, **READ_ERRORS})  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def check_parameters(self, request):
        super().check_parameters(request)
        checked = CandidateParameters(data=request.query_params)
        checked.is_valid(raise_exception=True)
        self.params = checked.validated_data

    def build(self, request):
        params = self.params
        location = [float(value) for value in params["at"].split(",")] if params.get("at") else None
        snapshot = fill_territory(snapshots.normalise({**params, "location": location}))
        return Response({"candidates": candidates_data(request, duplicates.for_proposal(snapshot))})
