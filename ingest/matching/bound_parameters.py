"""A Django cursor whose parameters the PostgreSQL server binds, for statements with big arrays.

Django's psycopg backend binds parameters on the client: a chunk's thousand-element arrays are
rendered into the statement's text, which takes longer than running it. This cursor sends them
as parameters instead. It is wrapped like any Django cursor, so the connection's execute wrappers
(shielding.database_scope's, which sets the transaction's row-level security scope) run before
its statements do, and query logging and counting see them.
"""

from django.db import connection
from django.db.backends.postgresql.base import ServerBindingCursor


class _UnpreparedServerBindingCursor(ServerBindingCursor):
    """Never a prepared statement: each chunk is planned with its own arrays (a generic plan
    would not know how many keys a chunk holds)."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=False, binary=binary)


def server_bound_cursor():
    """A cursor of the default connection, for `with server_bound_cursor() as cursor:`."""
    connection.validate_thread_sharing()
    connection.ensure_connection()
    raw = _UnpreparedServerBindingCursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(raw)
    return connection.make_cursor(raw)
