"""The pages where people settle feed records: the review queue (possible matches, for data-quality
staff and management teams), the held queue (records that may be about a shielded or sealed child,
for the management team they are held for), and one record's side-by-side page with its buttons.
Each view checks access, calls one selector or service, and renders.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ingest.forms import ReviewDecisionForm
from ingest.review import selectors as review_selectors
from ingest.review.access import (
    REVIEW_PURPOSE,
    QueuedRecord,
    is_data_quality_staff,
    queued_record_access,
)
from ingest.review.comparison import comparison_audited, responsible_authority_named
from ingest.review.services import SAME, ReviewResult, ReviewState, review_resolve
from registry.models import Child
from shielding.access import team_required
from shielding.clearance import cleared_local_authority_ids
from shielding.forms import service_error_add


@login_required
@require_GET
def review_queue(request):
    if not (is_data_quality_staff(request.user) or cleared_local_authority_ids(request.user)):
        raise Http404("No such page.")
    page = review_selectors.review_queue_page(
        user=request.user, page_number=request.GET.get("page")
    )
    return render(request, "ingest/review_queue.html", {"page": page})


@login_required
@require_GET
def held_queue(request):
    team_required(user=request.user)
    page = review_selectors.held_queue_page(user=request.user, page_number=request.GET.get("page"))
    return render(request, "ingest/held_queue.html", {"page": page})


@never_cache
@login_required
@require_GET
def record_detail(request, staged_record_id: int):
    queued = queued_record_access(user=request.user, staged_record_id=staged_record_id)
    return _record_page(request, queued, ReviewDecisionForm())


@never_cache
@login_required
@require_POST
def record_decide(request, staged_record_id: int):
    queued = queued_record_access(user=request.user, staged_record_id=staged_record_id)
    form = ReviewDecisionForm(request.POST)
    if form.is_valid():
        arguments = form.service_arguments()
        try:
            result = review_resolve(
                staged_record=queued.staged_record, by=request.user, **arguments
            )
        except ValidationError as error:
            service_error_add(form, error)
        else:
            messages.success(request, _result_message(request, result, arguments["decision"]))
            return redirect("ingest:held-queue" if queued.is_held else "ingest:review-queue")
    return _record_page(request, queued, form)


def _record_page(request, queued: QueuedRecord, form: ReviewDecisionForm):
    comparison = comparison_audited(user=request.user, queued=queued)
    context = {
        "queued": queued,
        "comparison": comparison,
        "form": form,
        "authority_named": responsible_authority_named(queued=queued),
    }
    return render(request, "ingest/record.html", context)


def _result_message(request, result: ReviewResult, decision: str) -> str:
    """What the person is told. A child is named only when it was theirs to choose or make: a
    record decided again may have gone to a child (or a team) they may not know about."""
    if result.state == ReviewState.SAME_CHILD and decision == SAME:
        return "The record is applied to the child you chose."
    if result.state == ReviewState.CREATED:
        child = Child.objects.visible_to(request.user, purpose=REVIEW_PURPOSE).get(
            pk=result.child_id
        )
        return f"A new record is in the index: ContactPoint ID {child.display_id}."
    if result.state == ReviewState.IN_REVIEW:
        return "Your decision is recorded. The record waits in the review queue again."
    return "Your decision is recorded. The record has left this queue."
