"""Answer checks for question and dialogue files: cited refs, mentions, abstention, grounding."""

from __future__ import annotations

from assistant.answering.dialogue import ConversationState
from assistant.errors import InputError
from assistant.evaluation.formats import Dialogue, Expected, Question
from assistant.evaluation.questions import satisfies


def check(expected: Expected, answer, error: str | None = None) -> list[str]:
    """Reasons the answer fails its expectations (empty: passed)."""
    if error:
        return [f"fejl: {error}"]
    reasons = []
    text = answer.answer.lower()
    cited = answer.cited_refs
    if expected.refs_any and not any(satisfies(c, e) for e in expected.refs_any for c in cited):
        reasons.append(f"ingen af {expected.refs_any} er citeret (citeret: {cited[:6]})")
    for m in expected.must_mention:
        if m.lower() not in text:
            reasons.append(f"nævner ikke '{m}'")
    for m in expected.must_not_mention:
        if m.lower() in text:
            reasons.append(f"nævner '{m}'")
    if expected.abstain is not None and answer.abstained != expected.abstain:
        reasons.append("skulle have afvist at svare" if expected.abstain else "afviste at svare")
    if not answer.grounded:
        reasons.append("svaret er ikke fuldt underbygget")
    return reasons


def _item(item_id: str, answer, reasons: list[str], **extra) -> dict:
    return {
        "id": item_id,
        "passed": not reasons,
        "reasons": reasons,
        "answer": answer.answer if answer else "",
        "cited_refs": answer.cited_refs if answer else [],
        "retrieved_refs": [p["ref"] for p in answer.passages] if answer else [],
        "grounded": answer.grounded if answer else True,
        "abstained": answer.abstained if answer else False,
        **extra,
    }


def score_answers(assistant, items: list, kind: str) -> dict:
    results = []
    for item in items:
        if isinstance(item, Question):
            state = ConversationState(audience=item.audience)
            try:
                answer, _ = assistant.ask(item.question, state=state, on=item.asked_on)
                results.append(_item(item.id, answer, check(item.expected, answer)))
            except InputError as exc:
                results.append(_item(item.id, None, check(item.expected, None, str(exc))))
        elif isinstance(item, Dialogue):
            state = ConversationState(audience=item.audience, date=item.asked_on)
            for n, turn in enumerate(item.turns, 1):
                try:
                    answer, state = assistant.ask(turn.user, state=state, on=turn.date)
                    reasons = check(turn.expected, answer)
                except InputError as exc:
                    answer, reasons = None, check(turn.expected, None, str(exc))
                results.append(_item(f"{item.id}#{n}", answer, reasons, dialogue=item.id, turn=n))
    total = len(results) or 1
    return {
        "kind": kind,
        "total": len(results),
        "passed": sum(1 for r in results if r["passed"]),
        "pass_rate": round(sum(1 for r in results if r["passed"]) / total, 4),
        "grounded_rate": round(sum(1 for r in results if r["grounded"]) / total, 4),
        "items": results,
    }
