"""The shielding part of a child's record page, which depends on who is reading it:

- a reader the child is shielded from gets the form to ask the management team to broker contact,
  and a child-protection practitioner also the emergency override;
- the responsible authority's management team gets the order and "Unshield", or "Shield this child";
- everyone else gets nothing, so the page never tells them whether a child could be shielded.
"""

from django import template
from django.utils import timezone

from accounts.roles import Role
from shielding.clearance import may_manage_shielding
from shielding.forms import ContactRequestForm
from shielding.selectors import shielding_order_active_for_team

register = template.Library()


@register.inclusion_tag("shielding/includes/record_panel.html", takes_context=True)
def shielding_panel(context, record, purpose):
    user = context["user"]
    child = record.child
    panel = {
        "record": record,
        "child": child,
        "purpose": purpose,
        "csrf_token": context.get("csrf_token"),
    }
    if record.redaction is not None:
        panel["form"] = ContactRequestForm()
        panel["may_override"] = user.role == Role.CHILD_PROTECTION
    elif context.get("override") is None and may_manage_shielding(
        user=user, local_authority=child.responsible_local_authority
    ):
        panel["manages"] = True
        panel["order"] = shielding_order_active_for_team(user=user, child=child)
        panel["today"] = timezone.localdate()
    return panel
