"""What the portal's pages and the shielding pages share: the purpose a page was opened for, the
link back to a record, and the child a URL names (a 404 when the reader may not see it)."""

from django.http import Http404
from django.urls import reverse

from portal.forms import PurposeForm
from registry.models import Child
from registry.records import child_access


def purpose_from(request) -> str | None:
    """The purpose in the query string, if it is one a practitioner may state."""
    form = PurposeForm(request.GET)
    return form.cleaned_data["purpose"] if form.is_valid() else None


def record_url(contactpoint_id: str, purpose: str) -> str:
    return f"{reverse('portal:child', args=[contactpoint_id])}?purpose={purpose}"


def visible_child(request, purpose: str, contactpoint_id: str) -> Child:
    try:
        return child_access(user=request.user, purpose=purpose, contactpoint_id=contactpoint_id)
    except Child.DoesNotExist:
        raise Http404("No child with this ContactPoint ID.") from None
