"""What a case summary leaves out, it did not find: the presumptions a narrative is read with.

Ankestyrelsen's summaries name a defect in the case information, an earlier course, the
person's wish, a contested length, the pension age or a missing development perspective
when these matter; and Ankestyrelsen assesses what the complaint is about, so a finding of
the municipality or the rehabiliteringsteam that the complaint does not dispute stands.
Presumptions apply only to case narratives, only where the text says nothing, and each is
reported with its basis, so a reader sees exactly what was assumed.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.language.reader import Derived, Reading

# (fact, value, basis) presumed when the narrative says nothing of the fact
SILENT: list[tuple[str, Any, str]] = [
    ("lae265_current", True, "ingen mangel ved LÆ 265 nævnt"),
    ("preparatory_part_current", True, "ingen mangel ved den forberedende del nævnt"),
    ("specialist_info_missing", False, "ingen manglende specialistoplysninger nævnt"),
    ("team_treated", True, "intet nævnt om en afgørelse uden rehabiliteringsteamet"),
    ("previous_courses", 0, "intet tidligere forløb nævnt"),
    ("complaint_only_duration", False, "klagen angår ikke kun længden"),
    ("duration_contested", False, "varigheden er ikke nævnt som omstridt"),
    ("documented_no_improvement", False, "ikke nævnt, at arbejdsevnen ikke kan forbedres"),
    ("no_improvement_possible", False, "ikke nævnt, at bedring er udelukket"),
    ("only_quality_of_life", False, "ikke nævnt, at indsatsen kun sigter på livskvalitet"),
]
_TARGET_FACTS = (
    "complex_problems",
    "interdisciplinary_need",
    "long_public_support",
    "participated_without_progress",
    "needs_long_effort",
)
_AGAINST_PERSPECTIVE = ("documented_no_improvement", "no_improvement_possible", "only_quality_of_life")


def _presume(out: dict[str, Any], presumed: list[Derived], field: str, value: Any, basis: str) -> None:
    if out.get(field) is None:
        out[field] = value
        presumed.append(Derived(field, value, f"formodet: {basis}", confidence=0.5))


def presume_for_case(reading: Reading, facts: dict[str, Any]) -> tuple[dict[str, Any], list[Derived]]:
    """`facts` (the reading's, with the decision and its date) plus the presumptions of a case summary."""
    out = dict(facts)
    presumed: list[Derived] = []
    complaint = reading.complaint
    issues = complaint.issues
    decision = out.get("decision")
    # the scope of the complaint, when the text states it
    if complaint.stated and out.get("duration_contested") is None and not out.get("complaint_only_duration"):
        if "duration" in issues:
            _presume(
                out, presumed, "duration_contested", True, f"klagen nævner varigheden ({complaint.words['duration']})"
            )
        elif complaint.not_duration or issues:
            _presume(out, presumed, "duration_contested", False, "klagen angår ikke varigheden")
    if isinstance(decision, str) and decision.startswith("afslag_"):
        # a refused effort within a running course
        _presume(out, presumed, "in_course", True, "klagen angår en indsats i et igangværende forløb")
        _presume(out, presumed, "special_reasons_against_team", False, "ingen særlige grunde nævnt")
        return out, presumed
    defect = [
        f
        for f, bad in (
            ("lae265_current", False),
            ("preparatory_part_current", False),
            ("specialist_info_missing", True),
        )
        if out.get(f) is bad
    ]
    if defect:
        _presume(
            out,
            presumed,
            "defect_immaterial",
            False,
            f"manglen ({', '.join(defect)}) er ikke beskrevet som uden betydning",
        )
    for field, value, basis in SILENT:
        if field == "duration_contested" and (
            "granted_years" in out or out.get("complaint_only_duration") or out.get("duration_fixed") is False
        ):
            continue  # a length the narrative names, or says is not fixed, is not presumed uncontested
        _presume(out, presumed, field, value, f"{basis} i sagsfremstillingen")
    # findings nobody disputes stand (the complaint is about something else)
    granted = decision in ("bevilget", "forlænget")
    team = out.get("team_recommended") is True
    # a refusal that sends the case on to førtidspension is itself a finding on the perspective
    decided = next((d.words for d in reading.derived if d.field == "decision"), "")
    to_pension = bool(re.search(r"førtidspension", decided, re.IGNORECASE))
    other = (
        decision == "afslag"
        and not to_pension
        and (bool(issues & {"pension", "reform", "age", "total", "duration"}) or bool(reading.refusal_basis))
    )
    if granted or team or other:
        who = (
            "rehabiliteringsteamet indstillede til forløbet"
            if team
            else "kommunen har bevilget forløbet"
            if granted
            else f"kommunens afslag bygger på noget andet ({reading.refusal_basis or ', '.join(sorted(issues))})"
        )
        if (
            "target_group" not in issues
            and all(out.get(f) is not False for f in _TARGET_FACTS[:2])
            and any(out.get(f) is not False for f in _TARGET_FACTS[2:])
        ):
            _presume(out, presumed, "target_group_undisputed", True, f"målgruppen er ikke bestridt; {who}")
        against = [f for f in _AGAINST_PERSPECTIVE if out.get(f) is True]
        none_for = (
            out.get("treatment_options"),
            out.get("work_capacity_clarified"),
            out.get("motivation_factor"),
            out.get("support_measures_relevant"),
        ) == (False, True, False, False)
        # "al relevant behandling er prøvet" read in the narrative is evidence on the perspective:
        # the perspective is then assessed, not presumed
        used_up = out.get("treatment_options") is False
        if "perspective" not in issues and not against and not none_for and not used_up:
            _presume(out, presumed, "perspective_undisputed", True, f"udviklingsperspektivet er ikke bestridt; {who}")
    if granted and out.get("decision_date"):
        _presume(out, presumed, "course_start", out["decision_date"], "forløbet begynder på afgørelsesdatoen")
    if granted and "wishes_course" not in out:
        _presume(out, presumed, "wishes_course", False, "borgeren klager over at være henvist til et forløb")
    elif decision == "fortsat" and "wishes_course" not in out:
        _presume(out, presumed, "wishes_course", False, "borgeren klager over, at forløbet fortsætter")
    elif decision in ("ophør", "afslag") and "wishes_course" not in out:
        _presume(out, presumed, "wishes_course", True, "borgeren klager, fordi hun/han ønsker forløbet")
    if not any(k in out for k in ("age", "age_over", "age_under", "birth_date", "born_from", "born_to")) or (
        "age_over" in out and "age" not in out and "age_under" not in out
    ):
        _presume(out, presumed, "age_under", 60, "folkepensionsalderen og reglerne om alder er ikke nævnt som i spil")
    return out, presumed
