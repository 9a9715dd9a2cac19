"""The hash chain's columns, and the trigger that guards them.

At insert the database stamps each event with its transaction's ID and clears the chain columns,
so neither can be forged. An UPDATE is allowed only to seal an unsealed event: it may fill
chain_position, content_digest and chain_hash, once, and change nothing else. A DELETE is still
refused from every role.
"""

from django.conf import settings
from django.db import migrations, models

REPLACE_GUARD = """
CREATE FUNCTION audit_event_stamp() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.transaction_id := pg_current_xact_id()::text::bigint;
    NEW.chain_position := NULL;
    NEW.content_digest := '';
    NEW.chain_hash := '';
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_event_stamp
    BEFORE INSERT ON audit_accessevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_stamp();

CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    chain_columns text[] := ARRAY['chain_position', 'content_digest', 'chain_hash'];
BEGIN
    IF TG_OP = 'UPDATE'
        AND OLD.chain_position IS NULL
        AND NEW.chain_position IS NOT NULL
        AND NEW.content_digest <> ''
        AND NEW.chain_hash <> ''
        AND (to_jsonb(NEW) - chain_columns) = (to_jsonb(OLD) - chain_columns)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: % refused on event %', TG_OP, OLD.id
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""
RESTORE_GUARD = """
DROP TRIGGER audit_event_stamp ON audit_accessevent;
DROP FUNCTION audit_event_stamp();
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: % refused on event %', TG_OP, OLD.id
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_data_quality_role"),
        ("audit", "0004_event_kinds"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="accessevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("search", "Search"),
                    ("record_view", "Record viewed"),
                    ("sign_in", "Signed in with a password"),
                    ("sign_in_failed", "Sign-in failed"),
                    ("second_factor_verified", "Second factor verified"),
                    ("second_factor_failed", "Second factor failed"),
                    ("sign_out", "Signed out"),
                    ("shield_created", "Child shielded"),
                    ("shield_ended", "Shield ended"),
                    ("override", "Emergency override"),
                    ("feed_paused", "Feed paused"),
                    ("feed_resumed", "Feed resumed"),
                    ("batch_received", "Batch received"),
                    ("throttled", "Refused by a throttle"),
                    ("api_token_issued", "API token issued"),
                    ("admin_action", "Admin action on child data"),
                    ("override_reviewed", "Override reviewed"),
                    ("report_viewed", "Audit report viewed"),
                    ("audit_exported", "Audit events exported"),
                    ("anomaly_flagged", "Unusual use flagged"),
                    ("user_suspended", "User suspended"),
                    ("user_reinstated", "User reinstated"),
                ],
                max_length=32,
            ),
        ),
        migrations.AddField(
            model_name="accessevent",
            name="chain_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="accessevent",
            name="chain_position",
            field=models.BigIntegerField(editable=False, null=True, unique=True),
        ),
        migrations.AddField(
            model_name="accessevent",
            name="content_digest",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="accessevent",
            name="transaction_id",
            field=models.BigIntegerField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="accessevent",
            index=models.Index(
                condition=models.Q(("chain_position__isnull", True)),
                fields=["transaction_id", "id"],
                name="access_event_unsealed",
            ),
        ),
        migrations.RunSQL(REPLACE_GUARD, reverse_sql=RESTORE_GUARD),
    ]
