"""The write side of /api/v1/initiatives/: proposals, with the same permissions, moderation
and revisions as the web (initiatives.services), and optimistic concurrency by ETag:
PATCH/PUT must send `If-Match` with the ETag they read (428 without it, 412 if it names
another version, initiative or database; `*` matches). Writes always answer JSON.

Quotas count proposals accepted for processing only: a request refused (400, 403, 412,
428...) gives its place back, so a client retrying politely after a 412 is never locked
out. Anonymous proposals share one limit with the web forms (initiatives.ratelimits);
every account or address also has the API's hourly write quota."""

from django.core.exceptions import PermissionDenied as DomainPermissionDenied
from django.core.exceptions import ValidationError as DomainValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import PermissionDenied, Throttled, ValidationError
from rest_framework.metadata import SimpleMetadata
from rest_framework.permissions import SAFE_METHODS
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

from api.parsers import DepthLimitedJSONParser
from api.preconditions import IfMatch, evaluate_if_match, initiative_etag
from api.schema import RETRY_AFTER, UNAVAILABLE
from api.serializers import InitiativeWriteSerializer
from api.views.duplicates import candidates_data
from initiatives import duplicates, ratelimits, services, snapshots
from initiatives.dataset import dataset_state


WRITE_METHODS = {"POST", "PUT", "PATCH"}


class ContributorProposalThrottle(UserRateThrottle):
    """Every write request, per account (or per address for anonymous ones, whose accepted
    proposals initiatives.ratelimits limits more tightly)."""

    scope = "user_write"

    def give_back(self):
        """The request was not accepted: take its time out of the history (a no-op when
        allow_request counted nothing)."""
        key, now = getattr(self, "key", None), getattr(self, "now", None)
        if key is None or now is None:
            return
        history = self.cache.get(key, [])
        if now in history:
            history.remove(now)
            self.cache.set(key, history, self.duration)


class WithoutActionsMetadata(SimpleMetadata):
    """OPTIONS names the endpoint and its formats; the write bodies are in the OpenAPI schema
    (DRF would describe them from a `serializer_class` these views do not have, and fail)."""

    def determine_actions(self, request, view):
        return {}


class ProposalMixin:
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    parser_classes = [DepthLimitedJSONParser]
    metadata_class = WithoutActionsMetadata
    write_serializer_class = InitiativeWriteSerializer

    def get_authenticators(self):
        # Reads are public: a bogus or stale token must not turn them into 401s, and a
        # signed-in reader must not cost session and user queries.
        request = getattr(self, "request", None)
        if request is not None and request.method in SAFE_METHODS:
            return []
        return super().get_authenticators()

    def perform_content_negotiation(self, request, force=False):
        """A write answers JSON whatever the Accept header; a `?format=` other than JSON is
        a 400. The format a GET would have had is kept: the ETags given back name it."""
        if request.method not in WRITE_METHODS:  # reads, and methods answered 405
            return super().perform_content_negotiation(request, force)
        self.read_media_type = super().perform_content_negotiation(request, force=True)[1]
        if request.query_params.get("format", "json") != "json":
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
            raise ValidationError({"format": [_("Une écriture répond toujours en JSON : retirez `format`.")]})
        return JSONRenderer(), JSONRenderer.media_type

    def within_quota(self, request, write):
        """Run `write` in one place of the client's hourly write quota and, for anonymous
        clients, of the limit shared with the web forms: 429 with Retry-After when there is
        none left. A write that is not accepted (status ≥ 400, or an error) gives both back."""
        throttle = ContributorProposalThrottle()
        if not throttle.allow_request(request, self):
            raise Throttled(wait=throttle.wait())
        slot = ratelimits.take(request)
        if slot.refused:
            throttle.give_back()
            raise Throttled(wait=slot.retry_after)
        response = None
        try:
            response = write()
        finally:
            if response is None or response.status_code >= 400:
                slot.give_back()
                throttle.give_back()
        return response

    def read_proposal(self, request, partial_base=None):
        serializer = self.write_serializer_class(data=request.data, partial=partial_base is not None)
        serializer.is_valid(raise_exception=True)
        data = serializer.snapshot_data()
        if partial_base is not None:
            data = {**partial_base, **data}
        return data, serializer.validated_data

    def outcome_response(self, outcome, created=False):
        revision = outcome.revision
        if outcome.published:
            body = {"status": "published", "revision": revision and revision.pk, "version": outcome.initiative.version,
                    "api_url": request_url(self.request, outcome.initiative)}  # fmt: skip
            code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        else:
            body = {"status": "pending", "revision": revision.pk,
                    "detail": _("Merci ! Votre proposition sera publiée après modération.")}  # fmt: skip
            code = status.HTTP_202_ACCEPTED
        response = Response(body, status=code)
        if outcome.published:
            response["Location"] = body["api_url"]
        return response


def request_url(request, initiative):
    return request.build_absolute_uri(f"/api/v1/initiatives/{initiative.slug}/")


def domain_call(call):
    """Run a service; turn the domain's refusals into API errors naming the fields."""
    try:
        return call()
    except DomainValidationError as exc:
        raise ValidationError(exc.message_dict if hasattr(exc, "message_dict") else exc.messages) from exc
    except DomainPermissionDenied as exc:
        raise PermissionDenied(str(exc) or None) from exc


