from django.apps import AppConfig


class DemandConfig(AppConfig):
    name = "ptp.demand"
    verbose_name = "Fabbisogni di competenze"
