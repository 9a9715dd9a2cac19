from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "Registry"

    def ready(self):
        from registry.search.name_variants import name_variants_source

        # Load the name-variant data now rather than in some practitioner's first search.
        name_variants_source()
