"""The database's guarantees for ingest.

- A staged record's content is hidden data (it may describe a shielded or sealed child), so its
  table is under FORCE ROW LEVEL SECURITY with a policy of the same shape as the registry's
  hidden tables (shielding/migrations/0002_row_level_security.py): the matcher sees every row;
  anyone sees a row the matcher disclosed while the child it names is not shielded; the
  management team of the held-for authority, or of the child's responsible authority, sees it.
- A record's outcome is written once: a trigger refuses to change it after that, so a chunk run
  twice cannot give a record a second outcome.
"""

from django.db import migrations

CONTENT_TABLE = "ingest_stagedrecordcontent"
CONTENT_VISIBLE = """(
    current_setting('contactpoint.scope', true) = 'matching'
    OR (
        content.disclosed AND content.held_for_id IS NULL
        AND NOT EXISTS (
            SELECT FROM public.shielding_shieldingorder AS shielding_order
            WHERE shielding_order.child_id = content.child_id AND shielding_order.active
        )
    )
    OR coalesce(
        content.held_for_id,
        (SELECT child.responsible_local_authority_id FROM public.registry_child AS child
         WHERE child.id = content.child_id)
    ) = ANY (
        string_to_array(nullif(current_setting('contactpoint.cleared_authorities', true), ''), ',')
        ::bigint[]
    )
)""".replace("content.", f"{CONTENT_TABLE}.")

PROTECT_CONTENT = f"""
ALTER TABLE {CONTENT_TABLE} ENABLE ROW LEVEL SECURITY;
ALTER TABLE {CONTENT_TABLE} FORCE ROW LEVEL SECURITY;
CREATE POLICY staged_content_hidden ON {CONTENT_TABLE} FOR ALL
    USING {CONTENT_VISIBLE}
    WITH CHECK {CONTENT_VISIBLE};
"""
UNPROTECT_CONTENT = f"""
DROP POLICY staged_content_hidden ON {CONTENT_TABLE};
ALTER TABLE {CONTENT_TABLE} NO FORCE ROW LEVEL SECURITY;
ALTER TABLE {CONTENT_TABLE} DISABLE ROW LEVEL SECURITY;
"""

CREATE_OUTCOME_FINAL = """
CREATE FUNCTION ingest_outcome_final() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF OLD.outcome IS NOT NULL AND NEW.outcome IS DISTINCT FROM OLD.outcome THEN
        RAISE EXCEPTION 'staged record % already has the outcome %', OLD.id, OLD.outcome
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER ingest_outcome_final
    BEFORE UPDATE ON ingest_stagedrecord
    FOR EACH ROW EXECUTE FUNCTION ingest_outcome_final();
"""
DROP_OUTCOME_FINAL = """
DROP TRIGGER ingest_outcome_final ON ingest_stagedrecord;
DROP FUNCTION ingest_outcome_final();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0001_initial"),
        ("shielding", "0002_row_level_security"),
    ]

    operations = [
        migrations.RunSQL(PROTECT_CONTENT, reverse_sql=UNPROTECT_CONTENT),
        migrations.RunSQL(CREATE_OUTCOME_FINAL, reverse_sql=DROP_OUTCOME_FINAL),
    ]
