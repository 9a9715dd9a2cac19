"""Secrets for the embedded set-up, made once and kept in .data/secrets.json (mode 0600)."""

import json
import secrets

from contactpoint.embedded.paths import data_dir

_NAMES = (
    "django_secret_key",
    "postgres_superuser",
    "postgres_owner",
    "postgres_app",
    "redis",
    "demo_password",
)


def local_secrets() -> dict[str, str]:
    path = data_dir() / "secrets.json"
    known = json.loads(path.read_text()) if path.exists() else {}
    missing = [name for name in _NAMES if name not in known]
    if missing:
        known.update({name: _new_secret(name) for name in missing})
        path.touch(mode=0o600)
        path.write_text(json.dumps(known, indent=2))
    return known


def _new_secret(name: str) -> str:
    if name == "demo_password":
        # Typed by people: short, and free of characters that are easy to confuse.
        return "demo-" + "".join(
            secrets.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(10)
        )
    return secrets.token_hex(24)
