"""djangorestframework-gis description of an initiative Feature.

The read path does not use it — PostgreSQL builds the same Features far faster (see
initiatives/selectors.py) — but it is the reference: a test proves both agree, and the
benchmark measures it as the baseline."""

import datetime as dt
from collections.abc import Mapping

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.fields import GeometryField
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from initiatives.models import Initiative, Link, Revision
from initiatives.models.core import max_length


class InitiativeFeatureSerializer(GeoFeatureModelSerializer):
    location = GeometryField(precision=6, remove_duplicates=False)
    themes = serializers.SerializerMethodField()
    networks = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField(format="%Y-%m-%dT%H:%M:%SZ", default_timezone=dt.timezone.utc)
    license = serializers.SerializerMethodField()
    attribution = serializers.SerializerMethodField()

    class Meta:
        model = Initiative
        geo_field = "location"
        id_field = "id"
        fields = [
            "id", "location", "slug", "name", "kind", "summary", "themes", "networks", "links",
            "website", "contact_email", "address", "postal_code", "commune", "insee_code",
            "department_code", "region_code", "scope", "location_precision", "url", "api_url",
            "updated_at", "version", "license", "attribution",
        ]  # fmt: skip

    @staticmethod
    def prefetch(queryset):
        return queryset.prefetch_related("themes", "links", "networks")

    def get_themes(self, obj):
        return [
            {"slug": t.slug, "name": t.name_fr, "name_en": t.name_en, "colour": t.colour}
            for t in obj.themes.all()
        ]

    def get_networks(self, obj):
        published = [n for n in obj.networks.all() if n.status == Initiative.Status.PUBLISHED]
        return [
            {"id": n.id, "slug": n.slug, "name": n.name}
            for n in sorted(published, key=lambda n: (n.name, n.id))
        ]

    def get_links(self, obj):
        return [{"label": link.label, "url": link.url} for link in obj.links.all()]

    def get_url(self, obj):
        return f"{settings.SITE_URL.rstrip('/')}/initiatives/{obj.slug}/"

    def get_api_url(self, obj):
        return f"{settings.SITE_URL.rstrip('/')}/api/v1/initiatives/{obj.slug}/"

    def get_license(self, obj):
        return settings.DATA_LICENSE

    def get_attribution(self, obj):
        return settings.DATA_ATTRIBUTION


@extend_schema_field({
    "type": "object", "nullable": True, "required": ["type", "coordinates"], "additionalProperties": False,
    "description": "longitude between -180 and 180, latitude between -90 and 90",
    "properties": {
        "type": {"type": "string", "enum": ["Point"]},
        "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
    },
})  # fmt: skip
class GeoJSONPointField(serializers.Field):
    """A GeoJSON Point in WGS84, parsed here — never handed to GDAL (see README, gis.W001)."""

    default_error_messages = {
        "invalid": 'Attendu : {{"type": "Point", "coordinates": [longitude, latitude]}}.',
        "range": "Longitude entre -180 et 180, latitude entre -90 et 90.",
    }

    def to_internal_value(self, data):
        if not isinstance(data, dict) or data.get("type") != "Point" or set(data) - {"type", "coordinates"}:
            self.fail("invalid")
        coordinates = data.get("coordinates")
        if (not isinstance(coordinates, list) or len(coordinates) != 2
                or not all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in coordinates)):  # fmt: skip
            self.fail("invalid")
        lon, lat = coordinates
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            self.fail("range")
        return [lon, lat]

    def to_representation(self, value):
        return {"type": "Point", "coordinates": value} if value else None


class RefusesUnknownFields:
    """A field the body names but the serializer does not know (`status`, `locked`, `slug`,
    `version`…) is a 400 naming it: silently dropping it would let the client believe it
    was taken into account."""

    def to_internal_value(self, data):
        unknown = sorted(set(data) - set(self.fields)) if isinstance(data, Mapping) else []
        errors = {
            str(name): [_("Champ inconnu. Champs possibles : %s.") % ", ".join(self.fields)]
            for name in unknown
        }  # fmt: skip
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if errors and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **errors}) from exc
            raise
        if errors:
            raise serializers.ValidationError(errors)
        return value


class TextField(serializers.CharField):
    """Text, and only text: DRF's CharField would take 0 for "0" where the schema says string."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class LinkSerializer(RefusesUnknownFields, serializers.Serializer):
    label = TextField(max_length=max_length(Link, "label"))
    url = TextField(max_length=max_length(Link, "url"))


class InitiativeWriteSerializer(RefusesUnknownFields, serializers.Serializer):
    """The shape of a proposal. Types and sizes are checked here; the domain's rules (the
    model's validators, known themes and networks, http(s) links) by the service, whose
    errors come back keyed by the same field names."""

    name = TextField(min_length=1, max_length=max_length(Initiative, "name"))
    kind = serializers.ChoiceField(choices=Initiative.Kind.choices)
    scope = serializers.ChoiceField(choices=Initiative.Scope.choices)
    summary = TextField(max_length=max_length(Initiative, "summary"), required=False, allow_blank=True)
    description = TextField(max_length=max_length(Initiative, "description"), required=False, allow_blank=True)
    location = GeoJSONPointField(required=False, allow_null=True)
    location_precision = serializers.ChoiceField(
        choices=Initiative.Precision.choices, required=False, allow_blank=True
    )
    address = TextField(max_length=max_length(Initiative, "address"), required=False, allow_blank=True)
    postal_code = TextField(max_length=max_length(Initiative, "postal_code"), required=False, allow_blank=True)
    commune = TextField(max_length=max_length(Initiative, "commune"), required=False, allow_blank=True)
    insee_code = TextField(max_length=max_length(Initiative, "insee_code"), required=False, allow_blank=True)
    department_code = TextField(max_length=max_length(Initiative, "department_code"), required=False, allow_blank=True)
    region_code = TextField(max_length=max_length(Initiative, "region_code"), required=False, allow_blank=True)
    website = TextField(max_length=max_length(Initiative, "website"), required=False, allow_blank=True)
    contact_email = TextField(max_length=max_length(Initiative, "contact_email"), required=False, allow_blank=True)
    themes = serializers.ListField(child=serializers.SlugField(), required=False, max_length=20)
    networks = serializers.ListField(child=serializers.SlugField(), required=False, max_length=50)
    links = LinkSerializer(many=True, required=False, max_length=20)
    # About the proposal itself, not the initiative:
    author_email = serializers.EmailField(required=False, allow_blank=True, write_only=True,
                                          help_text="private: to be told the outcome")  # fmt: skip
    change_summary = TextField(max_length=max_length(Revision, "summary"), required=False, allow_blank=True, write_only=True)
    not_a_duplicate = serializers.BooleanField(
        required=False, write_only=True,
        help_text="a new initiative that looks like published ones is refused (409, with them and why) "
                  "unless this is true: you checked, it is another one",
    )  # fmt: skip

    def snapshot_data(self):
        data = dict(self.validated_data)
        for key in ("author_email", "change_summary", "not_a_duplicate"):
            data.pop(key, None)
        if "links" in data:  # absent from a PATCH: left as it is
            data["links"] = [(link["label"], link["url"]) for link in data["links"]]
        return data
