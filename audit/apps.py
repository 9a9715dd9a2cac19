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
        ]
        for signal, receiver in connections:
            signal.connect(receiver, dispatch_uid=f"audit.{receiver.__name__}")
        self.purge_ledger_connect()

    @staticmethod
    def purge_ledger_connect() -> None:
        """A purged child's events stay; the ledger notes when the child went."""
        from django.db.models.signals import post_delete

        from audit.retention import child_purge_record
        from registry.models import Child

        post_delete.connect(child_purge_record, sender=Child, dispatch_uid="audit.child_purge")
