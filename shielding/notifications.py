"""Emails to a management team. They name a ContactPoint ID and a user, never a child's hidden
details, because email leaves the system's access control behind."""

import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
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


def _user_described(user) -> str:
    organisation = user.organisation.name if user.organisation_id else "no organisation"
    return (
        f"{user.get_full_name() or user.get_username()} ({user.get_role_display()}, {organisation})"
    )


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M on %d %B %Y")


def _teams_messages(authorities, subject: str, body: str, *, about: str) -> list[tuple]:
    """The same message to every member of each authority's team, once per address."""
    recipients = sorted(
        {address for authority in authorities for address in team_email_addresses(authority)}
    )
    if not recipients:
        logger.warning("%s: no management team member to email", about)
    return [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]


MERGE_SUBJECT = "Records merged: ContactPoint ID {merged} into {survivor}"
MERGE_BODY = """\
{user} merged two records of one child at {made_at}: the record with ContactPoint ID {merged} \
({merged_authority}) into the record with ContactPoint ID {survivor} ({survivor_authority}). \
The old ID now opens the surviving record.

{shield_note}The merge can be undone until {deadline}. Sign in to ContactPoint and open \
Duplicate records to see it.

This email holds no details of the child. Do not reply with any.
"""
MERGE_SHIELD_NOTE = (
    "The record {merged} was shielded, so {survivor} is shielded now too. The team of "
    "{survivor_authority} manages the shield.\n\n"
)
UNMERGE_SUBJECT = "Merge undone: ContactPoint IDs {merged} and {survivor}"
UNMERGE_BODY = """\
{user} undid the merge of the record with ContactPoint ID {merged} into the record with \
ContactPoint ID {survivor}, at {undone_at}. They are two records again, each with its own ID.

{shield_note}This email holds no details of either child. Do not reply with any.
"""
UNMERGE_SHIELD_NOTE = (
    "While the records were one, nobody could tell which child a shield was for, so both records "
    "stay shielded: {survivor} and {merged}. Your team is asked to review each shield today, and "
    "to end any that the child does not need. Sign in to ContactPoint and open Shielding.\n\n"
)


def merge_notification_messages(*, merge) -> list[tuple]:
    """To the teams of both records' authorities, when two records are merged."""
    survivor, merged = merge.survivor, merge.merged
    names = {
        "merged": merged.display_id,
        "survivor": survivor.display_id,
        "merged_authority": merged.responsible_local_authority.name,
        "survivor_authority": survivor.responsible_local_authority.name,
    }
    body = MERGE_BODY.format(
        user=_user_described(merge.made_by),
        made_at=_when(merge.made_at),
        deadline=_when(merge.undo_deadline),
        shield_note=MERGE_SHIELD_NOTE.format(**names) if merge.shield_carried else "",
        **names,
    )
    authorities = [survivor.responsible_local_authority, merged.responsible_local_authority]
    subject = MERGE_SUBJECT.format(**names)
    return _teams_messages(authorities, subject, body, about=f"merge {merge.pk}")


def unmerge_notification_messages(*, merge, shielded: bool) -> list[tuple]:
    """To the teams of both records' authorities, when a merge is undone."""
    names = {"merged": merge.merged.display_id, "survivor": merge.survivor.display_id}
    body = UNMERGE_BODY.format(
        user=_user_described(merge.undone_by),
        undone_at=_when(merge.undone_at),
        shield_note=UNMERGE_SHIELD_NOTE.format(**names) if shielded else "",
        **names,
    )
    authorities = [
        merge.survivor.responsible_local_authority,
        merge.merged.responsible_local_authority,
    ]
    subject = UNMERGE_SUBJECT.format(**names)
    return _teams_messages(authorities, subject, body, about=f"unmerge {merge.pk}")


MOVE_SUBJECT = "Child moved: ContactPoint ID {contactpoint_id} is now with {to_authority}"
MOVE_BODY = """\
A new address recorded by {source} at {moved_at} lies in the area of {to_authority}, so the \
child with ContactPoint ID {contactpoint_id} has moved from {from_authority} to {to_authority}. \
The management team of {to_authority} is now responsible for the child.

{shield_note}This email holds no details of the child, and never the address. Do not reply with \
any.
"""
MOVE_SHIELD_NOTE = (
    "The child is shielded, and the shield moved with the child: only the team of "
    "{to_authority} can now see the shielded details, and the team of {from_authority} no longer "
    "can. Open contact requests about the child, and feed records held for it, are now with the "
    "team of {to_authority}.\n\n"
)


def move_notification_messages(
    *, child, from_local_authority, to_local_authority, source: str, shielded: bool
) -> list[tuple]:
    """To the teams of the old and the new authority, when a child moves between them."""
    names = {
        "contactpoint_id": child.display_id,
        "from_authority": from_local_authority.name,
        "to_authority": to_local_authority.name,
    }
    body = MOVE_BODY.format(
        source=source,
        moved_at=_when(timezone.now()),
        shield_note=MOVE_SHIELD_NOTE.format(**names) if shielded else "",
        **names,
    )
    authorities = [from_local_authority, to_local_authority]
    subject = MOVE_SUBJECT.format(**names)
    return _teams_messages(authorities, subject, body, about=f"move of child {child.pk}")


def team_emails_send_on_commit(messages: list[tuple]) -> None:
    """Send `messages` (as `send_mass_mail` takes them) once the transaction commits. A mail
    outage is logged and never undoes what was committed. (A named function: Django logs a
    failed robust callback by its __qualname__.)"""

    def team_emails_send() -> None:
        send_mass_mail(messages)

    transaction.on_commit(team_emails_send, robust=True)
