from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "ptp.skills"
    verbose_name = "Competenze e professioni"
