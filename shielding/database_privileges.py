"""The app role's privileges, granted again after every migrate.

The web and worker processes connect as the app role: it owns no table, so it cannot alter, drop
or truncate one, and (being neither superuser nor BYPASSRLS) it is held by every row-level
security policy. It gets plain row privileges on every table, except where a table names a
narrower set in APP_ROLE_TABLE_PRIVILEGES (the append-only audit table gets SELECT, INSERT, and
UPDATE of its hash-chain columns only).
"""

import logging

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

DEFAULT_TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")

# Tables whose privileges differ from the default: table name -> privileges.
APP_ROLE_TABLE_PRIVILEGES: dict[str, tuple[str, ...]] = {
    # Append-only: the sealer may fill the hash chain's columns, and retention may clear an expired
    # event's personal details; the table's trigger allows each once per event, in that shape
    # (audit/migrations/0005_hash_chain.py, 0006_retention.py).
    "audit_accessevent": (
        "SELECT",
        "INSERT",
        "UPDATE (chain_position, content_digest, chain_hash,"
        " criteria, details, ip_address, user_agent, expired_at)",
    ),
    # The change history (django-auditlog): entries are added, never changed or removed.
    "auditlog_logentry": ("SELECT", "INSERT"),
    # Identity links are made and removed on the management path and never changed (its
    # row-level security agrees: shielding/migrations/0005_identity_link.py).
    "shielding_identitylink": ("SELECT", "INSERT", "DELETE"),
}


def grant_app_role_privileges(*, using: str = "default", **_kwargs) -> None:
    """Grant the app role exactly its privileges on every table and sequence in the public schema."""
    connection = connections[using]
    app_role = settings.DATABASE_APP_ROLE
    if connection.vendor != "postgresql" or not app_role:
        return
    if connection.get_connection_params().get("user") == app_role:
        logger.warning("migrate ran as the app role %s; no privileges were changed", app_role)
        return
    quote = connection.ops.quote_name
    role = quote(app_role)
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}",
        f"GRANT {', '.join(DEFAULT_TABLE_PRIVILEGES)} ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
    ]
    for table, privileges in APP_ROLE_TABLE_PRIVILEGES.items():
        statements.append(f"REVOKE ALL ON TABLE {quote(table)} FROM {role}")
        statements.append(f"GRANT {', '.join(privileges)} ON TABLE {quote(table)} TO {role}")
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
