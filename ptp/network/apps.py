from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "ptp.network"
    verbose_name = "Rete dei poli"
