from django.db.models import Count, Q
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api.schema import READ_ERRORS, READ_HEADERS
from api.views.base import DatasetReadView
from initiatives.models import Initiative, Theme
from initiatives.selectors import per_dataset_version


class ThemeSerializer(serializers.ModelSerializer):
    initiative_count = serializers.IntegerField(help_text="published initiatives with this theme")

    class Meta:
        model = Theme
        fields = ["slug", "name_fr", "name_en", "colour", "initiative_count"]


class ThemeList(DatasetReadView):
    """The themes, in legend order, with their legend colour and how many published
    initiatives have each."""

    renderer_classes = [JSONRenderer]
    serializer_class = ThemeSerializer
    extra_parameters = {"format"}
    queryset = Theme.objects.annotate(
        initiative_count=Count(
            "initiatives", filter=Q(initiatives__status=Initiative.Status.PUBLISHED)
        )
    ).order_by("position", "slug")  # Meta.ordering does not apply to a GROUP BY query

    @extend_schema(operation_id="themes_list", parameters=READ_HEADERS, responses={200: ThemeSerializer(many=True), **READ_ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def build(self, request):
        # Counting over every theme link takes ~200 ms at 100k initiatives: once per version.
        themes = per_dataset_version(
            "api-themes", lambda: [dict(t) for t in self.get_serializer(self.get_queryset(), many=True).data],
            state=self.dataset,
        )  # fmt: skip
        return Response(themes)
