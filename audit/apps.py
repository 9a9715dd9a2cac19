from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit"

    def ready(self):
        from django.contrib.auth import signals as auth_signals

        from accounts import signals as accounts_signals
        from audit import receivers
        from shielding import signals as shielding_signals

        connections = [
            (accounts_signals.password_verified, receivers.signed_in),
            (auth_signals.user_logged_out, receivers.signed_out),
            (auth_signals.user_login_failed, receivers.sign_in_failed),
            (accounts_signals.second_factor_verified, receivers.second_factor_verified),
            (shielding_signals.child_shielded, receivers.shield_created),
            (shielding_signals.shield_ended, receivers.shield_ended),
            (shielding_signals.override_made, receivers.override_made),
            (shielding_signals.override_reviewed, receivers.override_reviewed),
            (shielding_signals.child_merged, receivers.child_merged),
            (shielding_signals.child_unmerged, receivers.child_unmerged),
            (shielding_signals.child_moved, receivers.child_moved),
            (shielding_signals.record_sealed, receivers.record_sealed),
            (shielding_signals.record_archived, receivers.record_archived),
            (shielding_signals.record_purged, receivers.record_purged),
            (shielding_signals.retention_consent_changed, receivers.retention_consent_changed),
        ]
        for signal, receiver in connections:
            signal.connect(receiver, dispatch_uid=f"audit.{receiver.__name__}")
        self.purge_ledger_connect()
        self.anomaly_rules_connect()
        self.change_history_connect()

    @staticmethod
    def purge_ledger_connect() -> None:
        """A purged child's events stay; the ledger notes when the child went."""
        from django.db.models.signals import post_delete

        from audit.retention import child_purge_record
        from registry.models import Child

        post_delete.connect(child_purge_record, sender=Child, dispatch_uid="audit.child_purge")

    @staticmethod
    def anomaly_rules_connect() -> None:
        """Each search and record view is judged by the anomaly rules as its event is written."""
        from django.db.models.signals import post_save

        from audit.anomalies.receivers import access_event_saved
        from audit.models import AccessEvent

        post_save.connect(
            access_event_saved, sender=AccessEvent, dispatch_uid="audit.anomalies.read_judged"
        )

    @staticmethod
    def change_history_connect() -> None:
        """Change history (django-auditlog): what is kept of each model, who made each change, and
        the admin that shows it. The admin site has loaded every admin module by now."""
        from auditlog.models import LogEntry
        from django.contrib import admin
        from django.db.models.signals import pre_save

        from audit.change_history import change_history_register, log_entry_repr_neutralise
        from audit.change_history_actor import log_entry_origin_fill
        from audit.change_history_admin import change_history_admin_install

        change_history_register()
        for receiver in (log_entry_repr_neutralise, log_entry_origin_fill):
            pre_save.connect(receiver, sender=LogEntry, dispatch_uid=f"audit.{receiver.__name__}")
        change_history_admin_install(admin.site)
