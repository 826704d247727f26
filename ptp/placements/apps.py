from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "ptp.placements"
    verbose_name = "Formazione scuola-lavoro"
