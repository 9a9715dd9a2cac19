"""The management team's pages for new identities: the form that seals a record and makes its new
identity, and the team's list of its sealed records.

After the new identity is made, the team lands on its own shielding page, told the new ContactPoint
ID and nothing of the old record. It is not taken to the new record: opening it there and then
would write a record view of the new identity moments after the sealing of the old, by the same
person, and the audit trail would set the two side by side.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from portal.navigation import purpose_from
from shielding import access, forms
from shielding.new_identity import new_identity_make
from shielding.new_identity_selectors import sealed_children_for_team, sealed_records_describe

SEALED_PER_PAGE = 50
DATE_BOXES = [
    f"{prefix}_{part}"
    for prefix in (forms.DATE_OF_BIRTH_PREFIX, forms.REVIEW_DATE_PREFIX)
    for part in ("day", "month", "year")
]


@login_required
@require_http_methods(["GET", "POST"])
def new_identity(request, contactpoint_id: str):
    """A warning, the new identity and its shield, and a confirmation; then the sealing."""
    purpose = purpose_from(request)
    if purpose is None:
        return redirect("portal:child", contactpoint_id=contactpoint_id)
    child = access.child_to_shield_access(
        user=request.user, purpose=purpose, contactpoint_id=contactpoint_id
    )
    initial = {
        "gender": child.gender,
        "responsible_local_authority": child.responsible_local_authority,
    }
    form = forms.NewIdentityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            new_child = new_identity_make(child=child, by=request.user, **form.service_arguments())
        except ValidationError as error:
            forms.service_error_add(form, error)
        else:
            messages.success(
                request,
                f"The new record is made: ContactPoint ID {new_child.display_id}. The old record "
                "is sealed, and only your team's list of sealed records shows it.",
            )
            return redirect("shielding:home")
    context = {"form": form, "child": child, "purpose": purpose, "dates": _date_boxes(form, child)}
    return render(request, "shielding/new_identity_form.html", context)


def _date_boxes(form, child) -> dict:
    """What the date inputs show: what was typed, or at first the old record's date of birth."""
    if form.is_bound:
        return {name: form.data.get(name, "") for name in DATE_BOXES}
    born = child.date_of_birth
    return {"dob_day": born.day, "dob_month": born.month, "dob_year": born.year}


@login_required
@require_GET
def sealed_list(request):
    """The team's sealed records, each with its old identity alone."""
    access.team_required(user=request.user)
    page = Paginator(sealed_children_for_team(user=request.user), SEALED_PER_PAGE).get_page(
        request.GET.get("page")
    )
    records = sealed_records_describe(list(page.object_list))
    return render(request, "shielding/sealed_list.html", {"page": page, "records": records})
