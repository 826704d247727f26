from django.apps import AppConfig


class StudentsConfig(AppConfig):
    name = "ptp.students"
    verbose_name = "Studenti"
