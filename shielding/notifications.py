"""Emails to a management team. They name a ContactPoint ID and a user, never a child's hidden
details, because email leaves the system's access control behind."""

import logging

from django.conf import settings
from django.utils import timezone

from registry.purposes import AccessPurpose
from shielding.clearance import management_team_group
from shielding.models import OverrideReview

logger = logging.getLogger(__name__)

OVERRIDE_SUBJECT = "Emergency override to review: ContactPoint ID {contactpoint_id}"
OVERRIDE_BODY = """\
{user} ({role}, {organisation}) used an emergency override to see the shielded details of the \
child with ContactPoint ID {contactpoint_id}, at {made_at}, for this purpose: {purpose}.

Your management team ({authority}) is asked to review whether the override was justified. Sign in \
to ContactPoint and open Shielding, then Override reviews, to see the reason they gave and to \
record the outcome.

This email holds no details of the child. Do not reply with any.
"""


def team_email_addresses(local_authority) -> list[str]:
    """Every active member of the authority's management team who has an email address."""
    members = management_team_group(local_authority).user_set.filter(is_active=True)
    return sorted(members.exclude(email="").values_list("email", flat=True))


def override_notification_messages(*, review: OverrideReview) -> list[tuple]:
    """One message per team member, as `send_mass_mail` takes them."""
    override = review.override
    user = override.user
    recipients = team_email_addresses(review.local_authority)
    if not recipients:
        logger.warning("override %s: its management team has nobody to email", override.pk)
    subject = OVERRIDE_SUBJECT.format(contactpoint_id=override.child.display_id)
    body = OVERRIDE_BODY.format(
        user=user.get_full_name() or user.get_username(),
        role=user.get_role_display(),
        organisation=user.organisation.name if user.organisation_id else "no organisation",
        contactpoint_id=override.child.display_id,
        made_at=timezone.localtime(override.made_at).strftime("%H:%M on %d %B %Y"),
        purpose=AccessPurpose(override.purpose).label,
        authority=review.local_authority.name,
    )
    return [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]
