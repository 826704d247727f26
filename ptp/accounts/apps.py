from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ptp.accounts"
    verbose_name = "Utenti e ruoli"
