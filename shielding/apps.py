from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ShieldingConfig(AppConfig):
    name = "shielding"
    verbose_name = "Shielding"

    def ready(self):
        from registry.shielding_policy import shielding_policy_register
        from shielding.database_privileges import grant_app_role_privileges
        from shielding.visibility import ShieldingVisibility

        shielding_policy_register(ShieldingVisibility())
        # Every app's post_migrate runs after all migrations, so any of them sees every table. Apps
        # without models send none, so this listens to all senders; granting again is idempotent.
        post_migrate.connect(grant_app_role_privileges, dispatch_uid="shielding.grants")
