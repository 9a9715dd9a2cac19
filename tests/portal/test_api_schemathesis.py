"""Schemathesis, run against the live API from its own OpenAPI schema, finds no server error."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def test_the_api_answers_generated_requests_without_a_server_error(live_server, settings, tmp_path):
    # Generous limits: this test is about server errors, not throttling.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": dict.fromkeys(
            settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "100000/minute"
        ),
    }
    cache.clear()
    token = Token.objects.create(user=UserFactory()).key
    result = subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            f"{live_server.url}/api/schema/",
            "--checks",
            "not_a_server_error",
            "--header",
            f"Authorization: Token {token}",
            "--max-examples",
            "30",
            "--seed",
            "2009",
            "--request-timeout",
            "20",
            "--generation-codec",
            "utf-8",
            "--generation-database",
            "none",
        ],
        cwd=tmp_path,  # Schemathesis keeps a report cache in its working directory
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
