from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "ingest"
    verbose_name = "Ingest"

    def ready(self):
        from ingest.shield_followers import (
            held_records_follow_move,
            review_records_hold_for_shielded_child,
        )
        from shielding.signals import child_moved, child_shielded

        child_shielded.connect(
            review_records_hold_for_shielded_child, dispatch_uid="ingest.review_records_hold"
        )
        child_moved.connect(held_records_follow_move, dispatch_uid="ingest.held_records_follow")
        self.purge_followers_connect()

    @staticmethod
    def purge_followers_connect() -> None:
        """A purged child's staged feed content is deleted with the record."""
        from ingest.purge_followers import staged_content_of_purged_child_delete
        from shielding.signals import record_purging

        record_purging.connect(
            staged_content_of_purged_child_delete, dispatch_uid="ingest.purged_content_delete"
        )
