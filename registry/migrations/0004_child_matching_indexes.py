from django.db import migrations, models


class Migration(migrations.Migration):
    """Indexes for the feed matcher's blocking (ingest.matching.blocking)."""

    dependencies = [
        ("registry", "0003_source_record_one_child"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="child",
            index=models.Index(
                fields=["family_name_phonetic", "given_name_phonetic", "date_of_birth"],
                include=["id"],
                name="child_names_phon_dob",
            ),
        ),
        migrations.AddIndex(
            model_name="child",
            index=models.Index(
                fields=["id"],
                include=["date_of_birth", "given_name_phonetic", "family_name_phonetic"],
                name="child_matching_keys_by_id",
            ),
        ),
        migrations.AddIndex(
            model_name="address",
            index=models.Index(
                condition=models.Q(("ended_on__isnull", True)),
                fields=["postcode"],
                include=["child"],
                name="address_open_postcode",
            ),
        ),
        migrations.AddIndex(
            model_name="child",
            index=models.Index(
                condition=models.Q(("status", "sealed")),
                fields=["date_of_birth"],
                name="child_sealed_dob",
            ),
        ),
    ]
