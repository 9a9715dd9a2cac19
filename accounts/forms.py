"""Sign-in forms. Their messages follow the GOV.UK Design System's error message style."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Username and password. The message never says which of the two was wrong."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class CodeForm(forms.Form):
    """A six-digit code from an authenticator app or, on the verify page, a backup code."""

    code = forms.CharField(
        max_length=32,
        error_messages={"required": "Enter the code from your authenticator app"},
    )
