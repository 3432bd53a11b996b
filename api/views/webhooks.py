"""/api/v1/webhooks/: a partner's (token) or a moderator's signed-event subscriptions
(initiatives/webhooks/). The secret is in the creation's answer only."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api.parsers import DepthLimitedJSONParser
from api.schema import NO_NUL, RETRY_AFTER, UNAVAILABLE
from api.views.proposals import ContributorProposalThrottle, domain_call
from initiatives.models import WebhookDelivery, WebhookEvent
from initiatives.webhooks import subscriptions



def slugs():
    return serializers.ListField(child=serializers.RegexField(r"^[-a-zA-Z0-9_]{1,120}$"), required=False, max_length=50)


class SubscriptionWrite(serializers.Serializer):
    url = serializers.URLField(max_length=500, help_text="https:// on a public address")
    events = serializers.ListField(child=serializers.ChoiceField(WebhookEvent.choices), min_length=1, max_length=5)
    themes = slugs()
    networks = slugs()
    departments = serializers.ListField(child=serializers.RegexField(r"^(\d{2,3}|2[ABab])$"), required=False, max_length=101)
    regions = serializers.ListField(child=serializers.RegexField(r"^\d{2}$"), required=False, max_length=18)
    description = serializers.RegexField(NO_NUL, max_length=200, required=False, allow_blank=True)


class DeliveryRead(serializers.ModelSerializer):
    message_id = serializers.CharField(source="message.message_id", help_text="its webhook-id")
    event = serializers.ChoiceField(WebhookEvent.choices, source="message.event")

    class Meta:
        model = WebhookDelivery
        fields = ["message_id", "event", "status", "attempts", "last_status", "last_error", "created_at", "delivered_at"]


class SubscriptionRead(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    description = serializers.CharField()
    events = serializers.ListField(child=serializers.ChoiceField(WebhookEvent.choices))
    themes = serializers.ListField(child=serializers.CharField())
    networks = serializers.ListField(child=serializers.CharField())
    departments = serializers.ListField(child=serializers.CharField())
    regions = serializers.ListField(child=serializers.CharField())
    created_at = serializers.DateTimeField()
    paused_at = serializers.DateTimeField(allow_null=True, help_text="set: nothing is sent until POST …/resume/")
    pause_reason = serializers.CharField()
    consecutive_failures = serializers.IntegerField()
    retry_at = serializers.DateTimeField(allow_null=True, help_text="the next try after a failure")


class SubscriptionCreated(SubscriptionRead):
    secret = serializers.CharField(help_text="whsec_…: verifies the signatures; shown this once")


class SubscriptionDetail(SubscriptionRead):
    recent_deliveries = DeliveryRead(many=True, help_text="the last 20, newest first")


ERRORS = {
    401: OpenApiResponse(OpenApiTypes.OBJECT, description="no token (or session), or an unknown one"),
    403: OpenApiResponse(OpenApiTypes.OBJECT, description="CSRF (session clients)"),
    503: UNAVAILABLE,
}
WRITE_ERRORS = {
    **ERRORS, 429: OpenApiResponse(OpenApiTypes.OBJECT, description="the account's hourly write quota is spent: see Retry-After"),
}  # fmt: skip
NOT_FOUND = {404: OpenApiResponse(OpenApiTypes.OBJECT, description="none of your subscriptions has this id")}


class WebhookView(APIView):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    parser_classes = [DepthLimitedJSONParser]
    renderer_classes = [JSONRenderer]

    def get_throttles(self):
        """Writes count in the account's hourly write quota, as proposals do."""
        return [] if self.request.method in SAFE_METHODS else [ContributorProposalThrottle()]

    def subscription(self, pk):
        return get_object_or_404(subscriptions.visible_to(self.request.user), pk=pk)


class WebhookList(WebhookView):
    @extend_schema(operation_id="webhooks_list", responses={200: SubscriptionRead(many=True), **ERRORS},
                   parameters=[RETRY_AFTER])  # fmt: skip
    def get(self, request):
        return Response(SubscriptionRead(subscriptions.visible_to(request.user), many=True).data)

    @extend_schema(operation_id="webhooks_create", request=SubscriptionWrite, responses={
        201: SubscriptionCreated, 400: OpenApiResponse(OpenApiTypes.OBJECT, description="errors keyed by field: "
        "an address refused (not https, private, loopback, link-local), an unknown theme, network or territory"),
        **WRITE_ERRORS}, parameters=[RETRY_AFTER])  # fmt: skip
    def post(self, request):
        serializer = SubscriptionWrite(data=request.data)
        serializer.is_valid(raise_exception=True)
        subscription = domain_call(lambda: subscriptions.subscribe(owner=request.user, **serializer.validated_data))
        return Response(SubscriptionCreated(subscription).data, status=status.HTTP_201_CREATED)


class WebhookDetail(WebhookView):
    @extend_schema(operation_id="webhooks_retrieve", responses={200: SubscriptionDetail, **ERRORS, **NOT_FOUND},
                   parameters=[RETRY_AFTER])  # fmt: skip
    def get(self, request, pk):
        subscription = self.subscription(pk)
        subscription.recent_deliveries = subscription.deliveries.select_related("message").order_by("-id")[:20]
        return Response(SubscriptionDetail(subscription).data)

    @extend_schema(operation_id="webhooks_destroy", responses={204: None, **WRITE_ERRORS, **NOT_FOUND},
                   parameters=[RETRY_AFTER])  # fmt: skip
    def delete(self, request, pk):
        self.subscription(pk).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookResume(WebhookView):
    @extend_schema(operation_id="webhooks_resume", request=None, responses={200: SubscriptionRead, **WRITE_ERRORS,
                   **NOT_FOUND}, parameters=[RETRY_AFTER])  # fmt: skip
    def post(self, request, pk):
        subscription = self.subscription(pk)
        subscriptions.resume(subscription=subscription)
        return Response(SubscriptionRead(subscription).data)
