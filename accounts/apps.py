from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from accounts.role_permissions import role_groups_sync

        post_migrate.connect(role_groups_sync, sender=self, dispatch_uid="accounts.role_groups")
