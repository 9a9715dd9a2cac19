"""Retention: the purge ledger, and the one more change the audit table's trigger allows.

Once an event is past retention (audit/retention.py), its personal details (what was typed, the
address, the user agent, the details) may be cleared, once, and its expiry time set. Everything
else stays, so the event still counts in the hash chain by its stored digest, and audit_verify
checks that each expiry was due.
"""

from django.db import migrations, models

GUARD = """
CREATE OR REPLACE FUNCTION audit_event_stamp() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.transaction_id := pg_current_xact_id()::text::bigint;
    NEW.chain_position := NULL;
    NEW.content_digest := '';
    NEW.chain_hash := '';
    NEW.expired_at := NULL;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    chain_columns text[] := ARRAY['chain_position', 'content_digest', 'chain_hash'];
    expiry_columns text[] := ARRAY['criteria', 'details', 'ip_address', 'user_agent', 'expired_at'];
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
    IF TG_OP = 'UPDATE'
        AND OLD.chain_position IS NOT NULL
        AND OLD.expired_at IS NULL
        AND NEW.expired_at IS NOT NULL
        AND NEW.criteria = '{}'::jsonb
        AND NEW.details = '{}'::jsonb
        AND NEW.ip_address IS NULL
        AND NEW.user_agent = ''
        AND (to_jsonb(NEW) - expiry_columns) = (to_jsonb(OLD) - expiry_columns)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: % refused on event %', TG_OP, OLD.id
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_hash_chain"),
    ]

    operations = [
        migrations.CreateModel(
            name="PurgedChild",
            fields=[
                ("child_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("purged_at", models.DateTimeField(db_index=True)),
            ],
        ),
        migrations.AddField(
            model_name="accessevent",
            name="expired_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunSQL(GUARD, reverse_sql=migrations.RunSQL.noop),
    ]
