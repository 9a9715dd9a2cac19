"""The identity link: the one record that a sealed child and its new identity are one child.

Its table is under FORCE ROW LEVEL SECURITY, like the hidden tables, but with a narrower rule: a
user's clearance never reaches it, nor does an emergency override. Its rows are read only in the
feed matcher's scope ('contactpoint.scope' = 'matching') or on the management path
('contactpoint.shield_management' = 'on', shielding.database_scope.shield_management_scope);
inserted and deleted only on the management path; and never updated (no policy grants UPDATE, so
an update finds no row). A missing setting grants nothing, as everywhere.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLE = "shielding_identitylink"
MATCHING = "current_setting('contactpoint.scope', true) = 'matching'"
MANAGEMENT = "coalesce(current_setting('contactpoint.shield_management', true), '') = 'on'"

PROTECT = f"""
ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY;
ALTER TABLE {TABLE} FORCE ROW LEVEL SECURITY;
CREATE POLICY identity_link_read ON {TABLE} FOR SELECT USING ({MATCHING} OR {MANAGEMENT});
CREATE POLICY identity_link_insert ON {TABLE} FOR INSERT WITH CHECK ({MANAGEMENT});
CREATE POLICY identity_link_delete ON {TABLE} FOR DELETE USING ({MANAGEMENT});
"""
UNPROTECT = f"""
DROP POLICY identity_link_delete ON {TABLE};
DROP POLICY identity_link_insert ON {TABLE};
DROP POLICY identity_link_read ON {TABLE};
ALTER TABLE {TABLE} NO FORCE ROW LEVEL SECURITY;
ALTER TABLE {TABLE} DISABLE ROW LEVEL SECURITY;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_lifecycle"),
        ("shielding", "0004_matching_scope_first"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="IdentityLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "reason",
                    models.CharField(
                        choices=[
                            ("witness_protection", "Witness protection"),
                            ("fleeing_abuse", "Fleeing abuse"),
                            ("adoption_placement", "Adoption placement"),
                            ("other_risk", "Other risk"),
                        ],
                        max_length=32,
                    ),
                ),
                ("made_at", models.DateTimeField(auto_now_add=True)),
                (
                    "made_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "new_child",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.child",
                    ),
                ),
                (
                    "sealed_child",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.child",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("sealed_child", models.F("new_child")), _negated=True),
                        name="identity_link_two_records",
                    )
                ],
            },
        ),
        migrations.RunSQL(PROTECT, reverse_sql=UNPROTECT),
    ]
