"""The command line: happy paths, tolerated formats, and every malformed-file case."""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ptp.matching.cli import main
from ptp.matching.files import reader

HOSTS = "host_id,capacity\nH1,1\nH2,2\nH3,0\n"
STUDENTS = "student_id,preferences\nS1,H1;H2\nS2,H1;H2\nS3,H2\nS4,\nS5,H3;H1\n"
PRIORITIES = "host_id,student_id,score\nH1,S1,10\nH1,S2,12.5\nH2,S1,3\nH2,S2,3\nH2,S3,1\nH3,S5,9\n"
EXPECTED = "student_id,host_id,rank\nS1,H2,2\nS2,H1,1\nS3,H2,1\nS4,,\nS5,,\n"


@pytest.fixture(params=["bytes", "text", "csv"])
def reading_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run each case through the vectorised path, the string path and the csv-module path."""
    if request.param == "text":
        monkeypatch.setattr(reader, "line_spans", lambda data: None)
    if request.param == "csv":
        monkeypatch.setattr(reader, "_block_chunks", reader._csv_module_chunks)
    yield request.param


def _write(
    directory: Path,
    students: str | bytes = STUDENTS,
    hosts: str | bytes = HOSTS,
    priorities: str | bytes = PRIORITIES,
) -> list[str]:
    for name, content in (
        ("students.csv", students),
        ("hosts.csv", hosts),
        ("priorities.csv", priorities),
    ):
        data = content.encode() if isinstance(content, str) else content
        (directory / name).write_bytes(data)
    return [
        "allocate",
        "--students", str(directory / "students.csv"),
        "--hosts", str(directory / "hosts.csv"),
        "--priorities", str(directory / "priorities.csv"),
        "--out", str(directory / "allocation.csv"),
        "--seed", "7",
    ]  # fmt: skip


def test_happy_path(tmp_path: Path, reading_mode: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_write(tmp_path)) == 0
    assert (tmp_path / "allocation.csv").read_text() == EXPECTED
    out = capsys.readouterr().out
    assert "Collocati: 3 (60,0%)" in out
    assert "Prima scelta: 2 (40,0% delle domande)" in out
    assert "Coppie bloccanti: nessuna" in out
    assert "Seme del sorteggio: 7" in out
    assert "Tempi:" in out
    assert list(tmp_path.glob(".allocation.csv.*")) == []


def test_bom_crlf_blank_lines_and_spaces(tmp_path: Path, reading_mode: str) -> None:
    students = (
        "\ufeff" + STUDENTS.replace("S1,H1;H2", " S1 , H1 ; H2 ").replace("\n", "\r\n") + "\r\n"
    )
    hosts = "\n\n" + HOSTS.replace("H2,2", "H2,  2") + "\n\n"
    assert main(_write(tmp_path, students, hosts)) == 0
    assert (tmp_path / "allocation.csv").read_text() == EXPECTED


def test_quoted_values_and_unicode_ids(tmp_path: Path) -> None:
    students = 'student_id,preferences\n"Rossi, Mario",H1\nLucía,H1\n'
    priorities = 'host_id,student_id,score\nH1,"Rossi, Mario",2\nH1,Lucía,1\n'
    assert main(_write(tmp_path, students, "host_id,capacity\nH1,1\n", priorities)) == 0
    assert (
        tmp_path / "allocation.csv"
    ).read_text() == 'student_id,host_id,rank\n"Rossi, Mario",H1,1\nLucía,,\n'


def test_max_placed_reports_blocking_pairs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    students = "student_id,preferences\nA,X;Y\nB,X\n"
    priorities = "host_id,student_id,score\nX,A,9\nX,B,1\nY,A,1\n"
    args = _write(tmp_path, students, "host_id,capacity\nX,1\nY,1\n", priorities)
    assert main([*args, "--objective", "max-placed"]) == 0
    assert (tmp_path / "allocation.csv").read_text() == "student_id,host_id,rank\nA,Y,2\nB,X,1\n"
    assert "Coppie bloccanti: 1 (l'allocazione non è stabile" in capsys.readouterr().out


def test_without_seed_one_is_drawn_and_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _write(tmp_path)[:-2]
    assert main(args) == 0
    assert "Seme del sorteggio: " in capsys.readouterr().out


H = "hosts.csv"
S = "students.csv"
P = "priorities.csv"
MALFORMED = [
    (
        H,
        "host,capacity\nH1,1\n",
        1,
        "intestazione attesa «host_id,capacity», trovata «host,capacity»",
    ),
    (H, "host_id\nH1\n", 1, "intestazione attesa"),
    (H, "host_id,capacity\nH1\n", 2, "attese 2 colonne, trovate 1"),
    (H, "host_id,capacity\nH1,1,1\n", 2, "attese 2 colonne, trovate 3"),
    (H, "host_id,capacity\nH1,2.5\n", 2, "capacità non intera «2.5»"),
    (H, "host_id,capacity\nH1,due\n", 2, "capacità non intera «due»"),
    (H, "host_id,capacity\nH1,\n", 2, "capacità non intera «»"),
    (H, "host_id,capacity\nH1,-1\n", 2, "capacità negativa «-1»"),
    (H, "host_id,capacity\nH1,1\nH1,2\n", 3, "ente «H1» duplicato (già alla riga 2)"),
    (H, "host_id,capacity\n,1\n", 2, "host_id vuoto"),
    (H, "", 1, "file vuoto"),
    (H, "\n\n", 1, "file vuoto"),
    (H, "host_id,capacity\nH1,1\n\nH2,x\n", 4, "capacità non intera"),
    (S, "student_id,preferences\nS1,H9\n", 2, "ente sconosciuto «H9»"),
    (S, "student_id,preferences\nS1,H1\nS2,H2;H9\n", 3, "ente sconosciuto «H9»"),
    (S, "student_id,preferences\nS1,H1\nS1,H2\n", 3, "studente «S1» duplicato (già alla riga 2)"),
    (S, "student_id,preferences\nS1,H2\nS2,H1;H2;H1\n", 3, "ente «H1» ripetuto nella lista"),
    (S, "student_id,preferences\nS1,H1\nS2,H1;;H2\n", 3, "id di ente vuoto nella lista"),
    (S, "student_id,preferences\nS1,H1;\n", 2, "id di ente vuoto nella lista"),
    (S, "student_id,preferences\n,H1\n", 2, "student_id vuoto"),
    (S, "student_id,preferences,note\nS1,H1,x\n", 1, "intestazione attesa"),
    (S, "student_id,preferences\nS1,H1,H2\n", 2, "attese 2 colonne, trovate 3"),
    (P, "host_id,student_id,score\nH1,S1,abc\n", 2, "punteggio non numerico «abc»"),
    (P, "host_id,student_id,score\nH1,S1,1\nH2,S1,nan\n", 3, "punteggio non finito «nan»"),
    (P, "host_id,student_id,score\nH1,S1,inf\n", 2, "punteggio non finito"),
    (P, "host_id,student_id,score\nH1,S1,\n", 2, "punteggio non numerico «»"),
    (P, "host_id,student_id,score\nH1,S9,1\n", 2, "studente sconosciuto «S9»"),
    (P, "host_id,student_id,score\nH9,S1,1\n", 2, "ente sconosciuto «H9»"),
    (P, "host_id,student_id,score\nH1,S1,1\nH2,S1,1\nH1,S1,2\n", 4, "punteggio duplicato"),
    (P, "host_id,student_id,score\nH1,S1\n", 2, "attese 3 colonne, trovate 2"),
    (P, "host_id,student_id,score\n,S1,1\n", 2, "host_id vuoto"),
    (P, b"host_id,student_id,score\nH1,S1,1\nH1,S\xff2,1\n", 3, "codifica UTF-8"),
]


@pytest.mark.parametrize(("name", "content", "line", "reason"), MALFORMED)
def test_malformed_file_stops_with_file_line_and_reason(
    tmp_path: Path,
    reading_mode: str,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str | bytes,
    line: int,
    reason: str,
) -> None:
    files = {"students": STUDENTS, "hosts": HOSTS, "priorities": PRIORITIES}
    files[name.removesuffix(".csv")] = content
    args = _write(tmp_path, files["students"], files["hosts"], files["priorities"])
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / name}, riga {line}: " in err
    assert reason in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "hosts.csv",
        "priorities.csv",
        "students.csv",
    ]


def test_lone_carriage_return(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = _write(tmp_path, hosts="host_id,capacity\nH1,1\rH2,1\nH3,0\n")
    assert main(args) == 2
    assert "hosts.csv, riga 2: ritorno a capo (CR) isolato" in capsys.readouterr().err


def test_error_leaves_an_existing_output_untouched(tmp_path: Path) -> None:
    args = _write(tmp_path, hosts="host_id,capacity\nH1,x\n")
    (tmp_path / "allocation.csv").write_text("previous\n")
    assert main(args) == 2
    assert (tmp_path / "allocation.csv").read_text() == "previous\n"


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = _write(tmp_path)
    (tmp_path / "priorities.csv").unlink()
    assert main(args) == 2
    assert "priorities.csv: impossibile leggere il file" in capsys.readouterr().err


def _module(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "ptp.matching", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - fixed argv


def test_module_entry_point_and_exit_statuses(tmp_path: Path) -> None:
    args = _write(tmp_path)
    done = _module(*args)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "allocation.csv").read_text() == EXPECTED
    (tmp_path / "allocation.csv").unlink()
    (tmp_path / "hosts.csv").write_text("host_id,capacity\nH1,-3\n")
    failed = _module(*args)
    assert failed.returncode == 2
    assert "hosts.csv, riga 2: capacità negativa «-3»" in failed.stderr
    assert not (tmp_path / "allocation.csv").exists()
    assert _module().returncode == 2


def test_missing_output_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = _write(tmp_path)
    args[args.index("--out") + 1] = str(tmp_path / "nowhere" / "allocation.csv")
    assert main(args) == 2
    assert "non esiste" in capsys.readouterr().err


def test_ids_of_any_length_and_script(tmp_path: Path, reading_mode: str) -> None:
    ids = ["a", "Lucía", "studente-con-un-identificativo-molto-lungo-0001", "ñ", "Ω2"]
    hosts = "host_id,capacity\nente-α,2\nB,1\n"
    students = "student_id,preferences\n" + "".join(f"{s},ente-α;B\n" for s in ids)
    priorities = "host_id,student_id,score\n" + "".join(
        f"{h},{s},{i}\n" for i, s in enumerate(ids) for h in ("ente-α", "B")
    )
    assert main(_write(tmp_path, students, hosts, priorities)) == 0
    rows = (tmp_path / "allocation.csv").read_text().splitlines()[1:]
    assert rows == [
        "a,,",
        "Lucía,,",
        "studente-con-un-identificativo-molto-lungo-0001,B,2",
        "ñ,ente-α,1",
        "Ω2,ente-α,1",
    ]


def test_row_order_does_not_change_the_allocation(tmp_path: Path) -> None:
    students = "student_id,preferences\n" + "".join(f"S{i},H1;H2;H3\n" for i in range(30))
    hosts = "host_id,capacity\nH1,3\nH2,4\nH3,5\n"
    priorities = "host_id,student_id,score\n" + "".join(
        f"H{h},S{i},{(i * h) % 4}\n" for i in range(30) for h in (1, 2, 3)
    )

    def shuffled(text: str, seed: int) -> str:
        header, *rows = text.splitlines()
        random.Random(seed).shuffle(rows)
        return "\n".join([header, *rows]) + "\n"

    results = []
    for seed in range(3):
        directory = tmp_path / str(seed)
        directory.mkdir()
        files = (shuffled(students, seed), shuffled(hosts, seed), shuffled(priorities, seed))
        assert main(_write(directory, *files)) == 0
        results.append(sorted((directory / "allocation.csv").read_text().splitlines()))
    assert results[0] == results[1] == results[2]
