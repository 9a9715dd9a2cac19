"""Steps of the sign-in flow, shared by the accounts tests."""

from django.urls import reverse

from tests.factories import TEST_PASSWORD

SIGN_IN = "/accounts/sign-in/"
VERIFY = "/accounts/verify/"
ENROL = "/accounts/enrol/"


def password_submit(client, username: str, password: str = TEST_PASSWORD, *, next_url="", **extra):
    form = {"username": username, "password": password, "next": next_url}
    return client.post(SIGN_IN, form, **extra)


def code_submit(client, code: str, page: str = VERIFY, *, next_url="", **extra):
    return client.post(page, {"code": code, "next": next_url}, **extra)


def is_signed_in(client) -> bool:
    """The home page is served (or passes the user on) without sending them back to sign in."""
    response = client.get(reverse("home"))
    location = response.headers.get("Location", "")
    return response.status_code in (200, 302) and not location.startswith("/accounts/")
