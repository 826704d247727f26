from django.apps import AppConfig


class StudentsConfig(AppConfig):
    name = "ptp.students"
    verbose_name = "Studenti"

    def ready(self) -> None:
        # StudentImportJob is defined beside the importer, not in models.py (which belongs to the
        # data model); importing it here registers it with the app like any other model.
        from ptp.students import import_jobs  # noqa: F401
