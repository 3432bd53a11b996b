from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api.pagination import check_not_past_the_end, link_header, page_links, requested_page
from api.schema import READ_ERRORS, READ_HEADERS
from api.views.base import DatasetReadView
from api.views.initiatives import PAGE_PARAMETERS, PAST_THE_END
from initiatives.models import Initiative, Membership


class NetworkSerializer(serializers.ModelSerializer):
    member_count = serializers.IntegerField(help_text="published direct members")
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Initiative
        fields = ["id", "slug", "name", "summary", "commune", "scope", "member_count", "url", "api_url"]

    def get_url(self, network) -> str:
        return self.context["request"].build_absolute_uri(f"/initiatives/{network.slug}/")

    def get_api_url(self, network) -> str:
        return self.context["request"].build_absolute_uri(f"/api/v1/initiatives/{network.slug}/")


class PageLinkSerializer(serializers.Serializer):
    rel = serializers.ChoiceField(["self", "next", "prev"])
    href = serializers.URLField()
    type = serializers.CharField()


class NetworkPageSerializer(serializers.Serializer):
    results = NetworkSerializer(many=True)
    links = PageLinkSerializer(many=True, help_text="this page, and the next and previous ones if any")


NAME_PARAMETER = OpenApiParameter(
    "q", str, description="only the networks with a word of their name close to this (accents, case and small "
                          "typos forgiven), closest first; the panel's network combobox",
)  # fmt: skip
MAX_NAME_LENGTH = 100


class NetworkList(DatasetReadView):
    """Published networks with their number of published members, by name (or, with `q`, by
    closeness of their name)."""

    renderer_classes = [JSONRenderer]
    serializer_class = NetworkSerializer
    # A subquery, not a JOIN + GROUP BY: PostgreSQL then counts the members of the page's
    # networks only, after the LIMIT, instead of every network's (~450 ms at 100k).
    queryset = (
        Initiative.objects.published()
        .networks()
        .annotate(
            member_count=Coalesce(Subquery(
                Membership.objects.filter(network=OuterRef("pk"), member__status=Initiative.Status.PUBLISHED)
                .order_by().values("network").annotate(n=Count("*")).values("n")
            ), 0)
        )
        .order_by("name", "id")
    )  # fmt: skip
    extra_parameters = {*DatasetReadView.extra_parameters, "q"}

    @extend_schema(
        operation_id="networks_list", parameters=[NAME_PARAMETER, *PAGE_PARAMETERS, *READ_HEADERS],
        responses={200: NetworkPageSerializer, 404: PAST_THE_END, **READ_ERRORS},
    )  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def check_parameters(self, request):
        super().check_parameters(request)
        name = request.query_params.get("q", "")
        if len(name) > MAX_NAME_LENGTH or "\x00" in name:
            raise ValidationError({"q": [_("Au plus %d caractères, sans caractère nul.") % MAX_NAME_LENGTH]})

    def get_queryset(self):
        queryset = super().get_queryset()
        name = self.request.query_params.get("q", "").strip()
        return queryset.name_like(name) if name else queryset

    def build(self, request):
        page = requested_page(request)
        rows = list(self.get_queryset()[page.offset : page.offset + page.size + 1])
        check_not_past_the_end(page, rows)
        links = page_links(request, page, len(rows) > page.size, "application/json")
        data = self.get_serializer(rows[: page.size], many=True).data
        response = Response({"results": data, "links": links})
        if header := link_header(links):
            response["Link"] = header
        return response
