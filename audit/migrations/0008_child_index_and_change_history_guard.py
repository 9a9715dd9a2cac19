"""An index for reading the trail by child, and the append-only guard on the change history.

The index is built concurrently: the trail is written by every read, and a plain CREATE INDEX
would hold those writes (and so the reads) for as long as it takes. The change history
(django-auditlog's LogEntry) gets the same trigger as the access events: no UPDATE or DELETE from
any role, on top of the app role's SELECT and INSERT privileges.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations

GUARD_CHANGE_HISTORY = """
CREATE TRIGGER change_history_append_only
    BEFORE UPDATE OR DELETE ON auditlog_logentry
    FOR EACH ROW EXECUTE FUNCTION audit_append_only_entry();
"""
DROP_GUARD_CHANGE_HISTORY = """
DROP TRIGGER change_history_append_only ON auditlog_logentry;
DROP FUNCTION audit_append_only_entry();
"""
ENTRY_GUARD_FUNCTION = """
CREATE FUNCTION audit_append_only_entry() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'the change history is append-only: % refused on entry %', TG_OP, OLD.id
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("audit", "0007_alerts_and_suspensions"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="accessevent",
            index=GinIndex(fields=["child_ids"], name="access_event_children"),
        ),
        migrations.RunSQL(
            ENTRY_GUARD_FUNCTION + GUARD_CHANGE_HISTORY, reverse_sql=DROP_GUARD_CHANGE_HISTORY
        ),
    ]
