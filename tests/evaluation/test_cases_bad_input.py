"""Bad case narratives are declined with the reason named, never a crash."""

from __future__ import annotations

from assistant.evaluation.cases import score_cases
from assistant.evaluation.formats import load_eval_bytes


def cases(*narratives: str) -> list:
    items = "\n".join(
        f"  - id: c{i}\n    decision_date: 2023-05-01\n    narrative: {n!r}\n    expected: {{outcome: stadfæstelse, refs: []}}"
        for i, n in enumerate(narratives)
    )
    ef = load_eval_bytes(("cases:\n" + items + "\n").encode(), "x.yaml")
    assert not ef.errors, ef.errors
    return ef.items


def test_each_bad_narrative_is_declined_with_its_reason():
    report = score_cases(
        cases(
            "The municipality granted a new course to a 53 year old citizen who does not want it.",
            "x" * 100_000,
            "Borgeren er 30 år og født den 1. januar 1950. Kommunen bevilgede den 1. maj 2023 et ressourceforløb.",
            "Borgeren er 53 år. Kommunen bevilgede den 1. maj 2023 et nyt forløb. Borgeren er 47 år.",
            "Hun ønsker forløbet. Kommunen bevilgede den 1. maj 2023 et ressourceforløb. Hun ønsker ikke forløbet.",
        ),
        narrative_only=True,
    )
    reasons = [i.get("decline_reason") for i in report["items"]]
    assert reasons == ["language", "too_long", "conflict", "conflict", "conflict"]
    assert all(i["declined"] and not i["correct"] for i in report["items"])
    assert report["wrong_with_confidence"] == 0
    names = [c["field"] for c in report["items"][3]["conflicts"]] + [
        c["field"] for c in report["items"][4]["conflicts"]
    ]
    assert names == ["age", "wishes_course"]
