"""The answer plan: what of the draft is said, in which order, within the audience's budget.

The topic builders and the rules propose more than a reader needs. The plan keeps

1. the direct answer (the lead: the law in force, the rules' verdict, the topic's lead); with
   no verdict, the condition that answers the question asked is said before the context,
2. at most four conditions, those that share most with the question and the facts (a
   topic the message names or its facts bring in first, then shared words and numbers),
3. one quote, a whole sentence of a passage not already cited,

and stops at the word budget. A sentence already said in the conversation is not said
again. Nothing is rewritten here, so every kept sentence keeps its own support.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.answering.model import Sentence
from assistant.language.analysis import content_stems, stem

BUDGET = {"caseworker": 120, "citizen": 90}  # words, follow-up question included
# a condition the question or its facts call for may stretch the budget this far (measured:
# at 1.0 the project's own answer set fell from 0.987 to 0.88, at 1.5 to 0.96)
STRETCH = 1.5
# share of a sentence's stems another sentence must hold to say it already (at 0.75 "Et forløb
# på 4 år ligger inden for den ramme" followed the verdict that said it; at 0.6 no pass changed)
COVERED = 0.6
MAX_CONDITIONS = 4  # besides the verdict; at 3 the own sets fell a further 2-7 points
_COMMON = {stem(w) for w in ("ressourceforløb", "forløb", "borger", "borgeren", "kommune", "kommunen", "jobcenter")}


def n_words(text: str) -> int:
    return len(text.split())


_NUMBER = re.compile(r"\b\d+\b")


def _stems(text: str) -> set[str]:
    """Stemmed words and every number: "6 måneder" and "over 40 år" turn on their numbers."""
    return (content_stems(text) - _COMMON) | set(_NUMBER.findall(text))


_BETWEEN = re.compile(r"\bmellem (\d+) og (\d+) år")
_OVER = re.compile(r"\bover (\d+) år")


def outside_age(text: str, age: int | None) -> bool:
    """A condition for an age band the person is not in ("Er du mellem 40 og 50 år …" to a
    56-year-old) does not bear on the facts."""
    if age is None:
        return False
    if (m := _BETWEEN.search(text)) and not int(m.group(1)) <= age <= int(m.group(2)):
        return True
    return bool((m := _OVER.search(text)) and age <= int(m.group(1)))


def _quoted(text: str) -> set[str]:
    """The stems of what a quote quotes (»…«), without its "Af … fremgår" frame."""
    inner = re.findall(r"»([^«]*)«", text)
    return _stems(" ".join(inner)) if inner else _stems(text)


def _same(x: set[str], y: set[str]) -> bool:
    """Two wordings of one statement ("Et forløb på …" / "Et ressourceforløb på …"), by their stems."""
    return bool(x and y) and len(x & y) / len(x | y) >= 0.8


def _covered(x: set[str], by: list[set[str]]) -> bool:
    """A sentence whose content another kept sentence already says ("Har du mindre end 6 år
    til folkepensionsalderen …" after the verdict on the 6-year rule): most of its stems are there."""
    return len(x) >= 3 and any(len(x & y) / len(x) >= COVERED for y in by)


def _decides(leads: list[Sentence]) -> bool:
    """A lead that states a rule's verdict on the facts, not a parameter, nor the answer under a
    fact not known (then a condition that answers the question better may go first)."""
    return any(
        sup.kind == "rule" and not (sup.rule or "").startswith("param:")
        for s in leads
        if not s.branch
        for sup in s.support
    )


def relevance(
    sentence: Sentence,
    question_stems: set[str],
    weight: float = 0.0,
    numbers: frozenset[str] | set[str] = frozenset(),
    words: set[str] | None = None,
) -> float:
    """Shared stems with the question, plus the weight of the topic that proposed it, plus a
    little for a sentence that rests on a rule result, plus some for one that states a number
    the rules used on these facts (the age limit that applies, the person's pension age).
    `words`: the sentence's stems, when already computed."""
    words = _stems(sentence.text) if words is None else words
    if not words:
        return 0.0
    shared = len(words & question_stems)
    on_rule = any(s.kind == "rule" for s in sentence.support)
    on_facts = bool(set(_NUMBER.findall(sentence.text)) & numbers)
    return shared / (1 + 0.02 * len(words)) + weight + (0.25 if on_rule else 0.0) + (0.75 if on_facts else 0.0)


def plan(
    sentences: list[Sentence],
    question: str,
    audience: str,
    reserved: int = 0,
    said_before: Iterable[str] = (),
    weight: dict[str, float] | None = None,
    numbers: frozenset[str] | set[str] = frozenset(),
    age: int | None = None,
    context_answers: bool = False,
) -> list[Sentence]:
    """The sentences to say, in reading order. `reserved`: words taken by text added after
    (the follow-up question, the citizen's note). `context_answers`: the question asks about
    having a course at all, which the leads on the law in force answer."""
    budget = BUDGET.get(audience, BUDGET["caseworker"]) - reserved
    before = list(said_before)
    stems: dict[str, set[str]] = {}
    fresh: list[Sentence] = []
    for s in sentences:
        if s.text in stems:
            continue
        mine = _stems(s.text)
        if any(_same(mine, stems[t.text]) for t in fresh):
            continue
        stems[s.text] = mine
        fresh.append(s)
    # a condition or quote said earlier in the conversation is not said again; the lead (the
    # direct answer) is, since it is the answer to this message too
    new = [s for s in fresh if s.role == "lead" or not any(s.text in prev for prev in before)]
    if any(s.role != "quote" for s in new):
        fresh = new
    decided = context_answers or _decides([s for s in fresh if s.role == "lead"])
    leads: list[Sentence] = []
    for s in (s for s in fresh if s.role == "lead"):  # two leads saying one thing (the law in force
        if not _covered(stems[s.text], [stems[x.text] for x in leads]):  # and the rule on it): the first
            leads.append(s)
    closings = [s for s in fresh if s.role == "closing"]
    used = sum(n_words(s.text) for s in leads + closings)
    q = _stems(question)
    said = [stems[s.text] for s in leads]
    conditions = [
        s for s in fresh if s.role == "condition" and not outside_age(s.text, age) and not _covered(stems[s.text], said)
    ]
    w = weight or {}

    def score(s: Sentence) -> float:
        return relevance(s, q, w.get(s.text, 0.0), numbers, stems[s.text])

    scores = [score(s) for s in conditions]
    ranked = sorted(range(len(conditions)), key=lambda i: (-scores[i], i))
    chosen: set[int] = set()
    for i in ranked:
        if len(chosen) >= MAX_CONDITIONS:
            break
        cost = n_words(conditions[i].text)
        called_for = w.get(conditions[i].text, 0.0) >= 1.0
        limit = budget * STRETCH if called_for else budget
        if (chosen or leads) and used + cost > limit:
            continue
        chosen.add(i)  # with nothing else to say, the best condition is said whatever its length
        used += cost
    kept = leads + [conditions[i] for i in sorted(chosen)]
    if chosen and not leads:
        # nothing leads: the topic of the condition that answers the question best is said
        # first, its sentences in their own order (a sentence that goes on from another stays after it)
        topic = conditions[next(i for i in ranked if i in chosen)].topic
        if topic is not None:
            block = [s for s in kept if s.topic == topic]
            kept = block + [s for s in kept if s.topic != topic]
    elif chosen and not decided:
        # no verdict on the facts: the leads are context (the law in force, which rules apply).
        # The condition that answers the question asked goes first when it answers it better.
        best = next(i for i in ranked if i in chosen)
        if w.get(conditions[best].text, 0.0) >= 1.0 and scores[best] > max(map(score, leads)) + 0.5:
            kept = [conditions[best]] + [s for s in kept if s is not conditions[best]]
    cited = {sup.unit_id for s in kept for sup in s.support if sup.unit_id}
    said = [stems[s.text] for s in kept]
    for s in (s for s in fresh if s.role == "quote"):
        if any(sup.unit_id in cited for sup in s.support) or _covered(_quoted(s.text), said):
            continue
        if kept and not _quoted(s.text) & q:  # a quote that shares nothing with the question is beside it
            continue
        if not kept or used + n_words(s.text) <= budget:
            kept.append(s)
            break
    return kept + closings