PROPOSAL_RESPONSES = {
    202: OpenApiResponse(OpenApiTypes.OBJECT, description="received: published after moderation"),
    400: OpenApiResponse(OpenApiTypes.OBJECT, description="invalid (an unknown field too): errors keyed by field"),
    401: OpenApiResponse(OpenApiTypes.OBJECT, description="the token is unknown"),
    403: OpenApiResponse(OpenApiTypes.OBJECT, description="not allowed (e.g. a locked initiative), or CSRF"),
    413: OpenApiResponse(OpenApiTypes.OBJECT, description="body larger than 256 KB"),
    429: OpenApiResponse(OpenApiTypes.OBJECT, description="too many accepted proposals this hour: see Retry-After"),
    503: UNAVAILABLE,
}
CREATE_RESPONSES = {
    201: OpenApiResponse(OpenApiTypes.OBJECT, description="created and published (trusted contributor)"),
    **PROPOSAL_RESPONSES,
    409: OpenApiResponse(OpenApiTypes.OBJECT, description=(
        "it may already exist: `candidates` (as /api/v1/duplicates/ lists them, with their reasons); "
        "nothing written. Correct one of them instead, or send again with `not_a_duplicate: true`")),
}
IF_MATCH = OpenApiParameter(
    "If-Match", str, OpenApiParameter.HEADER, required=True,
    description="the ETag of the version being changed (from GET), or `*`",
)  # fmt: skip
WRITE_ETAG = OpenApiParameter("ETag", str, OpenApiParameter.HEADER, response=[200, 412],
                              description="the initiative's ETag now, as GET gives it")  # fmt: skip
UPDATE_DOC = extend_schema(
    request=InitiativeWriteSerializer, parameters=[IF_MATCH, WRITE_ETAG, RETRY_AFTER],
    responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="published at once (trusted contributor)"),
               **PROPOSAL_RESPONSES,
               404: OpenApiResponse(OpenApiTypes.OBJECT, description="no published initiative has this id or slug"),
               412: OpenApiResponse(OpenApiTypes.OBJECT, description=(
                   "If-Match names another version, initiative or database: current_version, and the ETag")),
               428: OpenApiResponse(OpenApiTypes.OBJECT, description="If-Match missing, or not an ETag")},
)  # fmt: skip


class CreateProposalMixin(ProposalMixin):
    @extend_schema(operation_id="initiatives_propose", request=InitiativeWriteSerializer,
                   parameters=[RETRY_AFTER], responses=CREATE_RESPONSES)  # fmt: skip
    def post(self, request, *args, **kwargs):
        return self.within_quota(request, lambda: self.create(request))

    def create(self, request):
        data, extra = self.read_proposal(request)
        try:
            outcome = domain_call(lambda: services.propose_initiative(
                data=data, author=request.user, email=extra.get("author_email", ""),
                summary=extra.get("change_summary", ""), not_a_duplicate=extra.get("not_a_duplicate", False),
            ))  # fmt: skip
        except duplicates.PossibleDuplicates as found:
            return Response({
                "detail": _("Cette initiative existe peut-être déjà : vérifiez ces fiches. Si c’en est une, "
                            "proposez-y plutôt une correction ; sinon, renvoyez avec \"not_a_duplicate\": true."),
                "candidates": candidates_data(request, found.candidates),
            }, status=status.HTTP_409_CONFLICT)  # fmt: skip
        return self.outcome_response(outcome, created=True)


class UpdateProposalMixin(ProposalMixin):
    @UPDATE_DOC
    def put(self, request, key):
        return self.within_quota(request, lambda: self.change(request, key, partial=False))

    @UPDATE_DOC
    def patch(self, request, key):
        return self.within_quota(request, lambda: self.change(request, key, partial=True))

    def change(self, request, key, *, partial):
        initiative = self.get_initiative(key)
        condition = evaluate_if_match(request.headers.get("If-Match"), initiative, dataset_state())
        if condition is IfMatch.ABSENT:
            return Response(
                {"detail": _("En-tête If-Match requis : l’ETag de la version que vous modifiez.")},
                status=status.HTTP_428_PRECONDITION_REQUIRED,
            )
        if condition is IfMatch.FAILS:
            return self.precondition_failed(initiative)
        data, extra = self.read_proposal(request, snapshots.take(initiative) if partial else None)
        try:
            outcome = domain_call(lambda: services.propose_change(
                initiative=initiative, data=data, base_version=initiative.version, author=request.user,
                email=extra.get("author_email", ""), summary=extra.get("change_summary", ""),
            ))  # fmt: skip
        except services.Conflict as conflict:  # changed between our read and the service's lock
            return self.precondition_failed(conflict.initiative)
        response = self.outcome_response(outcome)
        if outcome.published:
            response["ETag"] = self.current_etag(outcome.initiative)
        return response

    def precondition_failed(self, initiative):
        response = Response(
            {"detail": _("Cette initiative a changé depuis votre lecture (ou l’ETag en désigne une autre)."),
             "current_version": initiative.version},
            status=status.HTTP_412_PRECONDITION_FAILED,
        )  # fmt: skip
        response["ETag"] = self.current_etag(initiative)
        return response

    def current_etag(self, initiative):
        """The ETag a GET of this URL, with this request's Accept and format, gives now."""
        return initiative_etag(initiative, self.request, dataset_state(), media_type=self.read_media_type)
