"""The checks CI relies on: migrations in step, a clean deploy check, lint, and the chokepoint rule."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

PROJECT = Path(__file__).resolve().parents[2]
BYPASS = re.compile(r"\.unscoped_objects\b|\.objects\.raw\(|connection\.cursor\(")
BYPASS_ALLOWED_IN = {"shielding", "ingest", "audit"}
NOT_APP_CODE = {".venv", ".data", "tests", "bench", "migrations", "__pycache__"}


def env_example() -> dict[str, str]:
    values = {}
    for line in (PROJECT / ".env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_deploy_check_is_clean_under_production_settings():
    env = {
        "PATH": os.environ["PATH"],
        **env_example(),
        "DJANGO_SETTINGS_MODULE": "contactpoint.settings.production",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_ruff_finds_nothing():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."], cwd=PROJECT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_only_shielding_ingest_and_audit_read_around_the_chokepoint():
    offenders = []
    for path in PROJECT.rglob("*.py"):
        relative = path.relative_to(PROJECT)
        if NOT_APP_CODE & set(relative.parts) or relative.parts[0] in BYPASS_ALLOWED_IN:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if BYPASS.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
