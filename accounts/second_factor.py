"""The second factor (django-otp): a TOTP authenticator app, or a static backup code used once.

A user with any confirmed device must verify with it; only a user with none may enrol one, so a
stolen password alone can never add a device.
"""

import re
from base64 import b32encode
from dataclasses import dataclass

import segno
from django.db import transaction
from django.urls import reverse
from django_otp import user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

AUTHENTICATOR_DEVICE_NAME = "Authenticator app"
BACKUP_CODES_DEVICE_NAME = "Backup codes"
BACKUP_CODE_COUNT = 10
_AUTHENTICATOR_CODE = re.compile(r"\d{6}")


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of one code: the device that accepted it, or why none did."""

    device: Device | None = None
    too_soon: bool = False


def code_normalise(code: str) -> str:
    """Codes are typed with spaces or dashes, and backup codes in either case."""
    return re.sub(r"[\s-]", "", code).lower()


def user_needs_enrolment(*, user: User) -> bool:
    return not user_has_device(user, confirmed=True)


def second_factor_step_url(user: User) -> str:
    """Where an authenticated user proves a second factor: enrol one, or verify with theirs."""
    return reverse("accounts:enrol" if user_needs_enrolment(user=user) else "accounts:verify")


def _devices_for_code(user: User, code: str):
    """Six digits come from an authenticator app; anything else can only be a backup code. Trying
    each code on its own kind of device keeps a backup code from throttling the app, and back."""
    model = TOTPDevice if _AUTHENTICATOR_CODE.fullmatch(code) else StaticDevice
    return model.objects.devices_for_user(user, confirmed=True).select_for_update()


@transaction.atomic
def second_factor_check(*, user: User, code: str) -> CodeCheck:
    """Try a code on the user's confirmed devices. A backup code is used up when it matches."""
    code = code_normalise(code)
    devices = list(_devices_for_code(user, code))
    allowed = [device for device in devices if device.verify_is_allowed()[0]]
    if devices and not allowed:
        return CodeCheck(too_soon=True)
    for device in allowed:
        if device.verify_token(code):
            return CodeCheck(device=device)
    return CodeCheck()


@transaction.atomic
def totp_enrolment_device_get_or_create(*, user: User) -> TOTPDevice:
    """The unconfirmed device the user is enrolling: the same key on every visit until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=AUTHENTICATOR_DEVICE_NAME, confirmed=False
        )
    return device


@transaction.atomic
def totp_enrolment_confirm(*, device: TOTPDevice, code: str) -> CodeCheck:
    """Confirm the device if the code is right and the user still has no confirmed device."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if device.confirmed or not user_needs_enrolment(user=device.user):
        return CodeCheck()
    if not device.verify_is_allowed()[0]:
        return CodeCheck(too_soon=True)
    if not device.verify_token(code_normalise(code)):
        return CodeCheck()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return CodeCheck(device=device)


@transaction.atomic
def totp_device_get_or_create(*, user: User, name: str = AUTHENTICATOR_DEVICE_NAME) -> TOTPDevice:
    """The user's first confirmed TOTP device, or a new one for a key handed over some other way
    (the demo prints it)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=name, confirmed=True)


@transaction.atomic
def backup_codes_top_up(*, user: User, count: int = BACKUP_CODE_COUNT) -> list[str]:
    """Give the user `count` unused backup codes, keeping the ones they still have."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_CODES_DEVICE_NAME, defaults={"confirmed": True}
    )
    missing = count - device.token_set.count()
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=StaticToken.random_token()) for _ in range(missing)
    )
    return list(device.token_set.order_by("pk").values_list("token", flat=True))


def totp_key_for_typing(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app that cannot scan."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[start : start + 4] for start in range(0, len(key), 4))


def totp_qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// URI as an inline SVG QR code (markup built by segno, no user text)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, light="#fff", title="QR code for your authenticator app", svgclass="cp-qr-code"
    )
