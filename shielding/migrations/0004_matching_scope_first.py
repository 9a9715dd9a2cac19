"""The hidden tables' policy tests the matcher's scope first.

The feed matcher reads the hidden rows of every candidate of a chunk, some 25,000 rows; each of
them paid for the active-order probe before the policy reached the arm that lets the matcher
through. A setting compared with a constant costs far less than the probe, so it now comes first:
the matcher's reads skip the probe, and a user's reads pay one comparison more per row. The rule
itself is unchanged (shielding/migrations/0002_row_level_security.py).
"""

from importlib import import_module

from django.db import migrations

earlier = import_module("shielding.migrations.0002_row_level_security")

MATCHING_ARM = "current_setting('contactpoint.scope', true) = 'matching'"
MATCHING_FIRST = earlier.CONTACT_VISIBLE.replace(f"\n    OR {MATCHING_ARM}", "").replace(
    "(\n    NOT EXISTS", f"(\n    {MATCHING_ARM}\n    OR NOT EXISTS", 1
)
ALTER_POLICY = "ALTER POLICY {policy} ON {table} USING {visible} WITH CHECK {visible};\n"


def _each_table(visible: str) -> str:
    return "".join(
        ALTER_POLICY.format(table=table, policy=earlier.POLICY, visible=visible.format(table=table))
        for table in earlier.HIDDEN_TABLES
    )


class Migration(migrations.Migration):
    dependencies = [("shielding", "0003_shield_reviews")]

    operations = [
        migrations.RunSQL(
            _each_table(MATCHING_FIRST), reverse_sql=_each_table(earlier.CONTACT_VISIBLE)
        ),
    ]
