"""Rules core for ressourceforløb (LAB §§ 112-115 a), deterministic and without I/O other
than reading its own parameter files.

Public API:
    Facts                 typed, optional facts (None = unknown)
    assess_appeal(facts)  -> AppealResult (outcome, or declined with missing facts)
    evaluate_all(facts)   -> dict[str, RuleResult], every rule
    all_rules()           -> every rule by name (each registers itself, `rules.registry`)
    value(name, on)       -> ParamValue, a dated parameter in force on a day
    pension_age(birth)    -> PensionAge, folkepensionsalder (LSP § 1 a)
"""

from rules.appeal import OUTCOMES, AppealResult, assess_appeal, evaluate_all
from rules.facts import COURSE_DECISIONS, DECISIONS, EFFORT_DECISIONS, Facts, FactsError
from rules.params import (
    ParamError,
    ParamValue,
    PensionAge,
    pension_age,
    pension_date,
    value,
)
from rules.registry import all_rules
from rules.result import RuleResult

__all__ = [
    "AppealResult",
    "COURSE_DECISIONS",
    "DECISIONS",
    "EFFORT_DECISIONS",
    "Facts",
    "FactsError",
    "OUTCOMES",
    "ParamError",
    "ParamValue",
    "PensionAge",
    "RuleResult",
    "all_rules",
    "assess_appeal",
    "evaluate_all",
    "pension_age",
    "pension_date",
    "value",
]
