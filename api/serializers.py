"""djangorestframework-gis description of an initiative Feature.

The read path does not use it — PostgreSQL builds the same Features far faster (see
initiatives/selectors.py) — but it is the reference: a test proves both agree, and the
benchmark measures it as the baseline."""

import datetime as dt

from django.conf import settings
from rest_framework import serializers
from rest_framework_gis.fields import GeometryField
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from initiatives.models import Initiative


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
