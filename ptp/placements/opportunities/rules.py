"""The rules an opportunity must meet to be published (and to stay published when it changes).

1. It has at least one time window, and one that has not ended yet.
2. The host has accepted the hub's framework agreement (ptp/placements/hosts).
3. Work the rules in force exclude for minors (D.Lgs. 345/1999, annex I of L. 977/1967 as
   amended) is offered to adults only: minimum age 18. The database refuses it as well
   (constraint `opportunity_excluded_work_adults_only`).
4. Platform policy «rischio alto dai 16 anni»: an activity of high risk class (Accordo
   Stato-Regioni 21/12/2011, 12 hours of specific safety training) is not published for students
   under 16, the age at which compulsory education ends (L. 296/2006, art. 1 c. 622). This is a
   choice of the platform, stricter than the law, so younger students start in low- and
   medium-risk settings; a host that needs it changed asks the hub's coordinator.

Pure functions: the services and the back-office pages ask the same questions.
"""

import datetime as dt
from collections.abc import Sequence

from ptp.placements.models import RiskLevel

ADULT_AGE = 18
HIGH_RISK_MIN_AGE = 16

HIGH_RISK_POLICY = (
    f"regola della piattaforma «rischio alto dai {HIGH_RISK_MIN_AGE} anni»: un'attività a rischio "
    f"alto (Accordo Stato-Regioni 21/12/2011) si pubblica solo con età minima di almeno "
    f"{HIGH_RISK_MIN_AGE} anni"
)


def content_problems(
    *, min_age: int, risk_level: str, involves_minor_excluded_work: bool
) -> list[str]:
    """What in the opportunity itself prevents publishing it (Italian messages)."""
    problems = []
    if involves_minor_excluded_work and min_age < ADULT_AGE:
        problems.append(
            "comprende lavorazioni vietate ai minori (D.Lgs. 345/1999): l'età minima deve essere "
            f"di almeno {ADULT_AGE} anni"
        )
    if risk_level == RiskLevel.HIGH and min_age < HIGH_RISK_MIN_AGE:
        problems.append(HIGH_RISK_POLICY)
    return problems


def window_problems(windows: Sequence[tuple[dt.date, dt.date]], *, today: dt.date) -> list[str]:
    """What in the time windows prevents publishing: none, or all already ended."""
    if not windows:
        return ["non ha periodi: aggiungi almeno un periodo con i posti"]
    if all(ends_on < today for _, ends_on in windows):
        return ["tutti i periodi sono già conclusi: aggiungine uno futuro"]
    return []


def publication_problems(
    *,
    windows: Sequence[tuple[dt.date, dt.date]],
    today: dt.date,
    framework_accepted: bool,
    min_age: int,
    risk_level: str,
    involves_minor_excluded_work: bool,
) -> list[str]:
    """Every reason the opportunity cannot be published now (empty when it can)."""
    problems = window_problems(windows, today=today)
    if not framework_accepted:
        problems.append("l'impresa non ha ancora accettato la convenzione quadro del polo")
    return problems + content_problems(
        min_age=min_age,
        risk_level=risk_level,
        involves_minor_excluded_work=involves_minor_excluded_work,
    )
