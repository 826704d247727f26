"""Importing the official ESCO CSV download (v1.1.x and v1.2.x layouts).

``layout`` finds the files, ``csvfile`` and ``reading`` read and check all of them in memory,
``writing`` writes only the differences in one transaction. Used by ``manage.py import_esco``
and by ``ptp.skills.services.load_demo_taxonomy``.
"""

from dataclasses import dataclass
from pathlib import Path

from ptp.core.errors import InvalidInputError
from ptp.skills.esco_import.csvfile import Progress
from ptp.skills.esco_import.errors import EscoFormatError
from ptp.skills.esco_import.layout import find_layout, infer_version
from ptp.skills.esco_import.reading import read_release
from ptp.skills.esco_import.writing import Tally, write_release

__all__ = ["EscoFormatError", "ImportResult", "import_esco"]

_KIND_LABELS = {
    "isco": "gruppi ISCO",
    "skills": "competenze e gruppi di competenze",
    "occupations": "professioni",
    "skill_hierarchy": "collegamenti della gerarchia delle competenze",
    "relations": "relazioni professione–competenza",
}


@dataclass(frozen=True)
class ImportResult:
    """What an import found and did."""

    version: str
    languages: tuple[str, ...]
    ignored_languages: tuple[str, ...]
    official: bool
    rows: dict[str, int]
    tallies: dict[str, Tally]
    warnings: tuple[str, ...]
    import_id: int | None

    @property
    def changed(self) -> bool:
        return any(t.changes for t in self.tallies.values())

    def summary(self) -> list[str]:
        """The report printed by the command, in Italian."""
        kind = "ufficiale" if self.official else "NON ufficiale (etichette dimostrative o di prova)"
        lines = [f"ESCO {self.version}, lingue: {', '.join(self.languages)}; insieme {kind}."]
        if self.ignored_languages:
            lines.append(
                f"File in altre lingue ignorati ({', '.join(self.ignored_languages)}): "
                "il database ha etichette solo in italiano e in inglese."
            )
        for name, tally in self.tallies.items():
            line = (
                f"  {_KIND_LABELS[name]}: {tally.created} nuovi, {tally.updated} aggiornati, "
                f"{tally.deleted} eliminati, {tally.unchanged} invariati"
            )
            if tally.absent:
                line += f"; {tally.absent} presenti nel database ma non nel rilascio (conservati)"
            lines.append(line)
        lines.extend(f"Avviso: {w}" for w in self.warnings)
        lines.append("Importazione completata." if self.changed else "Nessuna modifica.")
        return lines


def import_esco(
    directory: Path,
    *,
    version: str | None = None,
    official: bool = True,
    progress: Progress | None = None,
) -> ImportResult:
    """Loads an ESCO download idempotently: checks every file first, then writes the differences.

    A malformed file raises EscoFormatError (file, line, reason) before anything is written. The
    release version is given or read from the directory name; ``official=False`` marks every
    label as not official (demo and test sets), and is required for URIs outside ESCO's namespace.
    """
    layout = find_layout(directory)
    version = version or infer_version(directory)
    if not version:
        raise InvalidInputError(
            f"Non riesco a ricavare la versione ESCO dal nome della cartella «{directory.name}»: "
            "indicala con --esco-version (per esempio --esco-version v1.2.0).",
            field="version",
        )
    release = read_release(layout, official=official, progress=progress)
    outcome, record = write_release(
        release, version=version, official=official, source=str(directory), progress=progress
    )
    return ImportResult(
        version=version,
        languages=release.languages,
        ignored_languages=release.ignored_languages,
        official=official,
        rows=release.rows,
        tallies=outcome.tallies,
        warnings=tuple(release.warnings),
        import_id=record.pk if record else None,
    )
