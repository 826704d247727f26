from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ptp.audit"
    verbose_name = "Registro delle operazioni"
