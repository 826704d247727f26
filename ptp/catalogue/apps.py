from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "ptp.catalogue"
    verbose_name = "Offerta formativa"
