from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ptp.demo"
    verbose_name = "Dati dimostrativi"
