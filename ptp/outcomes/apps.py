from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "ptp.outcomes"
    verbose_name = "Esiti occupazionali"
