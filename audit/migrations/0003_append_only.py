"""The audit trail is append-only for every role, the owner included.

The app role has only SELECT and INSERT on the table (shielding.database_privileges); this
trigger refuses an UPDATE or a DELETE from anyone, so that not even a migration or a console
session as the owner can rewrite or remove a read. (TRUNCATE is the owner's alone, and is what
the test suite's flush uses between tests.)
"""

from django.db import migrations

CREATE_GUARD = """
CREATE FUNCTION audit_append_only() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: % refused on event %', TG_OP, OLD.id
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_append_only
    BEFORE UPDATE OR DELETE ON audit_accessevent
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
"""
DROP_GUARD = """
DROP TRIGGER audit_append_only ON audit_accessevent;
DROP FUNCTION audit_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_access_event_request_id")]

    operations = [migrations.RunSQL(CREATE_GUARD, reverse_sql=DROP_GUARD)]
