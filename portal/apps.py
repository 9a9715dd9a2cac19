from django.apps import AppConfig
from django.urls import register_converter


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Practitioners' portal"

    def ready(self):
        from portal.converters import ContactPointIdConverter

        register_converter(ContactPointIdConverter, "cpid")

        from accounts.signals import user_disabled
        from portal.api.tokens import tokens_revoke

        user_disabled.connect(tokens_revoke, dispatch_uid="portal.tokens_revoke")
