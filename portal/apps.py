from django.apps import AppConfig
from django.urls import register_converter


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Practitioners' portal"

    def ready(self):
        from portal.converters import ContactPointIdConverter

        register_converter(ContactPointIdConverter, "cpid")
