"""The email to a management team whose authority a new identity was placed in by another team.

It says that a shielded child is now the team's to manage, by the new ContactPoint ID and the user
who placed it, and nothing else: not that the record is a new identity, and nothing of the old one.
"""

import logging

from django.conf import settings

from shielding.models import ShieldingOrder
from shielding.notifications import team_email_addresses, team_emails_send_on_commit

logger = logging.getLogger(__name__)

ARRIVAL_SUBJECT = "A shielded child is now your authority's: ContactPoint ID {contactpoint_id}"
ARRIVAL_BODY = """\
{user} ({organisation}) has made your authority responsible for the child with ContactPoint ID \
{contactpoint_id}. The child is shielded ({reason}).

Your management team ({authority}) now manages the child's shield and brokers contact for them. \
Sign in to ContactPoint and open Shielding to see the shield and its review date.

This email holds no details of the child. Do not reply with any.
"""


def new_identity_arrival_messages(*, new_child, by) -> list[tuple]:
    """One message per member of the team of the new record's authority."""
    authority = new_child.responsible_local_authority
    recipients = team_email_addresses(authority)
    if not recipients:
        logger.warning("child %s: its management team has nobody to email", new_child.pk)
    order = ShieldingOrder.objects.get(child=new_child, active=True)
    subject = ARRIVAL_SUBJECT.format(contactpoint_id=new_child.display_id)
    body = ARRIVAL_BODY.format(
        user=by.get_full_name() or by.get_username(),
        organisation=by.organisation.name if by.organisation_id else "no organisation",
        contactpoint_id=new_child.display_id,
        reason=order.get_reason_display().lower(),
        authority=authority.name,
    )
    return [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]


def new_identity_arrival_notify(*, new_child, by) -> None:
    """Email the team once the transaction commits; a mail outage is logged, never undoes it."""
    team_emails_send_on_commit(new_identity_arrival_messages(new_child=new_child, by=by))
