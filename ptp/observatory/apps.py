from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    name = "ptp.observatory"
    verbose_name = "Osservatorio"
