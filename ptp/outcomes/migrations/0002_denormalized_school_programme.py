"""Outcome.school and Outcome.programme: copies of the student's, so the observatory's tallies
group outcomes without joining students."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_from_students(apps, schema_editor):
    Outcome = apps.get_model("outcomes", "Outcome")
    Student = apps.get_model("students", "Student")
    student = Student.objects.filter(pk=OuterRef("student_id"))
    Outcome.objects.update(
        school_id=Subquery(student.values("school_id")[:1]),
        programme_id=Subquery(student.values("programme_id")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_initial"),
        ("network", "0002_alter_hub_hub_founded_year_plausible_and_more"),
        ("outcomes", "0001_initial"),
        ("students", "0002_student_import_job"),
    ]

    operations = [
        migrations.AddField(
            model_name="outcome",
            name="school",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="network.organization",
                verbose_name="scuola",
            ),
        ),
        migrations.AddField(
            model_name="outcome",
            name="programme",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="catalogue.programme",
                verbose_name="percorso",
            ),
        ),
        migrations.RunPython(copy_from_students, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="outcome",
            name="school",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="network.organization",
                verbose_name="scuola",
            ),
        ),
        migrations.AddIndex(
            model_name="outcome",
            index=models.Index(fields=["school", "months_after"], name="outcomes_ou_school__3e85ec_idx"),
        ),
    ]
