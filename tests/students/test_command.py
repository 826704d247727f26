"""manage.py import_students: the same import from the command line."""

import pytest
from django.core.management import CommandError, call_command

from ptp.students.models import Student
from tests.students.conftest import HEADER_B, csv_bytes, row_b

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(tmp_path):
    path = tmp_path / "studenti.csv"
    path.write_bytes(csv_bytes([row_b(n) for n in range(1, 6)]))
    return path


def run(*args, **options):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_students", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_import_by_slug_then_again_idempotent(net, roster):
    out, err = run(str(roster), "--school", net.school.slug)
    assert "5 nuovi" in out and "verifica 100%" in err and "scrittura 100%" in err
    out, _ = run(str(roster), "--school", net.school.slug)
    assert "0 nuovi, 0 aggiornati, 5 invariati" in out
    assert Student.objects.count() == 5


def test_school_by_codice_meccanografico_and_dry_run(net, roster):
    net.school.codice_meccanografico = "MSRH01000X"
    net.school.save()
    out, _ = run(str(roster), "--school", "msrh01000x", "--dry-run")
    assert out.startswith("Verifica superata") and not Student.objects.exists()


def test_errors_are_printed_and_nothing_is_written(net, tmp_path):
    path = tmp_path / "errato.csv"
    path.write_bytes(csv_bytes([row_b(1), row_b(2, cf="AAAAAA00A00A000A")]))
    with pytest.raises(CommandError, match="1 errori su 2 righe: non è stato scritto nulla"):
        run(str(path), "--school", net.school.slug)
    assert not Student.objects.exists()


def test_error_lines_go_to_stderr(net, tmp_path, capsys):
    path = tmp_path / "errato.csv"
    path.write_bytes(csv_bytes([row_b(1, classe="0")]))
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_students", str(path), "--school", net.school.slug, stderr=err, stdout=StringIO()
        )
    assert "errato.csv, riga 2, colonna «CLASSE»" in err.getvalue()


def test_map_and_preset_options(net, tmp_path):
    header = HEADER_B.replace("CF;", "Codice;")
    path = tmp_path / "studenti.csv"
    path.write_bytes(csv_bytes([row_b(1)], header=header))
    with pytest.raises(CommandError):
        run(str(path), "--school", net.school.slug, "--preset", "registro-b")
    out, _ = run(
        str(path),
        "--school",
        net.school.slug,
        "--preset",
        "registro-b",
        "--map",
        "codice_fiscale=Codice",
    )
    assert "1 nuovi" in out


def test_bad_arguments(net, roster):
    with pytest.raises(CommandError, match="Nessuna scuola"):
        run(str(roster), "--school", net.company.slug)
    with pytest.raises(CommandError, match="File non trovato"):
        run("/nessun/file.csv", "--school", net.school.slug)
    with pytest.raises(CommandError, match="campo=Intestazione"):
        run(str(roster), "--school", net.school.slug, "--map", "codice_fiscale")


def test_mark_missing_left(net, roster, tmp_path):
    run(str(roster), "--school", net.school.slug)
    smaller = tmp_path / "meno.csv"
    smaller.write_bytes(csv_bytes([row_b(1)]))
    out, _ = run(str(smaller), "--school", net.school.slug, "--mark-missing-left")
    assert "4 segnati come usciti" in out
    assert Student.objects.current().count() == 1
