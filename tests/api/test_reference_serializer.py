"""The fast path (Features built and stored by PostGIS) says exactly what a plain
djangorestframework-gis GeoFeatureModelSerializer says over the same queryset."""

import json

import pytest

from api.serializers import InitiativeFeatureSerializer
from initiatives.models import Initiative
from initiatives.selectors import feature_page

pytestmark = pytest.mark.django_db


def test_the_stored_features_equal_the_drf_gis_serializer(little_map, sample_data):
    queryset = Initiative.objects.published().order_by("id")
    fast, _ = feature_page(queryset, offset=0, limit=10_000)
    reference = InitiativeFeatureSerializer(InitiativeFeatureSerializer.prefetch(queryset), many=True).data
    fast = [json.loads(f) for f in fast]
    reference = json.loads(json.dumps(reference["features"]))
    assert len(fast) == len(reference) > 30
    for ours, theirs in zip(fast, reference):
        assert ours == theirs, ours["properties"]["slug"]
