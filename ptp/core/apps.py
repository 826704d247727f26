from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ptp.core"
    verbose_name = "Nucleo"

    def ready(self) -> None:
        from ptp.core import checks  # noqa: F401  (registers the system checks)
