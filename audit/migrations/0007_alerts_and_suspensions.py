"""Alerts about unusual use, and suspensions at the hard limit (audit.models_anomalies).

Ordinary tables: the app role gets the usual row privileges on them
(shielding.database_privileges), since reviews update them.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_retention"),
        ("registry", "0004_child_matching_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Alert",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "rule",
                    models.CharField(
                        choices=[
                            ("volume", "Unusual volume of searches and records"),
                            ("distinct_children", "Many different children"),
                            ("out_of_hours", "Use outside working hours"),
                            ("out_of_area", "Searches far outside the user's own area"),
                        ],
                        max_length=32,
                    ),
                ),
                (
                    "window_start",
                    models.DateTimeField(help_text="The start of the hour or day counted."),
                ),
                (
                    "count",
                    models.PositiveIntegerField(
                        help_text="What the rule had counted when it tripped."
                    ),
                ),
                ("threshold", models.PositiveIntegerField()),
                ("raised_at", models.DateTimeField(auto_now_add=True)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Open"),
                            ("acknowledged", "Acknowledged"),
                            ("reviewed", "Reviewed"),
                        ],
                        default="open",
                        max_length=16,
                    ),
                ),
                ("acknowledged_at", models.DateTimeField(blank=True, null=True)),
                ("reviewed_at", models.DateTimeField(blank=True, null=True)),
                ("review_notes", models.TextField(blank=True)),
                (
                    "acknowledged_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "local_authority",
                    models.ForeignKey(
                        blank=True,
                        help_text="The user's own authority, whose management team reviews the alert; empty for a national partner's user, whom auditors review.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="registry.localauthority",
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="anomaly_alerts",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-raised_at"],
                "indexes": [
                    models.Index(
                        fields=["local_authority", "status"], name="alert_authority_status"
                    ),
                    models.Index(fields=["status", "raised_at"], name="alert_status_raised"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "rule", "window_start"),
                        name="alert_once_per_user_rule_window",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Suspension",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "rule",
                    models.CharField(
                        choices=[
                            ("volume", "Unusual volume of searches and records"),
                            ("distinct_children", "Many different children"),
                            ("out_of_hours", "Use outside working hours"),
                            ("out_of_area", "Searches far outside the user's own area"),
                        ],
                        max_length=32,
                    ),
                ),
                ("window_start", models.DateTimeField(help_text="The start of the day counted.")),
                (
                    "count",
                    models.PositiveIntegerField(
                        help_text="What the rule had counted at the limit."
                    ),
                ),
                ("limit", models.PositiveIntegerField()),
                ("suspended_at", models.DateTimeField(auto_now_add=True)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("suspended", "Suspended, awaiting review"),
                            ("upheld", "Upheld"),
                            ("reinstated", "Reinstated"),
                        ],
                        default="suspended",
                        max_length=16,
                    ),
                ),
                ("reviewed_at", models.DateTimeField(blank=True, null=True)),
                ("review_notes", models.TextField(blank=True)),
                (
                    "local_authority",
                    models.ForeignKey(
                        blank=True,
                        help_text="The user's own authority, whose management team reviews the suspension.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="registry.localauthority",
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="suspensions",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-suspended_at"],
                "indexes": [
                    models.Index(
                        fields=["local_authority", "status"], name="suspension_authority_status"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status__in", ["suspended", "upheld"])),
                        fields=("user",),
                        name="suspension_one_in_force_per_user",
                    )
                ],
            },
        ),
    ]
