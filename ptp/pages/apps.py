from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "ptp.pages"
    verbose_name = "Pagine pubbliche"
