"""Imports of needs and of labour-demand bulletins: mistakes reported by line and column,
nothing written when any row is wrong, dry runs, XLSX, the command, the upload page."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from ptp.audit.models import AuditEvent
from ptp.demand.imports import import_labour_demand, import_needs
from ptp.demand.imports.bulletins import isco_major_group
from ptp.demand.models import DemandBulletin, EducationLevel, LabourDemand, SkillNeed
from tests.conftest import PERSONAS
from tests.demand.builders import make_occupation, make_skill
from tests.factories import ProvinceFactory

FIXTURE = Path(__file__).resolve().parents[2] / "ptp/demand/fixtures/bollettino_demo.csv"
LABOUR = "/gestione/domanda-di-lavoro/"


def _file(text: str, name: str = "file.csv") -> io.BytesIO:
    stream = io.BytesIO(text.encode("utf-8"))
    stream.name = name
    return stream


# --- Needs -------------------------------------------------------------------------------------


def test_needs_are_imported_all_together(net, company_staff):
    skill = make_skill("Servire ai tavoli")
    occupation = make_occupation("Cameriere di sala")
    text = (
        "figura;codice_professione;competenze;persone;orizzonte;comune;note\n"
        f"Cameriere;{occupation.uri};{skill.uri};3;12;045010;estate\n"
        "Cuoco;;;1;36;Massa;\n"
    )

    report = import_needs(
        actor=company_staff,
        organization=net.company,
        hub=net.hub,
        stream=_file(text),
        name="fabbisogni.csv",
    )

    assert (report.ok, report.written, report.needs, report.people) == (True, True, 2, 4)
    waiter = SkillNeed.objects.get(title="Cameriere")
    assert (waiter.occupation, list(waiter.skills.all()), waiter.notes) == (
        occupation,
        [skill],
        "estate",
    )
    assert AuditEvent.objects.filter(object_type="demand.skillneed").count() == 2


def test_any_wrong_row_means_nothing_is_written(net, company_staff):
    text = (
        "figura;codice_professione;competenze;persone;orizzonte;comune\n"
        "Cameriere;;;3;12;045010\n"
        ";http://esempio.invalid/occ;http://esempio.invalid/skill;zero;24;Atlantide\n"
    )

    report = import_needs(
        actor=company_staff,
        organization=net.company,
        hub=net.hub,
        stream=_file(text),
        name="fabbisogni.csv",
    )

    assert not SkillNeed.objects.exists()
    assert [(e.line, e.column) for e in report.errors] == [
        (3, "figura"),
        (3, "persone"),
        (3, "orizzonte"),
        (3, "comune"),
        (3, "codice_professione"),
        (3, "competenze"),
    ]
    assert str(report.errors[2]) == (
        "fabbisogni.csv, riga 3, colonna «orizzonte»: «24» non va bene: scrivi 12 oppure 36 (mesi)"
    )


def test_a_dry_run_and_missing_columns(net, company_staff):
    dry = import_needs(
        actor=company_staff,
        organization=net.company,
        hub=net.hub,
        stream=_file("figura,persone,orizzonte,comune\nCuoco,2,36,45010\n"),
        name="f.csv",
        dry_run=True,
    )
    assert (dry.ok, dry.written, dry.needs) == (True, False, 1)  # "45010": a lost leading zero
    missing = import_needs(
        actor=company_staff,
        organization=net.company,
        hub=net.hub,
        stream=_file("figura;persone\nCuoco;2\n"),
        name="f.csv",
    )
    assert [str(e) for e in missing.errors] == [
        "f.csv, riga 1, colonna «orizzonte»: colonna obbligatoria mancante",
        "f.csv, riga 1, colonna «comune»: colonna obbligatoria mancante",
    ]
    assert not SkillNeed.objects.exists()


def test_needs_from_an_xlsx_sheet(net, company_staff):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Foglio1"
    sheet.append(["figura", "persone", "orizzonte", "comune"])
    sheet.append(["Barista", 2, 12, "045010"])
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)

    report = import_needs(
        actor=company_staff, organization=net.company, hub=net.hub, stream=stream, name="f.xlsx"
    )

    assert report.written and SkillNeed.objects.get().title == "Barista"


def test_the_import_page(net, login_as):
    client = login_as("company_staff")
    url = "/gestione/ospiti/impresa-partner/fabbisogni/importa/"

    bad = client.post(url, {"hub": net.hub.pk, "file": _file("x", "f.txt")})
    assert "Si possono importare solo file .csv o .xlsx." in bad.content.decode()

    errors = client.post(
        url,
        {"hub": net.hub.pk, "file": _file("figura;persone;orizzonte;comune\nCuoco;0;12;Massa\n")},
    )
    assert "1 errore: nessuna riga è stata scritta." in errors.content.decode()

    dry = client.post(
        url,
        {
            "hub": net.hub.pk,
            "dry_run": "on",
            "file": _file("figura;persone;orizzonte;comune\nCuoco;2;12;Massa\n"),
        },
    )
    assert "Verifica superata: 1 fabbisogni, 2 persone." in dry.content.decode()

    done = client.post(
        url,
        {"hub": net.hub.pk, "file": _file("figura;persone;orizzonte;comune\nCuoco;2;12;Massa\n")},
    )
    assert done.status_code == 302 and SkillNeed.objects.count() == 1


# --- Bulletins ---------------------------------------------------------------------------------

HEADER = (
    "provincia;periodo;codice_professione;professione;entrate_previste;"
    "quota_difficile_reperimento;livello_istruzione\n"
)


@pytest.fixture
def provinces(net):
    ProvinceFactory(
        region=net.hub.province.region,
        codice_istat="046",
        name="Lucca",
        abbreviation="LU",
        slug="lucca",
    )


def test_a_bulletin_is_stored_with_its_rows(net, provinces, regional_officer):
    text = HEADER + (
        "MS;2026-T1;5.2.2.1;Cuochi;1.230;45,5;Qualifica o diploma professionale\n"
        "46;2026-03;6.4.1.3;Agricoltori;12;10%;\n"
        "PI;2026-t2;8.1.4.1;Addetti pulizie;7;0;obbligo\n"
    )

    report = import_labour_demand(
        actor=regional_officer, stream=_file(text), name="b.csv", source="Excelsior prova"
    )

    assert report.ok and report.bulletin is not None
    assert (report.rows, report.planned_hires, report.provinces, report.periods) == (
        3,
        1249,
        ["LU", "MS", "PI"],
        ["2026-03", "2026-T1", "2026-T2"],
    )
    rows = {d.occupation_code: d for d in LabourDemand.objects.all()}
    assert rows["5.2.2.1"].hard_to_recruit_share == Decimal("45.50")
    assert rows["5.2.2.1"].education_level == EducationLevel.VOCATIONAL
    assert (rows["6.4.1.3"].isco_code, rows["6.4.1.3"].education_level) == ("6", "")
    assert (rows["8.1.4.1"].isco_code, rows["8.1.4.1"].period) == ("9", "2026-T2")
    assert AuditEvent.objects.filter(summary__startswith="Importato il bollettino").exists()


def test_bulletin_mistakes_are_reported_by_line_and_nothing_is_written(net):
    text = HEADER + (
        "MS;2026-T1;5.2.2.1;Cuochi;10;45;qualifica\n"
        "ZZ;2026-T5;5,2;;-3;101;dottorato\n"
        "MS;2026-T1;5.2.2.1;Cuochi bis;4;12,345;qualifica\n"
    )

    report = import_labour_demand(actor=None, stream=_file(text), name="b.csv", source="x")

    assert not DemandBulletin.objects.exists() and not LabourDemand.objects.exists()
    assert [(e.line, e.column) for e in report.errors] == [
        (3, "provincia"),
        (3, "periodo"),
        (3, "codice_professione"),
        (3, "professione"),
        (3, "entrate_previste"),
        (3, "quota_difficile_reperimento"),
        (3, "livello_istruzione"),
        (4, "quota_difficile_reperimento"),
    ]
    duplicate = import_labour_demand(
        actor=None,
        stream=_file(HEADER + "MS;2026-T1;5.2.2.1;A;1;1;\nMS;2026-T1;5.2.2.1;B;2;2;\n"),
        name="b.csv",
        source="x",
    )
    assert [str(e) for e in duplicate.errors] == [
        "b.csv, riga 3: stessa provincia, periodo, professione e livello della riga 2"
    ]


@pytest.mark.parametrize(
    ("code", "isco"),
    [("1.1.1", "1"), ("3.4.1.4", "3"), ("6.2.1", "7"), ("6.4", "6"), ("7.4.2", "8"), ("9.1", "0")],
)
def test_cp2021_major_groups_map_roughly_to_isco(code, isco):
    assert isco_major_group(code) == isco


def test_the_shipped_demo_bulletin_imports_cleanly(net, provinces):
    ProvinceFactory(
        region=net.hub.province.region,
        codice_istat="050",
        name="Pisa",
        abbreviation="PI",
        slug="pisa",
    )
    with FIXTURE.open("rb") as stream:
        report = import_labour_demand(
            actor=None, stream=stream, name=FIXTURE.name, source="demo", dry_run=True
        )

    assert report.errors == []
    assert report.rows == 54 and report.provinces == ["LU", "MS", "PI"]


def test_the_command(net, provinces, tmp_path, capsys):
    good = tmp_path / "bollettino.csv"
    good.write_text(HEADER + "MS;2026-T1;5.2.2.1;Cuochi;10;45;qualifica\n", encoding="utf-8")
    bad = tmp_path / "sbagliato.csv"
    bad.write_text(HEADER + "MS;2026;5.2.2.1;Cuochi;10;45;qualifica\n", encoding="utf-8")

    call_command("import_labour_demand", str(good), "--dry-run")
    assert not DemandBulletin.objects.exists()
    call_command("import_labour_demand", str(good), "--source", "Excelsior MS")
    assert DemandBulletin.objects.get().source == "Excelsior MS"
    with pytest.raises(CommandError, match="1 errori"):
        call_command("import_labour_demand", str(bad))
    assert "sbagliato.csv, riga 2, colonna «periodo»" in capsys.readouterr().err


# fmt: off
LABOUR_EXPECTED = ["login", 403, 403, 403, 200, 200, 200, 403]
# fmt: on


@pytest.mark.parametrize(("persona", "expected"), list(zip(PERSONAS, LABOUR_EXPECTED, strict=True)))
def test_who_reaches_the_bulletin_page(persona, expected, net, login_as):
    response = login_as(persona).get(LABOUR)

    if expected == "login":
        assert response.status_code == 302 and response.url.startswith("/accedi/?next=")
    else:
        assert response.status_code == expected


def test_uploading_a_bulletin(net, login_as, regional_officer):
    client = login_as("regional_officer")

    missing = client.post(LABOUR, {"source": "", "file": _file(HEADER)})
    assert "Questo campo è obbligatorio." in missing.content.decode()

    errors = client.post(
        LABOUR, {"source": "Prova", "file": _file(HEADER + "XX;2026-T1;5.2;A;1;1;\n")}
    )
    assert "riga" in errors.content.decode() and "«XX» non è la sigla" in errors.content.decode()
    assert 'value="Prova"' in errors.content.decode()

    done = client.post(
        LABOUR, {"source": "Prova", "file": _file(HEADER + "MS;2026-T1;5.2;A;1;1;\n")}
    )
    assert done.status_code == 302
    assert DemandBulletin.objects.get().imported_by == regional_officer
    assert "Prova" in client.get(LABOUR).content.decode()


def test_bulletin_list_queries_do_not_grow(net, login_as, django_assert_max_num_queries):
    client = login_as("coordinator")
    DemandBulletin.objects.create(source="uno", file_name="a.csv")
    with django_assert_max_num_queries(10) as small:
        client.get(LABOUR)
    for n in range(15):
        DemandBulletin.objects.create(source=f"b{n}", file_name="b.csv", imported_by=None)
    with django_assert_max_num_queries(10) as large:
        client.get(LABOUR)
    assert len(large.captured_queries) == len(small.captured_queries)
