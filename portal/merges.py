"""The merge pages, for data-quality staff and management teams: the merges they may see, two
records picked by ContactPoint ID and compared side by side, the merge itself, and its undoing
while the window is open. Each view checks access, calls one read or service, and renders.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.merge_forms import MergeConfirmForm, MergePairForm, UnmergeForm
from portal.merge_reads import merge_comparison_audited
from registry.models import Child
from registry.shielding_policy import shielding_policy
from shielding.forms import service_error_add
from shielding.merges import (
    child_merge,
    child_merge_access,
    child_unmerge,
    may_merge,
    may_use_merges,
    merges_for_user,
)

MERGES_PER_PAGE = 50
NO_OPEN_RECORD = "No open record has one of these ContactPoint IDs: check both"


def merges_page_required(user) -> None:
    if not may_use_merges(user):
        raise Http404("No such page.")


@login_required
@require_GET
def merge_list(request):
    merges_page_required(request.user)
    merges = Paginator(merges_for_user(user=request.user), MERGES_PER_PAGE)
    context = {
        "page": merges.get_page(request.GET.get("page")),
        "unmerge_days": settings.REGISTRY_UNMERGE_DAYS,
    }
    return render(request, "portal/merges/list.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def merge_new(request):
    """GET with no IDs: pick two records. GET with two IDs: compare them, and ask why. POST:
    merge them."""
    merges_page_required(request.user)
    if request.method == "POST":
        form = MergeConfirmForm(request.POST)
        return _merge_confirm(request, form, pair=MergePairForm(request.POST))
    pair = MergePairForm(request.GET if request.GET else None)
    if not pair.is_valid():
        return render(request, "portal/merges/pick.html", {"form": pair})
    return _merge_confirm(request, MergeConfirmForm(initial=pair.cleaned_data), pair=pair)


def _merge_confirm(request, form: MergeConfirmForm, *, pair: MergePairForm):
    if not pair.is_valid():
        return render(request, "portal/merges/pick.html", {"form": pair})
    ids = pair.cleaned_data
    try:
        comparison = merge_comparison_audited(
            user=request.user, survivor_id=ids["survivor"], merged_id=ids["merged"]
        )
    except Child.DoesNotExist:
        pair.add_error(None, NO_OPEN_RECORD)
        return render(request, "portal/merges/pick.html", {"form": pair})
    survivor, merged = comparison.survivor.child, comparison.merged.child
    if not may_merge(user=request.user, survivor=survivor, merged=merged):
        pair.add_error(None, "Only data-quality staff may merge records of two local authorities")
        return render(request, "portal/merges/pick.html", {"form": pair})
    if request.method == "POST" and form.is_valid():
        try:
            merge = child_merge(
                survivor=survivor,
                merged=merged,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, PermissionDenied) as error:
            service_error_add(form, _as_validation_error(error))
        else:
            messages.success(request, f"{merged.display_id} is merged into {survivor.display_id}.")
            return redirect("portal:merge", merge_id=merge.pk)
    context = {"form": form, "comparison": comparison, "ids": ids}
    return render(request, "portal/merges/confirm.html", context)


@login_required
@require_GET
def merge_detail(request, merge_id: int):
    merge = child_merge_access(user=request.user, merge_id=merge_id)
    context = {
        "merge": merge,
        "may_undo": merge.is_undoable
        and may_merge(user=request.user, survivor=merge.survivor, merged=merge.merged),
        "reasons_shown": _reasons_shown(request.user, merge),
    }
    return render(request, "portal/merges/detail.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def merge_undo(request, merge_id: int):
    merge = child_merge_access(user=request.user, merge_id=merge_id)
    if not may_merge(user=request.user, survivor=merge.survivor, merged=merge.merged):
        raise Http404("No such page.")
    if not merge.is_undoable:
        messages.info(request, "This merge can no longer be undone.")
        return redirect("portal:merge", merge_id=merge.pk)
    form = UnmergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            child_unmerge(merge=merge, by=request.user, reason=form.cleaned_data["undo_reason"])
        except ValidationError as error:
            service_error_add(form, error)
        else:
            messages.success(request, "The merge is undone: they are two records again.")
            return redirect("portal:merge", merge_id=merge.pk)
    return render(request, "portal/merges/undo.html", {"form": form, "merge": merge})


def _reasons_shown(user, merge) -> bool:
    """The reasons people typed may say where a child lives: they are shown only to a reader
    from whom neither record's contact data is hidden."""
    policy = shielding_policy()
    return all(
        policy.child_redaction(user=user, child=child) is None
        for child in (merge.survivor, merge.merged)
    )


def _as_validation_error(error: Exception) -> ValidationError:
    if isinstance(error, ValidationError):
        return error
    return ValidationError(str(error))
