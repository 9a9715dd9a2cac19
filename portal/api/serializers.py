"""API request and response shapes. Validation of search criteria stays in the registry's parser."""

from rest_framework import serializers

from portal.forms import PRACTITIONER_PURPOSES
from registry.models import ServiceInvolvement


class PurposeSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=PRACTITIONER_PURPOSES)


class SearchRequestSerializer(PurposeSerializer):
    given_names = serializers.CharField(required=False, allow_blank=True, max_length=100)
    family_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    date_of_birth = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=10,
        help_text="YYYY-MM-DD, or YYYY-MM or YYYY with both names.",
    )
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=10)
    contactpoint_id = serializers.CharField(required=False, allow_blank=True, max_length=20)
    nhs_number = serializers.CharField(required=False, allow_blank=True, max_length=16)


class ChildSummarySerializer(serializers.Serializer):
    contactpoint_id = serializers.CharField(source="display_id")
    given_names = serializers.CharField()
    family_name = serializers.CharField()
    gender = serializers.CharField(source="get_gender_display")
    date_of_birth = serializers.DateField()


class SearchResultSerializer(serializers.Serializer):
    child = ChildSummarySerializer()
    band = serializers.ChoiceField(choices=["strong", "possible"])


class SearchResponseSerializer(serializers.Serializer):
    results = SearchResultSerializer(many=True)
    too_many = serializers.BooleanField(
        help_text="More than 20 children matched: refine the search. Results are never paged."
    )


class AddressSerializer(serializers.Serializer):
    status = serializers.CharField()
    line_1 = serializers.CharField()
    line_2 = serializers.CharField()
    town = serializers.CharField()
    postcode = serializers.CharField()
    ended_on = serializers.DateField(allow_null=True)


class CarerSerializer(serializers.Serializer):
    given_names = serializers.CharField()
    family_name = serializers.CharField()
    relationship = serializers.CharField()
    parental_responsibility = serializers.BooleanField()
    phone = serializers.CharField()
    email = serializers.CharField()


class SettingSerializer(serializers.Serializer):
    urn = serializers.CharField(source="setting.urn")
    name = serializers.CharField(source="setting.name")
    kind = serializers.CharField(source="setting.kind")
    phone = serializers.CharField(source="setting.phone")
    started_on = serializers.DateField(allow_null=True)


class GPSerializer(serializers.Serializer):
    ods_code = serializers.CharField(source="practice.ods_code")
    name = serializers.CharField(source="practice.name")
    phone = serializers.CharField(source="practice.phone")
    registered_on = serializers.DateField(allow_null=True)


class IdentifierSerializer(serializers.Serializer):
    scheme = serializers.CharField()
    issuer = serializers.CharField()
    value = serializers.CharField()


class InvolvementSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceInvolvement
        fields = [
            "id",
            "kind",
            "practitioner_name",
            "organisation",
            "role",
            "phone",
            "email",
            "started_on",
            "ended_on",
            "is_lead_professional",
            "assessment_under_way",
        ]


class ChildRecordSerializer(serializers.Serializer):
    child = ChildSummarySerializer()
    responsible_local_authority = serializers.CharField(
        source="child.responsible_local_authority.name"
    )
    contact_brokered_by = serializers.CharField(
        source="redaction.brokering_authority",
        allow_null=True,
        read_only=True,
        help_text=(
            "Set when the child is shielded from you: the local authority whose management team "
            "brokers contact. The contact sections are then empty."
        ),
    )
    addresses = AddressSerializer(many=True)
    carers = CarerSerializer(many=True)
    settings = SettingSerializer(many=True, source="enrolments")
    gp_practices = GPSerializer(many=True, source="gp_registrations")
    services = InvolvementSerializer(many=True, source="involvements")
    identifiers = IdentifierSerializer(many=True)


class MergedRecordSerializer(serializers.Serializer):
    detail = serializers.CharField()
    merged_into = serializers.CharField(
        help_text="The ContactPoint ID of the record this one was merged into, as 1234-5678-9012."
    )


class InvolvementCreateSerializer(PurposeSerializer):
    kind = serializers.ChoiceField(choices=ServiceInvolvement.Kind.choices)
    role = serializers.CharField(max_length=120)
    started_on = serializers.DateField()
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    is_lead_professional = serializers.BooleanField(required=False, default=False)
    assessment_under_way = serializers.BooleanField(required=False, default=False)
    consent_recorded = serializers.BooleanField(required=False, default=False)


class InvolvementEndSerializer(PurposeSerializer):
    ended_on = serializers.DateField()


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})
    otp_token = serializers.CharField(
        max_length=16, help_text="A code from your authenticator app."
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
