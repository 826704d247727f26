from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "ptp.geo"
    verbose_name = "Territorio"
