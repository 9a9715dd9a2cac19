"""Children with a row in every hidden table, for the tests of the database's half of shielding.

Rows are written before the shielding order: once a child is shielded, writing its hidden rows
needs a scope that may see them.
"""

import datetime

from django.db import connection

from accounts.roles import Role
from registry.models import (
    Address,
    Carer,
    EducationalSetting,
    ExternalIdentifier,
    GPPractice,
    GPRegistration,
    ServiceInvolvement,
    SettingEnrolment,
)
from shielding.clearance import management_team_join
from shielding.models import ShieldingOrder
from tests.factories import (
    AddressFactory,
    CarerFactory,
    ExternalIdentifierFactory,
    OrganisationFactory,
    UserFactory,
)

HIDDEN_MODELS = (
    Address,
    Carer,
    SettingEnrolment,
    GPRegistration,
    ServiceInvolvement,
    ExternalIdentifier,
)


def manager_of(local_authority):
    """A member of the authority's management team, cleared for its shielded children."""
    user = UserFactory(
        role=Role.LA_MANAGEMENT, organisation=OrganisationFactory(local_authority=local_authority)
    )
    management_team_join(user=user)
    return user


def hidden_rows_create(child, *, number: int) -> None:
    """One row of `child` in each hidden table; `number` keeps reference data unique."""
    AddressFactory(child=child)
    CarerFactory(child=child)
    setting = EducationalSetting.objects.create(
        urn=f"{100000 + number}",
        name="Beck Primary",
        local_authority=child.responsible_local_authority,
    )
    SettingEnrolment.objects.create(child=child, setting=setting)
    practice = GPPractice.objects.create(ods_code=f"B{80000 + number}", name="Beck Surgery")
    GPRegistration.objects.create(child=child, practice=practice)
    ServiceInvolvement.objects.create(
        child=child,
        kind=ServiceInvolvement.Kind.SOCIAL_CARE,
        practitioner_name="Sam Worker",
        organisation="Leeds City Council",
        role="Social worker",
        started_on=datetime.date(2024, 1, 8),
    )
    ExternalIdentifierFactory(child=child)


def shielding_order_make(*, child, by) -> ShieldingOrder:
    return ShieldingOrder.objects.create(
        child=child,
        local_authority=child.responsible_local_authority,
        reason=ShieldingOrder.Reason.FLEEING_ABUSE,
        justification="The family is fleeing abuse.",
        made_by=by,
        review_due_on=datetime.date.today() + datetime.timedelta(days=90),
    )


def raw_row_count(model, *, child) -> int:
    """The child's rows in `model`'s table, read with plain SQL: no manager, no chokepoint."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {connection.ops.quote_name(model._meta.db_table)} "  # noqa: S608
            "WHERE child_id = %s",
            [child.pk],
        )
        return cursor.fetchone()[0]


def unscoped_row_count(model, *, child) -> int:
    """The child's rows through the loud bypass of the chokepoint."""
    return model.unscoped_objects.filter(child=child).count()
