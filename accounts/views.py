"""Sign-in in two steps: a password, then a code from a second factor (or, the first time, enrolment).

After the password the user is signed in but not verified; accounts.middleware lets such a user
reach only these pages until a second factor marks the session verified.
"""

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME, login, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from accounts import lockout
from accounts.forms import CodeForm, SignInForm
from accounts.second_factor import (
    second_factor_check,
    second_factor_step_url,
    totp_enrolment_confirm,
    totp_enrolment_device_get_or_create,
    totp_key_for_typing,
    totp_qr_code_svg,
)
from accounts.signals import password_verified, second_factor_verified

WRONG_CODE = "Enter a correct code from your authenticator app, or one of your backup codes"
WRONG_ENROLMENT_CODE = "Enter the 6-digit code your authenticator app shows for ContactPoint"
TOO_SOON = "Wait a few seconds, then enter the newest code from your authenticator app"


def _requested_next(request: HttpRequest) -> str:
    """The page to return to after signing in, if it is on this site; otherwise empty."""
    candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    safe = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if safe else ""


def _next_url(request: HttpRequest) -> str:
    return _requested_next(request) or resolve_url(settings.LOGIN_REDIRECT_URL)


def _away_from_wrong_step(request: HttpRequest, step: str) -> HttpResponse | None:
    """Send the user where they belong if this second-factor page is not theirs now."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(_next_url(request))
    if user.is_verified():
        return redirect(_next_url(request))
    step_url = second_factor_step_url(user)
    if step_url != reverse(step):
        return redirect_to_login(_next_url(request), step_url)
    return None


def _verified(request: HttpRequest, device) -> HttpResponse:
    """Mark the session verified under a new key, and forget earlier failures."""
    otp_login(request, device)
    request.session.cycle_key()
    lockout.failures_clear(request=request, user=request.user)
    second_factor_verified.send(
        sender=device.__class__, request=request, user=request.user, device=device
    )
    return redirect(_next_url(request))


def _locked_out(request: HttpRequest, user) -> HttpResponse:
    logout(request)
    return lockout.lockout_response(request=request, user=user)


def _render(request: HttpRequest, template: str, form, **context) -> HttpResponse:
    context = {"form": form, "next": _requested_next(request), **context}
    return render(request, template, context)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(_next_url(request))
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        user = form.get_user()
        login(request, user)
        password_verified.send(sender=user.__class__, request=request, user=user)
        return redirect_to_login(_next_url(request), second_factor_step_url(user))
    return _render(request, "accounts/sign_in.html", form)


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    if response := _away_from_wrong_step(request, "accounts:verify"):
        return response
    user = request.user
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and lockout.is_locked_out(request=request, user=user):
        return _locked_out(request, user)
    if form.is_bound and form.is_valid():
        check = second_factor_check(user=user, code=form.cleaned_data["code"])
        if check.device is not None:
            return _verified(request, check.device)
        if not check.too_soon and lockout.second_factor_failure_record(request=request, user=user):
            return _locked_out(request, user)
        form.add_error("code", TOO_SOON if check.too_soon else WRONG_CODE)
    return _render(request, "accounts/verify.html", form)


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def enrol(request: HttpRequest) -> HttpResponse:
    if response := _away_from_wrong_step(request, "accounts:enrol"):
        return response
    device = totp_enrolment_device_get_or_create(user=request.user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        check = totp_enrolment_confirm(device=device, code=form.cleaned_data["code"])
        if check.device is not None:
            return _verified(request, check.device)
        form.add_error("code", TOO_SOON if check.too_soon else WRONG_ENROLMENT_CODE)
    # The SVG is segno's markup for a QR code of the device's otpauth:// URI: no text from a user.
    qr_code_svg = mark_safe(totp_qr_code_svg(device))  # noqa: S308
    key = totp_key_for_typing(device)
    return _render(request, "accounts/enrol.html", form, qr_code_svg=qr_code_svg, key=key)
