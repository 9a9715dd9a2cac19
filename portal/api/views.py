"""API views. Each parses input, calls the same access or service function as the pages, answers."""

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.lockout import failures_clear, second_factor_failure_record
from accounts.second_factor import second_factor_check, user_needs_enrolment
from audit.anomalies.middleware import SUSPENDED_MESSAGE
from audit.anomalies.suspension_state import user_is_suspended
from audit.models import AccessEvent
from audit.services import access_event_record
from portal.access import record_audited, search_audited
from portal.api import serializers as api
from portal.forms import PRACTITIONER_PURPOSES
from portal.merge_reads import merged_record_follow_audited
from registry.models import Child, ServiceInvolvement
from registry.records import child_access
from registry.search import SearchCriteriaError, search_criteria_parse
from registry.services import involvement_end, involvement_record
from registry.shielding_policy import shielding_policy


def validation_errors(error: ValidationError) -> dict:
    return (
        error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
    )


class SearchView(APIView):
    throttle_scope = "search"

    @extend_schema(
        request=api.SearchRequestSerializer,
        responses=api.SearchResponseSerializer,
        summary="Find a child (at most 20 results, never paged)",
    )
    def post(self, request):
        incoming = api.SearchRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        purpose = data.pop("purpose")
        try:
            criteria = search_criteria_parse(data)
        except SearchCriteriaError as error:
            return Response(
                {name: [message] for name, message in error.errors.items()},
                status=status.HTTP_400_BAD_REQUEST,
            )
        outcome = search_audited(request=request, purpose=purpose, criteria=criteria)
        return Response(api.SearchResponseSerializer(outcome).data)


PURPOSE_PARAMETER = OpenApiParameter(
    "purpose", str, required=True, enum=[value for value, _label in PRACTITIONER_PURPOSES]
)


MERGED_RECORD_LOCATION = OpenApiParameter(
    "Location",
    str,
    location=OpenApiParameter.HEADER,
    response=[302],
    description="The surviving record's URL, with the same purpose.",
)
MERGED_RECORD_MOVED = OpenApiResponse(
    api.MergedRecordSerializer,
    description=(
        "The record was merged into another: `Location` is the surviving record's URL, and "
        "`merged_into` its ContactPoint ID. Follow it to read that record, which shows you what "
        "it would show you under its own ID. The redirect is temporary (302), because a merge "
        "can be undone for a while (the unmerge window) and the old ID then names its own record "
        "again."
    ),
)


class ChildRecordView(APIView):
    throttle_scope = "record"

    @extend_schema(
        parameters=[PURPOSE_PARAMETER, MERGED_RECORD_LOCATION],
        responses={200: api.ChildRecordSerializer, 302: MERGED_RECORD_MOVED},
        summary="Read a child's record",
    )
    def get(self, request, contactpoint_id: str):
        purpose = api.PurposeSerializer(data=request.query_params)
        purpose.is_valid(raise_exception=True)
        try:
            record = record_audited(
                request=request,
                purpose=purpose.validated_data["purpose"],
                contactpoint_id=contactpoint_id,
            )
        except Child.DoesNotExist:
            return self.merged_record_redirect(
                request, purpose=purpose.validated_data["purpose"], contactpoint_id=contactpoint_id
            )
        return Response(api.ChildRecordSerializer(record).data)

    @staticmethod
    def merged_record_redirect(request, *, purpose: str, contactpoint_id: str) -> Response:
        """302 to the surviving record for a merged record's ID; 404 for any other ID."""
        survivor = merged_record_follow_audited(
            request=request, purpose=purpose, contactpoint_id=contactpoint_id
        )
        if survivor is None:
            raise Http404
        location = reverse("api:child", args=[survivor.contactpoint_id])
        body = {
            "detail": "This record was merged into another.",
            "merged_into": survivor.display_id,
        }
        return Response(
            api.MergedRecordSerializer(body).data,
            status=status.HTTP_302_FOUND,
            headers={"Location": request.build_absolute_uri(f"{location}?purpose={purpose}")},
        )


class InvolvementCreateView(APIView):
    throttle_scope = "write"

    @extend_schema(
        request=api.InvolvementCreateSerializer,
        responses={201: api.InvolvementSerializer},
        summary="Record your own involvement with a child",
    )
    def post(self, request, contactpoint_id: str):
        incoming = api.InvolvementCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        purpose = data.pop("purpose")
        try:
            with transaction.atomic():
                child = child_access(
                    user=request.user, purpose=purpose, contactpoint_id=contactpoint_id
                )
                redaction = shielding_policy().child_redaction(user=request.user, child=child)
                if redaction is not None:
                    raise PermissionDenied(
                        "This child's contact details are shielded: contact goes through the "
                        f"management team of {redaction.brokering_authority}."
                    )
                involvement = involvement_record(child=child, by=request.user, **data)
        except Child.DoesNotExist:
            raise Http404 from None
        except ValidationError as error:
            raise serializers.ValidationError(validation_errors(error)) from None
        return Response(api.InvolvementSerializer(involvement).data, status=status.HTTP_201_CREATED)


class InvolvementEndView(APIView):
    throttle_scope = "write"

    @extend_schema(
        request=api.InvolvementEndSerializer,
        responses=api.InvolvementSerializer,
        summary="End an involvement you recorded",
    )
    def post(self, request, involvement_id: int):
        incoming = api.InvolvementEndSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                involvement = ServiceInvolvement.objects.visible_to(
                    request.user, purpose=incoming.validated_data["purpose"]
                ).get(
                    pk=involvement_id,
                    recorded_by=request.user,
                    ended_on__isnull=True,
                    child__status__in=Child.OPEN_STATUSES,
                )
                involvement_end(
                    involvement=involvement,
                    by=request.user,
                    ended_on=incoming.validated_data["ended_on"],
                )
        except ServiceInvolvement.DoesNotExist:
            raise Http404 from None
        except ValidationError as error:
            raise serializers.ValidationError(validation_errors(error)) from None
        return Response(api.InvolvementSerializer(involvement).data)


class TokenView(APIView):
    """A token for API clients, issued only to a user who proves a second factor."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_scope = "token"

    @extend_schema(
        request=api.TokenRequestSerializer,
        responses=api.TokenResponseSerializer,
        auth=[],
        summary="Exchange a password and a second-factor code for a token",
    )
    def post(self, request):
        incoming = api.TokenRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        user = authenticate(request._request, username=data["username"], password=data["password"])
        if user is None or not self.second_factor_proved(request, user, data["otp_token"]):
            # Answered rather than raised: DRF rolls back the transaction of a raised error, and
            # with it the failed attempt that the lockout counts and the audit trail records.
            return Response(
                {"non_field_errors": ["Enter a correct username, password and code."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if user_is_suspended(user_id=user.pk):
            raise PermissionDenied(SUSPENDED_MESSAGE)
        token, created = Token.objects.get_or_create(user=user)
        access_event_record(
            kind=AccessEvent.Kind.API_TOKEN_ISSUED, user=user, details={"created": created}
        )
        return Response({"token": token.key})

    @staticmethod
    def second_factor_proved(request, user, otp_token: str) -> bool:
        """The same check as the sign-in page's, counting a wrong code towards the lockout."""
        if user_needs_enrolment(user=user):
            return False
        if second_factor_check(user=user, code=otp_token).device is not None:
            failures_clear(request=request._request, user=user)
            return True
        second_factor_failure_record(request=request._request, user=user)
        return False
