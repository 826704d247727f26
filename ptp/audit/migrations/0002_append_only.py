"""The audit log is append-only: the database itself refuses UPDATE and DELETE on it."""

from django.db import migrations

from ptp.audit import triggers


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(_run(triggers.UP), _run(triggers.DOWN))]
