from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "ingest"
    verbose_name = "Ingest"

    def ready(self):
        from ingest.shield_followers import review_records_hold_for_shielded_child
        from shielding.signals import child_shielded

        child_shielded.connect(
            review_records_hold_for_shielded_child, dispatch_uid="ingest.review_records_hold"
        )
