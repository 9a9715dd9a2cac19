"""The database's half of shielding: the per-transaction settings that the row-level security
policies of the hidden tables read (shielding/migrations/0002_row_level_security.py).

The scope lives in context variables: whose clearance applies (looked up from the reading user
when a query first needs it, so a user authenticated late, as by an API token, still counts), and
which code path runs (one child's emergency override, the feed matcher, the management team ending
a shield). An execute wrapper on every connection copies the scope into the transaction with
`set_config(..., true)` before a query runs inside an atomic block: once per transaction, and again
whenever the scope changes. Nothing is ever set per session: the settings end with the transaction,
so a pooled connection cannot carry one request's rights into the next. A query outside any
transaction (autocommit) runs with no settings, and sees only the rows of unshielded children.

A Celery task starts with the empty scope and sets its own; to read hidden rows, its body must run
inside `transaction.atomic()`.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass, replace

from psycopg.pq import TransactionStatus

from shielding.clearance import cleared_local_authority_ids


@dataclass(frozen=True)
class DatabaseScope:
    """What the policies are told. The empty scope sees only the rows of unshielded children."""

    cleared_authority_ids: frozenset[int] = frozenset()
    override_child_id: int | None = None
    matching: bool = False
    shield_management: bool = False

    def settings_values(self) -> tuple[str, str, str, str]:
        """The values of SET_SCOPE_SQL's settings, in its order ('' for "none")."""
        return (
            ",".join(str(authority_id) for authority_id in sorted(self.cleared_authority_ids)),
            "" if self.override_child_id is None else str(self.override_child_id),
            "matching" if self.matching else "",
            "on" if self.shield_management else "",
        )


NO_SCOPE = DatabaseScope()
SET_SCOPE_SQL = (
    "SELECT set_config('contactpoint.cleared_authorities', %s, true),"
    " set_config('contactpoint.override_child', %s, true),"
    " set_config('contactpoint.scope', %s, true),"
    " set_config('contactpoint.shield_management', %s, true)"
)

_scope: ContextVar[DatabaseScope] = ContextVar("shielding_database_scope", default=NO_SCOPE)
# Returns the user whose clearance is added to the scope; called when a query needs it.
_reader: ContextVar[Callable[[], object] | None] = ContextVar(
    "shielding_database_reader", default=None
)
# True while the reader's clearance is looked up: those queries run with the scope as it stands.
_resolving: ContextVar[bool] = ContextVar("shielding_database_scope_resolving", default=False)


def database_scope_current() -> DatabaseScope:
    """The scope the next query in a transaction runs under, with the reader's clearance."""
    scope = _scope.get()
    reader = _reader.get()
    if reader is None:
        return scope
    resolving = _resolving.set(True)
    try:
        cleared = cleared_local_authority_ids(reader())
    finally:
        _resolving.reset(resolving)
    if not cleared:
        return scope
    return replace(scope, cleared_authority_ids=scope.cleared_authority_ids | cleared)


@contextmanager
def _scope_changed(scope: DatabaseScope, reader: Callable[[], object] | None) -> Iterator[None]:
    scope_token, reader_token = _scope.set(scope), _reader.set(reader)
    try:
        yield
    finally:
        _reader.reset(reader_token)
        _scope.reset(scope_token)


@contextmanager
def request_scope(request) -> Iterator[None]:
    """A request's scope: its user's clearance, read from `request.user` when first needed."""
    with _scope_changed(NO_SCOPE, lambda: request.user):
        yield


@contextmanager
def user_scope(user) -> Iterator[None]:
    """The scope of one user's clearance, for work done for them outside a request."""
    with _scope_changed(NO_SCOPE, lambda: user):
        yield


@contextmanager
def override_scope(child_id: int) -> Iterator[None]:
    """One child's hidden rows, for the page an emergency override was recorded for."""
    with _scope_changed(replace(_scope.get(), override_child_id=child_id), _reader.get()):
        yield


@contextmanager
def matching_scope() -> Iterator[None]:
    """Every child's hidden rows, for the feed matcher, which shows them to nobody."""
    with _scope_changed(replace(_scope.get(), matching=True), _reader.get()):
        yield


@contextmanager
def shield_management_scope() -> Iterator[None]:
    """The management path: the one allowed to end an active shielding order (the order table's
    trigger checks), and to read and write identity links (shielding.new_identity)."""
    with _scope_changed(replace(_scope.get(), shield_management=True), _reader.get()):
        yield


class TransactionScopeWrapper:
    """An execute wrapper of one connection: brings the transaction's settings up to date.

    `applied` is what this transaction was last told; None when that is not known, after a
    rollback to a savepoint put back whatever was set before it (possibly a wider scope).
    """

    def __init__(self) -> None:
        self.applied: DatabaseScope | None = NO_SCOPE

    def __call__(self, execute, sql, params, many, context):
        connection = context["connection"]
        if connection.in_atomic_block and not _resolving.get():
            self._bring_up_to_date(connection.connection)
        try:
            return execute(sql, params, many, context)
        finally:
            if isinstance(sql, str) and sql.lstrip()[:8].upper() == "ROLLBACK":
                self.applied = None

    def _bring_up_to_date(self, pg_connection) -> None:
        status = pg_connection.info.transaction_status
        if status == TransactionStatus.IDLE:
            self.applied = NO_SCOPE  # This query begins a transaction: nothing is set in it yet.
        elif status != TransactionStatus.INTRANS:
            return  # A failed transaction: the query itself reports the failure.
        wanted = database_scope_current()
        if wanted != self.applied:
            with pg_connection.cursor() as cursor:
                cursor.execute(SET_SCOPE_SQL, wanted.settings_values())
            self.applied = wanted


def transaction_scope_install(*, connection, **_kwargs) -> None:
    """`connection_created` receiver: give each PostgreSQL connection its scope wrapper, once."""
    if connection.vendor != "postgresql":
        return
    if not any(isinstance(w, TransactionScopeWrapper) for w in connection.execute_wrappers):
        connection.execute_wrappers.append(TransactionScopeWrapper())


_task_tokens: dict[str, tuple[Token, Token]] = {}


def task_scope_begin(*, task_id: str, **_kwargs) -> None:
    """`task_prerun` receiver: every task starts with the empty scope and sets its own."""
    _task_tokens[task_id] = (_scope.set(NO_SCOPE), _reader.set(None))


def task_scope_end(*, task_id: str, **_kwargs) -> None:
    """`task_postrun` receiver: put back the scope the task started in (empty, in a worker)."""
    tokens = _task_tokens.pop(task_id, None)
    if tokens is None:
        _scope.set(NO_SCOPE)
        _reader.set(None)
        return
    scope_token, reader_token = tokens
    _reader.reset(reader_token)
    _scope.reset(scope_token)
