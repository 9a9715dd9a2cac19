from celery.signals import task_postrun, task_prerun
from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class ShieldingConfig(AppConfig):
    name = "shielding"
    verbose_name = "Shielding"

    def ready(self):
        from registry.shielding_policy import shielding_policy_register
        from shielding.database_privileges import grant_app_role_privileges
        from shielding.database_scope import (
            task_scope_begin,
            task_scope_end,
            transaction_scope_install,
        )
        from shielding.visibility import ShieldingVisibility

        shielding_policy_register(ShieldingVisibility())
        # Every app's post_migrate runs after all migrations, so any of them sees every table. Apps
        # without models send none, so this listens to all senders; granting again is idempotent.
        post_migrate.connect(grant_app_role_privileges, dispatch_uid="shielding.grants")
        # The row-level security policies read settings that each transaction is given from the
        # scope of the request or task that runs it (shielding.database_scope).
        connection_created.connect(transaction_scope_install, dispatch_uid="shielding.scope")
        self.identity_links_connect()
        task_prerun.connect(task_scope_begin, dispatch_uid="shielding.task_scope_begin")
        task_postrun.connect(task_scope_end, dispatch_uid="shielding.task_scope_end")

    @staticmethod
    def identity_links_connect() -> None:
        """A child's deletion (retention's purge) removes its identity link on the management
        path, the only one that can see the link's row."""
        from django.db.models.signals import pre_delete

        from registry.models import Child
        from shielding.new_identity import identity_links_delete

        pre_delete.connect(
            identity_links_delete, sender=Child, dispatch_uid="shielding.identity_links_delete"
        )
