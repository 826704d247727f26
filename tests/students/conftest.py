"""Students of the test network: the student persona's own record, a classmate, a student of
another school, and helpers to write roster files."""

import io

import pytest
from openpyxl import Workbook

from ptp.students.models import Student
from tests.students.factories import StudentFactory, codice_fiscale_for

HEADER_B = "CF;COGNOME;NOME;DATA_NASCITA;CLASSE;ANNO_SCOLASTICO;COD_ISTAT_RESIDENZA;EMAIL_STUDENTE;FLAG_BES;FLAG_SVANTAGGIO"


@pytest.fixture
def own_record(net, student) -> Student:
    """The record of the `student` persona, at net.school."""
    return StudentFactory(school=net.school, user=student, n=900)


@pytest.fixture
def classmate(net) -> Student:
    return StudentFactory(school=net.school, n=901)


@pytest.fixture
def foreign_student(net) -> Student:
    """A student of the hub's lead school (another data controller)."""
    return StudentFactory(school=net.lead_school, n=902)


def row_b(n: int, *, without: tuple[str, ...] = (), **override: str) -> str:
    """A valid "Registro B" row for the n-th invented student (leaving out the named cells)."""
    family, given, birth, code = codice_fiscale_for(n)
    cells = {
        "cf": code,
        "cognome": family.upper(),
        "nome": given.upper(),
        "nascita": birth.strftime("%d/%m/%Y"),
        "classe": "4B",
        "as": "2026/27",
        "comune": "045010",
        "email": "",
        "bes": "N",
        "svantaggio": "N",
    } | override
    return ";".join(v for k, v in cells.items() if k not in without)


def csv_bytes(lines: list[str], *, header: str = HEADER_B, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join([header, *lines]) + "\r\n").encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    # Cell by cell, so a row of None stays a gap in the sheet (as in a real export).
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(row=r, column=c, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
