"""The pages where a management team (about its own users) and auditors (about everyone) see alerts
and suspensions, acknowledge and review alerts, and reinstate a user or uphold a suspension.

They show who was flagged, by which rule and how much, never which children: the reviewer follows
that up in the audit trail, whose reports record that they looked.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.anomalies import access, selectors, services
from audit.anomalies.forms import AlertReviewForm, SuspensionReviewForm
from audit.anomalies.rules import observation_describe
from audit.models_anomalies import Alert, Suspension
from shielding.forms import service_error_add

ALERTS_PER_PAGE = 50


def observation(item: Alert | Suspension) -> str:
    return observation_describe(rule=item.rule, count=item.count, window_start=item.window_start)


@never_cache
@login_required
@require_GET
def alert_list(request):
    scope = access.reviewer_required(user=request.user)
    alerts = Paginator(selectors.alerts_for_reviewer(scope=scope), ALERTS_PER_PAGE)
    page = alerts.get_page(request.GET.get("page"))
    context = {
        "alerts": page,
        "alert_rows": [(alert, observation(alert)) for alert in page],
        "suspensions": [
            (suspension, observation(suspension))
            for suspension in selectors.suspensions_in_force(scope=scope)
        ],
        "every_authority": scope.every_authority,
    }
    return render(request, "audit/alerts/alert_list.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def alert_detail(request, alert_id: int):
    """An alert, with the form that records its review."""
    alert = access.alert_access(user=request.user, alert_id=alert_id)
    form = AlertReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.alert_review(alert=alert, by=request.user, notes=form.cleaned_data["notes"])
        except ValidationError as error:
            service_error_add(form, error)
        else:
            messages.success(request, "The review of the alert is recorded.")
            return redirect("audit:alerts:list")
    scope = access.reviewer_required(user=request.user)
    others = selectors.alerts_of_user(scope=scope, user_id=alert.user_id).exclude(pk=alert.pk)
    context = {
        "alert": alert,
        "observation": observation(alert),
        "form": form,
        "other_alerts": [(other, observation(other)) for other in others[:20]],
    }
    return render(request, "audit/alerts/alert_detail.html", context)


@login_required
@require_POST
def alert_acknowledge(request, alert_id: int):
    alert = access.alert_access(user=request.user, alert_id=alert_id)
    try:
        services.alert_acknowledge(alert=alert, by=request.user)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, "The alert is acknowledged.")
    return redirect("audit:alerts:alert", alert_id=alert.pk)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def suspension_detail(request, suspension_id: int):
    """A suspension, with the form that reinstates the user or upholds it."""
    suspension = access.suspension_access(user=request.user, suspension_id=suspension_id)
    form = SuspensionReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.suspension_review(suspension=suspension, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            service_error_add(form, error)
        else:
            messages.success(request, _review_message(form.cleaned_data["outcome"], suspension))
            return redirect("audit:alerts:list")
    context = {"suspension": suspension, "observation": observation(suspension), "form": form}
    return render(request, "audit/alerts/suspension_detail.html", context)


def _review_message(outcome: str, suspension: Suspension) -> str:
    name = suspension.user.get_full_name() or suspension.user.get_username()
    if outcome == Suspension.Status.REINSTATED:
        return f"{name} is reinstated and may use ContactPoint again."
    return f"The suspension of {name} is upheld."
