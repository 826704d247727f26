"""A synthetic ESCO download in the official layout, Italian file names, reproducible by seed.

Usage (from the repository root):
``.venv/bin/python -m bench.skills.generate --out /tmp/esco_synth_it --seed 1``

Shape (defaults): 14,000 skills (a quarter knowledge, 3% transversal), 648 skill groups on three
levels, 3,000 occupations in 650 ISCO-like groups, 130,000 occupation-skill relations (skill
popularity is skewed: some skills are needed by hundreds of occupations), about 21,000 broader
rows for skills and 4,000 for occupations. Labels are Italian phrases built from word lists (with
accents), 0-3 alternative labels each, newline-separated inside quoted fields, CRLF records, as
in the real files. URIs live under https://rete-ptp.invalid/, so import with --not-official.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

NS = "https://rete-ptp.invalid/esco-synth/"

VERBS = [
    ("gestire", "amministrare"),
    ("preparare", "realizzare"),
    ("controllare", "verificare"),
    ("organizzare", "pianificare"),
    ("progettare", "ideare"),
    ("installare", "montare"),
    ("riparare", "aggiustare"),
    ("coordinare", "dirigere"),
    ("analizzare", "esaminare"),
    ("documentare", "registrare"),
    ("programmare", "impostare"),
    ("pulire", "sanificare"),
    ("servire", "distribuire"),
    ("vendere", "commercializzare"),
    ("promuovere", "pubblicizzare"),
    ("misurare", "rilevare"),
    ("collaudare", "testare"),
    ("accogliere", "ricevere"),
    ("insegnare", "spiegare"),
    ("conservare", "custodire"),
    ("trasportare", "spostare"),
    ("saldare", "unire"),
    ("tagliare", "sezionare"),
    ("decorare", "rifinire"),
]
OBJECTS = [
    "impianti elettrici",
    "macchine utensili",
    "piatti tipici",
    "camere d'albergo",
    "visite guidate",
    "prodotti da forno",
    "reti informatiche",
    "quadri di comando",
    "veicoli a motore",
    "sistemi idraulici",
    "opere d'arte",
    "eventi culturali",
    "prenotazioni alberghiere",
    "bevande calde",
    "cocktail",
    "pasta fresca",
    "dolci al cucchiaio",
    "componenti elettronici",
    "strutture in legno",
    "tessuti pregiati",
    "capi d'abbigliamento",
    "acconciature",
    "trattamenti estetici",
    "pannelli solari",
    "caldaie a condensazione",
    "carrozzerie",
    "pneumatici",
    "motori diesel",
    "circuiti stampati",
    "database aziendali",
    "siti web",
    "campagne pubblicitarie",
    "magazzini",
    "ordini dei clienti",
    "fatture elettroniche",
    "buste paga",
    "cantieri edili",
    "ponteggi",
    "infissi",
    "pavimenti in ceramica",
    "giardini pubblici",
    "colture biologiche",
    "vigneti",
    "cantine vinicole",
    "formaggi stagionati",
    "salumi toscani",
    "olio extravergine",
    "itinerari turistici",
    "musei civici",
    "biblioteche",
    "archivi storici",
    "gruppi di visitatori",
    "menù stagionali",
    "allergeni alimentari",
    "dispositivi medici",
    "ausili per la mobilità",
    "imbarcazioni da diporto",
    "porti turistici",
    "stabilimenti balneari",
    "città d'arte",
]
QUALIFIERS = [
    "",
    "in sicurezza",
    "secondo le norme",
    "con strumenti digitali",
    "per l'industria alimentare",
    "nel settore turistico",
    "in autonomia",
    "in gruppo",
    "per la clientela internazionale",
    "con attenzione alla qualità",
    "nel rispetto dell'ambiente",
    "di piccole dimensioni",
    "di grandi dimensioni",
    "in laboratorio",
    "all'aperto",
    "in cantiere",
    "per eventi",
    "per l'accessibilità",
    "a bordo",
    "in città",
]
KNOWLEDGE = [
    "normativa su",
    "storia di",
    "tecniche per",
    "principi di",
    "tecnologia di",
    "sicurezza di",
    "mercato di",
    "qualità di",
]
OCCUPATION_HEADS = [
    "tecnico",
    "addetto",
    "operatore",
    "responsabile",
    "assistente",
    "specialista",
    "installatore",
    "manutentore",
    "consulente",
    "coordinatore",
]
OCCUPATION_TAILS = [
    "junior",
    "senior",
    "di reparto",
    "di cantiere",
    "di sala",
    "di laboratorio",
    "di produzione",
    "commerciale",
    "esperto",
    "stagionale",
    "in formazione",
    "polivalente",
]
REUSE = ["sector-specific", "cross-sector", "occupation-specific"]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def _alts(rng: random.Random, verb: tuple[str, str], rest: str) -> str:
    options = [f"{verb[1]} {rest}".strip(), f"{rest} ({verb[0]})", f"{verb[0]} {rest} e simili"]
    return "\n".join(rng.sample(options, rng.randint(0, 3)))


def generate(
    out: Path,
    *,
    seed: int = 1,
    skills: int = 14_000,
    occupations: int = 3_000,
    relations: int = 130_000,
) -> dict[str, int]:
    """Writes the files into ``out`` and returns the number of rows of each."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)

    # ISCO-like groups: 10 + 40 + 120 + 480 codes.
    isco_rows, leaves = [], []
    for a in range(10):
        isco_rows.append([str(a), f"gruppo professionale {a}"])
        for b in range(1, 5):
            isco_rows.append([f"{a}{b}", f"sottogruppo professionale {a}{b}"])
            for c in range(1, 4):
                isco_rows.append([f"{a}{b}{c}", f"classe professionale {a}{b}{c}"])
                for d in range(1, 5):
                    isco_rows.append([f"{a}{b}{c}{d}", f"unità professionale {a}{b}{c}{d}"])
                    leaves.append(f"{a}{b}{c}{d}")
    _write(
        out / "ISCOGroups_it.csv",
        [
            "conceptType",
            "conceptUri",
            "code",
            "preferredLabel",
            "status",
            "altLabels",
            "inScheme",
            "description",
        ],
        [
            ["ISCOGroup", f"{NS}isco/C{code}", code, label, "released", "", f"{NS}isco", ""]
            for code, label in isco_rows
        ],
    )

    # Skill groups: 8 x 8 x 9 = 648 on three levels.
    groups, group_broader, third_level = [], [], []
    for a in range(8):
        top = f"{NS}skill/g{a}"
        groups.append([top, f"area di competenza {a + 1}", f"S{a + 1}"])
        for b in range(8):
            mid = f"{NS}skill/g{a}-{b}"
            groups.append(
                [
                    mid,
                    f"ambito {a + 1}.{b + 1} di {OBJECTS[(a * 8 + b) % len(OBJECTS)]}",
                    f"S{a + 1}.{b + 1}",
                ]
            )
            group_broader.append(["SkillGroup", mid, "SkillGroup", top])
            for c in range(9):
                low = f"{NS}skill/g{a}-{b}-{c}"
                groups.append(
                    [low, f"famiglia {a + 1}.{b + 1}.{c + 1}", f"S{a + 1}.{b + 1}.{c + 1}"]
                )
                group_broader.append(["SkillGroup", low, "SkillGroup", mid])
                third_level.append(low)
    _write(
        out / "skillGroups_it.csv",
        [
            "conceptType",
            "conceptUri",
            "preferredLabel",
            "altLabels",
            "hiddenLabels",
            "status",
            "modifiedDate",
            "scopeNote",
            "inScheme",
            "description",
            "code",
        ],
        [
            ["SkillGroup", uri, label, "", "", "released", "", "", f"{NS}skills", "", code]
            for uri, label, code in groups
        ],
    )

    # Skills: unique labels from verb x object x qualifier (or knowledge prefix x object x qualifier).
    seen: set[str] = set()
    skill_rows, skill_uris, skill_types = [], [], []
    while len(skill_rows) < skills:
        obj, qual = rng.choice(OBJECTS), rng.choice(QUALIFIERS)
        if rng.random() < 0.25:
            verb = ("", "")
            label = f"{rng.choice(KNOWLEDGE)} {obj} {qual}".strip()
            kind = "knowledge"
        else:
            verb = rng.choice(VERBS)
            label = f"{verb[0]} {obj} {qual}".strip()
            kind = "skill/competence"
        if label in seen:
            continue
        seen.add(label)
        n = len(skill_rows)
        uri = f"{NS}skill/s{n}"
        reuse = "transversal" if rng.random() < 0.03 else rng.choice(REUSE)
        alts = _alts(rng, verb, f"{obj} {qual}".strip()) if verb[0] else ""
        skill_rows.append(
            [
                "KnowledgeSkillCompetence",
                uri,
                kind,
                reuse,
                label,
                alts,
                "",
                "released",
                "",
                "",
                "",
                f"{NS}skills",
                f"Saper {label} nel rispetto delle procedure di lavoro.",
            ]
        )
        skill_uris.append(uri)
        skill_types.append(kind)
    _write(
        out / "skills_it.csv",
        [
            "conceptType",
            "conceptUri",
            "skillType",
            "reuseLevel",
            "preferredLabel",
            "altLabels",
            "hiddenLabels",
            "status",
            "modifiedDate",
            "scopeNote",
            "definition",
            "inScheme",
            "description",
        ],
        skill_rows,
    )
    broader = list(group_broader)
    for n, uri in enumerate(skill_uris):
        broader.append(["KnowledgeSkillCompetence", uri, "SkillGroup", rng.choice(third_level)])
        if n > 10 and rng.random() < 0.47:  # a broader skill among the earlier ones: no cycles
            broader.append(
                [
                    "KnowledgeSkillCompetence",
                    uri,
                    "KnowledgeSkillCompetence",
                    skill_uris[rng.randrange(n)],
                ]
            )
    _write(
        out / "broaderRelationsSkillPillar_it.csv",
        ["conceptType", "conceptUri", "broaderType", "broaderUri"],
        broader,
    )

    # Occupations.
    occ_rows, occ_uris, occ_pillar = [], [], []
    seen.clear()
    while len(occ_rows) < occupations:
        label = (
            f"{rng.choice(OCCUPATION_HEADS)} {rng.choice(OBJECTS)} {rng.choice(OCCUPATION_TAILS)}"
        )
        if label in seen:
            continue
        seen.add(label)
        n = len(occ_rows)
        uri, isco = f"{NS}occupation/o{n}", rng.choice(leaves)
        alts = "\n".join(
            label.replace(label.split()[0], alt, 1)
            for alt in rng.sample(OCCUPATION_HEADS, rng.randint(0, 2))
        )
        occ_rows.append(
            [
                "Occupation",
                uri,
                isco,
                label,
                alts,
                "",
                "released",
                "",
                "",
                "",
                "",
                f"{NS}occupations",
                f"Svolge il lavoro di {label}.",
                f"{isco}.{n}",
            ]
        )
        occ_uris.append(uri)
        if n > 10 and rng.random() < 0.4:
            occ_pillar.append(["Occupation", uri, "Occupation", occ_uris[rng.randrange(n)]])
        else:
            occ_pillar.append(["Occupation", uri, "ISCOGroup", f"{NS}isco/C{isco}"])
    occ_pillar += [
        ["ISCOGroup", f"{NS}isco/C{c}", "ISCOGroup", f"{NS}isco/C{c[:-1]}"]
        for c, _l in isco_rows
        if len(c) > 1
    ]
    _write(
        out / "occupations_it.csv",
        [
            "conceptType",
            "conceptUri",
            "iscoGroup",
            "preferredLabel",
            "altLabels",
            "hiddenLabels",
            "status",
            "modifiedDate",
            "regulatedProfessionNote",
            "scopeNote",
            "definition",
            "inScheme",
            "description",
            "code",
        ],
        occ_rows,
    )
    _write(
        out / "broaderRelationsOccPillar_it.csv",
        ["conceptType", "conceptUri", "broaderType", "broaderUri"],
        occ_pillar,
    )

    # Relations: skewed skill popularity (weight 1/rank^0.8), distinct pairs.
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(skill_uris))]
    order = list(range(len(skill_uris)))
    rng.shuffle(order)
    per_occupation = relations // occupations
    extra = relations - per_occupation * occupations
    rel_rows = []
    for n, occ in enumerate(occ_uris):
        want = per_occupation + (1 if n < extra else 0)
        chosen: set[int] = set()
        while len(chosen) < want:
            chosen.update(
                order[i] for i in rng.choices(range(len(order)), weights, k=want - len(chosen))
            )
        for i in sorted(chosen):
            relation = "essential" if rng.random() < 0.52 else "optional"
            rel_rows.append([occ, relation, skill_types[i], skill_uris[i]])
    _write(
        out / "occupationSkillRelations_it.csv",
        ["occupationUri", "relationType", "skillType", "skillUri"],
        rel_rows,
    )
    return {
        "skills": len(skill_rows),
        "skill_groups": len(groups),
        "occupations": len(occ_rows),
        "isco": len(isco_rows),
        "relations": len(rel_rows),
        "skill_broader": len(broader),
        "occupation_broader": len(occ_pillar),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skills", type=int, default=14_000)
    parser.add_argument("--occupations", type=int, default=3_000)
    parser.add_argument("--relations", type=int, default=130_000)
    args = parser.parse_args()
    counts = generate(
        args.out,
        seed=args.seed,
        skills=args.skills,
        occupations=args.occupations,
        relations=args.relations,
    )
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
