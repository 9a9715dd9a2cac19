"""Who may open which report. Each helper returns what the report is about to the user who may
read it, and raises Http404 for anyone else, exactly as for a child or user that does not exist:
a report never tells an outsider that a child is in the index, or who works where.

- "Who has looked at this child": the management team of the child's responsible local authority
  (the team cleared for the authority's children, shielding.clearance), so the report follows
  the child when it moves, as clearance does.
- A user's activity: the management team of a local authority, about the users of its own
  organisation.
- The search across all events: auditors.
"""

from django.contrib.auth import get_user_model
from django.http import Http404

from accounts.models import Organisation
from accounts.roles import Role
from registry.models import Child
from registry.purposes import AccessPurpose
from registry.records import child_access
from shielding.clearance import cleared_local_authority_ids

# Reading the audit trail is administration of the service, not work with the child.
REPORT_PURPOSE = AccessPurpose.ADMINISTRATION


def child_report_access(*, user, contactpoint_id: str) -> Child:
    """The child, if `user` is in the management team of the child's responsible authority."""
    try:
        child = child_access(user=user, purpose=REPORT_PURPOSE, contactpoint_id=contactpoint_id)
    except Child.DoesNotExist:
        raise Http404("No child with this ContactPoint ID.") from None
    if child.responsible_local_authority_id not in cleared_local_authority_ids(user):
        raise Http404("No child with this ContactPoint ID.")
    return child


def organisation_admin_access(*, user) -> Organisation:
    """The local authority organisation whose users `user` may report on: their own, if they are
    in its management team."""
    organisation = getattr(user, "organisation", None)
    if (
        getattr(user, "role", None) != Role.LA_MANAGEMENT
        or organisation is None
        or organisation.kind != Organisation.Kind.LOCAL_AUTHORITY
        or organisation.local_authority_id not in cleared_local_authority_ids(user)
    ):
        raise Http404("No such page.")
    return organisation


def organisation_user_access(*, user, subject_user_id: int):
    """A user of the organisation that `user` administers."""
    organisation = organisation_admin_access(user=user)
    try:
        return get_user_model().objects.get(pk=subject_user_id, organisation=organisation)
    except get_user_model().DoesNotExist:
        raise Http404("No such user.") from None


def auditor_required(*, user) -> None:
    if not (getattr(user, "is_active", False) and getattr(user, "role", None) == Role.AUDITOR):
        raise Http404("No such page.")
