"""Bulk writes for many rows at once: the demo population now, the feeds' batches later.

Rows go to the server with COPY, the fastest way into PostgreSQL, but not straight into their table:
PostgreSQL refuses `COPY FROM` into a table under row-level security, and the hidden contact-data
tables are under FORCE ROW LEVEL SECURITY for the app role. So rows are copied into a temporary
table of the same columns, and one `INSERT ... SELECT` moves them on, where every policy's WITH
CHECK applies to each row as it would to a single insert.

This writes no audit entries and bypasses `Model.save()`: callers fill derived columns themselves
(e.g. a child's matching keys from `registry.matching_keys.child_matching_keys`).
"""

from collections.abc import Iterable, Sequence

from django.db import connection, models, transaction
from django.utils import timezone
from psycopg import sql

# PostgreSQL truncates identifiers longer than this.
_IDENTIFIER_LIMIT = 63
_CREATE_STAGING = sql.SQL(
    "CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS SELECT {columns} FROM {target} WITH NO DATA"
)
_COPY_INTO_STAGING = sql.SQL("COPY {staging} ({columns}) FROM STDIN")
_DROP_STAGING = sql.SQL("DROP TABLE {staging}")


@transaction.atomic
def rows_insert(
    *,
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence],
    returning: Sequence[str] | None = None,
) -> list[tuple]:
    """Insert `rows` (values in `fields` order) into `model`'s table; return `returning` columns.

    Fields are model field names or attnames ("child" or "child_id"; a foreign key takes the id).
    Fields left out get what `Model()` would give them, once for the whole batch: their constant
    default, '' for a text field without one, and the current time for `auto_now`/`auto_now_add`
    dates; otherwise NULL. A field whose default is a callable must be given.

    The returned rows come in no promised order: return a natural key (e.g. contactpoint_id) with
    the id to map one to the other.
    """
    given = [_field(model, name) for name in fields]
    filled = _filled_fields(model, given)
    target = sql.Identifier(model._meta.db_table)
    staging = sql.Identifier(f"bulk_load_{model._meta.db_table}"[:_IDENTIFIER_LIMIT])
    columns = sql.SQL(", ").join(sql.Identifier(field.column) for field in given)
    insert = _insert_statement(
        model=model,
        target=target,
        staging=staging,
        given=given,
        filled=filled,
        returning=returning,
    )
    names = {"staging": staging, "columns": columns, "target": target}
    with connection.cursor() as cursor:
        pg_connection = cursor.connection  # psycopg's own, which renders composed SQL
        cursor.execute(_CREATE_STAGING.format(**names).as_string(pg_connection))
        with cursor.copy(_COPY_INTO_STAGING.format(**names).as_string(pg_connection)) as copy:
            for row in rows:
                copy.write_row(row)
        values = [value for _filled_field, value in filled]
        cursor.execute(insert.as_string(pg_connection), values or None)
        inserted = cursor.fetchall() if returning else []
        # Dropped now rather than at commit, so one transaction may load the same table again.
        cursor.execute(_DROP_STAGING.format(**names).as_string(pg_connection))
    return inserted


def table_has_rows(model: type[models.Model]) -> bool:
    """Whether `model`'s table holds any row the current role can see (no manager involved)."""
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("SELECT EXISTS (SELECT 1 FROM {table})")
            .format(table=sql.Identifier(model._meta.db_table))
            .as_string(cursor.connection)
        )
        return bool(cursor.fetchone()[0])


def column_values(*, model: type[models.Model], field: str) -> set:
    """Every stored value of one column, for a loader that must not clash with stored keys."""
    column = _field(model, field).column
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("SELECT DISTINCT {column} FROM {table}")
            .format(column=sql.Identifier(column), table=sql.Identifier(model._meta.db_table))
            .as_string(cursor.connection)
        )
        return {value for (value,) in cursor.fetchall()}


def _field(model: type[models.Model], name: str) -> models.Field:
    field = model._meta.get_field(name)
    if not getattr(field, "concrete", False) or field.many_to_many:
        raise ValueError(f"{model.__name__}.{name} is not a column.")
    return field


def _filled_fields(model, given: list[models.Field]) -> list[tuple[models.Field, object]]:
    """The fields the caller left out that get one value for the whole batch."""
    given_columns = {field.column for field in given}
    now = timezone.now()
    filled = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.column in given_columns:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            filled.append((field, now))
        elif field.has_default() and callable(field.default):
            raise ValueError(
                f"{model.__name__}.{field.name} has a default that differs per row: "
                "give it in fields."
            )
        elif (default := field.get_default()) is not None:
            filled.append((field, field.get_db_prep_save(default, connection)))
    return filled


def _insert_statement(*, model, target, staging, given, filled, returning) -> sql.Composed:
    columns = [field.column for field in given] + [field.column for field, _value in filled]
    selected = [sql.Identifier(field.column) for field in given] + [
        sql.SQL("CAST({value} AS {db_type})").format(
            value=sql.Placeholder(), db_type=sql.SQL(field.db_type(connection))
        )
        for field, _value in filled
    ]
    statement = sql.SQL("INSERT INTO {target} ({columns}) SELECT {selected} FROM {staging}").format(
        target=target,
        columns=sql.SQL(", ").join(map(sql.Identifier, columns)),
        selected=sql.SQL(", ").join(selected),
        staging=staging,
    )
    if returning:
        returned = sql.SQL(", ").join(
            sql.Identifier(_field(model, name).column) for name in returning
        )
        statement += sql.SQL(" RETURNING {returned}").format(returned=returned)
    return statement
