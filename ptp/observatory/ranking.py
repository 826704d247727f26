"""The regional ranking of hubs: pure arithmetic, no Django.

Method (also written out, in Italian, by `method_text`):

1. Each indicator is normalised min–max across the hubs that have a value for it:
   `(v − min) / (max − min)` when more is better, `(max − v) / (max − min)` when less is better,
   so the best hub scores 1 and the worst 0. When every hub has the same value the indicator does
   not tell them apart and every hub scores 1 on it.
2. A hub's score is the weighted mean of its normalised indicators with the officer's weights,
   over the indicators it has a value for: `Σ wᵢ·nᵢ / Σ wᵢ`. A missing value (not reported, or
   suppressed because fewer than 5 people are behind it) neither helps nor harms: its weight is left
   out of both sums. A hub whose available indicators carry less than half of the total weight
   (`MIN_WEIGHT_SHARE`) is listed but not ranked: a prize should not rest on one or two figures.
   Scores run from 0 to 100.
3. Hubs are ordered by score, highest first; equal scores (to 6 decimals) share the rank and the
   next rank skips ("1, 1, 3"); within a tie hubs are listed by name.

Weights are non-negative numbers, at least one above zero; an indicator with weight 0 is ignored.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SCORE_DECIMALS = 6
MIN_WEIGHT_SHARE = 0.5  # share of the total weight a hub's available indicators must carry


class InvalidWeightsError(ValueError):
    """The weights cannot make a ranking (negative, not numbers, or all zero)."""


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    higher_is_better: bool


@dataclass(frozen=True)
class Entry:
    """What the ranking knows of one hub: its name and the (public) indicator values."""

    key: str
    name: str
    values: Mapping[str, float | None]


@dataclass(frozen=True)
class Ranked:
    key: str
    name: str
    rank: int | None  # None: not ranked (available indicators carry < MIN_WEIGHT_SHARE of weight)
    score: float | None  # 0–100, None when not ranked
    normalised: Mapping[str, float | None]
    used: int  # weighted indicators available
    weighted: int  # weighted indicators in the method


def check_weights(weights: Mapping[str, float], criteria: Sequence[Criterion]) -> dict[str, float]:
    """The weights of known criteria as floats; raises InvalidWeightsError when unusable."""
    known = {c.key for c in criteria}
    clean: dict[str, float] = {}
    for key, raw in weights.items():
        if key not in known:
            raise InvalidWeightsError(f"indicatore sconosciuto: {key}")
        try:
            value = float(raw)
        except (TypeError, ValueError) as exc:
            raise InvalidWeightsError(f"peso non numerico per {key}") from exc
        if value != value or value in (float("inf"), float("-inf")):
            raise InvalidWeightsError(f"peso non valido per {key}")
        if value < 0:
            raise InvalidWeightsError(f"peso negativo per {key}")
        clean[key] = value
    if not any(v > 0 for v in clean.values()):
        raise InvalidWeightsError("serve almeno un peso maggiore di zero")
    return clean


def normalise(entries: Sequence[Entry], criterion: Criterion) -> dict[str, float | None]:
    """Min–max normalisation of one indicator across the entries (None where missing)."""
    present = [e.values.get(criterion.key) for e in entries]
    numbers = [v for v in present if v is not None]
    if not numbers:
        return {e.key: None for e in entries}
    low, high = min(numbers), max(numbers)
    result: dict[str, float | None] = {}
    for entry, value in zip(entries, present, strict=True):
        if value is None:
            result[entry.key] = None
        elif high == low:
            result[entry.key] = 1.0
        elif criterion.higher_is_better:
            result[entry.key] = (value - low) / (high - low)
        else:
            result[entry.key] = (high - value) / (high - low)
    return result


def rank(
    entries: Sequence[Entry], criteria: Sequence[Criterion], weights: Mapping[str, float]
) -> list[Ranked]:
    """The hubs in ranking order (unranked ones last, by name), as the module docstring says."""
    clean = check_weights(weights, criteria)
    active = [c for c in criteria if clean.get(c.key, 0) > 0]
    columns = {c.key: normalise(entries, c) for c in active}
    total_weight = sum(clean[c.key] for c in active)
    scored: list[Ranked] = []
    for entry in entries:
        total = weight_sum = 0.0
        used = 0
        normalised: dict[str, float | None] = {}
        for c in active:
            n = columns[c.key][entry.key]
            normalised[c.key] = n
            if n is not None:
                total += clean[c.key] * n
                weight_sum += clean[c.key]
                used += 1
        enough = weight_sum > 0 and weight_sum >= MIN_WEIGHT_SHARE * total_weight
        score = round(100 * total / weight_sum, SCORE_DECIMALS) if enough else None
        scored.append(Ranked(entry.key, entry.name, None, score, normalised, used, len(active)))
    scored.sort(key=lambda r: (r.score is None, -(r.score or 0.0), r.name))
    result: list[Ranked] = []
    previous: float | None = None
    current_rank = 0
    for position, r in enumerate(scored, start=1):
        if r.score is None:
            result.append(r)
            continue
        if r.score != previous:
            current_rank = position
            previous = r.score
        result.append(
            Ranked(r.key, r.name, current_rank, r.score, r.normalised, r.used, r.weighted)
        )
    return result


def method_text(criteria: Sequence[Criterion], weights: Mapping[str, float]) -> list[str]:
    """The method in plain Italian, one paragraph per item, with the weights in use."""
    clean = check_weights(weights, criteria)
    total = sum(clean.values())
    lines = [
        "Ogni indicatore è normalizzato fra 0 e 1 con il metodo min–max sui poli che hanno un "
        "valore: il polo migliore vale 1, il peggiore 0 (se tutti i poli hanno lo stesso valore, "
        "tutti valgono 1).",
        "Il punteggio di un polo è la media dei suoi indicatori normalizzati pesata con i pesi "
        "sotto, espressa da 0 a 100. Un valore mancante (non rilevato, o non mostrato perché "
        "riguarda meno di 5 persone) non conta né a favore né contro: il suo peso è escluso dal "
        "calcolo di quel polo. Un polo i cui indicatori disponibili pesano meno della metà del "
        "totale dei pesi è elencato ma non entra in graduatoria.",
        "A parità di punteggio i poli hanno la stessa posizione e la posizione successiva è "
        "saltata (1, 1, 3).",
    ]
    for c in criteria:
        w = clean.get(c.key, 0.0)
        if w <= 0:
            continue
        share = f"{100 * w / total:.1f}".replace(".", ",")
        direction = "più alto è meglio" if c.higher_is_better else "più basso è meglio"
        weight = f"{w:g}".replace(".", ",")
        lines.append(f"{c.label}: peso {weight} ({share} % del totale; {direction}).")
    return lines
