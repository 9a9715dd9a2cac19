"""The database enforces shielding too: row-level security on the hidden tables, and a trigger that
keeps an active shielding order from being ended anywhere but on the management path.

Every hidden table gets the same policy, for reads and writes alike, from one template. A row is
visible when its child has no active order; or the transaction is the feed matcher's; or it
carries an emergency override of that child; or the child's responsible authority is among the
transaction's cleared authorities. The settings are per transaction (shielding.database_scope);
a missing or empty one grants nothing. It is the same rule as shielding.visibility, which the code
applies first.

The rule is written into each policy rather than called as a SQL function: a function holding
subqueries cannot be inlined, and calling it for every row made a scan of a table some thirty
times slower. Inline, the planner probes the active-order index for a few rows and hashes the
active orders once for many; the responsible authority is looked up only for a shielded child's
rows, which are few.

FORCE ROW LEVEL SECURITY binds the tables' owner as well: a later data migration that touches a
shielded child's hidden rows must set a scope in its own transaction, as the app does.
"""

from django.db import migrations

HIDDEN_TABLES = (
    "registry_address",
    "registry_carer",
    "registry_settingenrolment",
    "registry_gpregistration",
    "registry_serviceinvolvement",
    "registry_externalidentifier",
)
POLICY = "shielded_contact_data"

# The arms of the OR are evaluated in order: the common answer (no active order) comes first.
CONTACT_VISIBLE = """(
    NOT EXISTS (
        SELECT FROM public.shielding_shieldingorder AS shielding_order
        WHERE shielding_order.child_id = {table}.child_id AND shielding_order.active
    )
    OR current_setting('contactpoint.scope', true) = 'matching'
    OR {table}.child_id = nullif(current_setting('contactpoint.override_child', true), '')::bigint
    OR (
        SELECT child.responsible_local_authority_id
        FROM public.registry_child AS child
        WHERE child.id = {table}.child_id
    ) = ANY (
        string_to_array(nullif(current_setting('contactpoint.cleared_authorities', true), ''), ',')
        ::bigint[]
    )
)"""

PROTECT_TABLE = """
ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
CREATE POLICY {policy} ON {table} FOR ALL
    USING {visible}
    WITH CHECK {visible};
"""
UNPROTECT_TABLE = """
DROP POLICY {policy} ON {table};
ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY;
ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;
"""

CREATE_ORDER_GUARD = """
CREATE FUNCTION shielding_order_guard() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    management boolean :=
        coalesce(current_setting('contactpoint.shield_management', true), '') = 'on';
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.active AND NOT management THEN
            RAISE EXCEPTION 'shielding order % is active: it cannot be deleted', OLD.id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.active AND NOT management
        AND (NOT NEW.active OR NEW.child_id <> OLD.child_id)
    THEN
        RAISE EXCEPTION 'shielding order % is active: only its management team may end it', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER shielding_order_guard
    BEFORE UPDATE OR DELETE ON shielding_shieldingorder
    FOR EACH ROW EXECUTE FUNCTION shielding_order_guard();
"""
DROP_ORDER_GUARD = """
DROP TRIGGER shielding_order_guard ON shielding_shieldingorder;
DROP FUNCTION shielding_order_guard();
"""


def _each_table(template: str) -> str:
    return "".join(
        template.format(table=table, policy=POLICY, visible=CONTACT_VISIBLE.format(table=table))
        for table in HIDDEN_TABLES
    )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_alter_localauthority_options"),
        ("shielding", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(_each_table(PROTECT_TABLE), reverse_sql=_each_table(UNPROTECT_TABLE)),
        migrations.RunSQL(CREATE_ORDER_GUARD, reverse_sql=DROP_ORDER_GUARD),
    ]
