from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from accounts.role_permissions import role_groups_sync
        from accounts.session_lifetime import sign_in_time_record

        post_migrate.connect(role_groups_sync, sender=self, dispatch_uid="accounts.role_groups")
        user_logged_in.connect(sign_in_time_record, dispatch_uid="accounts.sign_in_time")
