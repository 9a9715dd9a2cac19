"""Emails about unusual use, to the user's management team and to every auditor.

They name the user, the rule and the counts, never a child: email leaves the system's access
control behind, and the reviewers read what was looked at in ContactPoint itself.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.roles import Role
from audit.anomalies.rules import observation_describe
from audit.models_anomalies import Alert, Suspension
from shielding.notifications import team_email_addresses

logger = logging.getLogger(__name__)

ALERT_SUBJECT = "Unusual use of ContactPoint to review: {user}"
ALERT_BODY = """\
{user} ({role}, {organisation}) has been flagged by the rule "{rule}": {observation}. \
An alert is raised at {threshold}.

Sign in to ContactPoint and open Alerts to acknowledge it and record what you found.

This email holds no details of any child. Do not reply with any.
"""
SUSPENSION_SUBJECT = "ContactPoint user suspended until reviewed: {user}"
SUSPENSION_BODY = """\
{user} ({role}, {organisation}) has been suspended from ContactPoint: {observation}, and the \
limit is {limit}. They can use no page and no API call until the suspension is reviewed.

Sign in to ContactPoint and open Alerts to review the suspension: reinstate them, or uphold it.

This email holds no details of any child. Do not reply with any.
"""


def reviewer_email_addresses(*, user, local_authority) -> list[str]:
    """The user's management team (if they work for a local authority) and every active auditor,
    but never the user themselves."""
    addresses = set(team_email_addresses(local_authority)) if local_authority else set()
    auditors = get_user_model().objects.filter(role=Role.AUDITOR, is_active=True).exclude(email="")
    addresses |= set(auditors.values_list("email", flat=True))
    addresses.discard(user.email)
    return sorted(addresses)


def _who(user) -> dict:
    return {
        "user": user.get_full_name() or user.get_username(),
        "role": user.get_role_display(),
        "organisation": user.organisation.name if user.organisation_id else "no organisation",
    }


def _messages(subject: str, body: str, recipients: list[str], about: str) -> list[tuple]:
    if not recipients:
        logger.warning("%s: nobody to email", about)
    return [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]


def alert_notification_messages(*, alert: Alert) -> list[tuple]:
    """One message per reviewer, as `send_mass_mail` takes them."""
    who = _who(alert.user)
    body = ALERT_BODY.format(
        **who,
        rule=alert.get_rule_display(),
        observation=observation_describe(
            rule=alert.rule, count=alert.count, window_start=alert.window_start
        ),
        threshold=alert.threshold,
    )
    recipients = reviewer_email_addresses(user=alert.user, local_authority=alert.local_authority)
    return _messages(ALERT_SUBJECT.format(**who), body, recipients, f"alert {alert.pk}")


def suspension_notification_messages(*, suspension: Suspension) -> list[tuple]:
    who = _who(suspension.user)
    body = SUSPENSION_BODY.format(
        **who,
        observation=observation_describe(
            rule=suspension.rule, count=suspension.count, window_start=suspension.window_start
        ),
        limit=suspension.limit,
    )
    recipients = reviewer_email_addresses(
        user=suspension.user, local_authority=suspension.local_authority
    )
    return _messages(
        SUSPENSION_SUBJECT.format(**who), body, recipients, f"suspension {suspension.pk}"
    )
