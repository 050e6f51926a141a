"""The optional LLM path on a composed answer (no index): used only when every sentence passes the check."""

from __future__ import annotations

import datetime as dt

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.answering import compose as C
from assistant.answering.grounding import GroundingChecker
from assistant.answering.llm import parse_llm_text, rephrase
from assistant.answering.model import Answer
from assistant.language.facts import KnownFacts

from .units_fixture import units

ON = dt.date(2023, 1, 1)


def composed() -> tuple[Answer, GroundingChecker, C.Draft]:
    checker = GroundingChecker(units())
    d = C.Draft(on=ON, audience="caseworker", units=checker.by_ref)
    C.duration(d, KnownFacts())
    kept, _ = checker.check(d.sentences, d.rule_refs, d.expected, d.values, C.numbers_of([ON]))
    answer = Answer(
        question="Hvor længe kan et ressourceforløb vare?",
        date=ON,
        answer=" ".join(s.text for s in kept),
        sentences=kept,
    )
    return answer, checker, d


def run(reply: str) -> Answer:
    answer, checker, d = composed()
    return rephrase(
        FakeListChatModel(responses=[reply]), answer, checker, d.rule_refs, d.expected, d.values, C.numbers_of([ON])
    )


def test_a_faithful_rephrasing_is_used():
    out = run("Et ressourceforløb skal vare mindst 1 år og højst 3 år [LAB § 114, stk. 1].")
    assert out.producer != "deterministic" and out.answer.startswith("Et ressourceforløb skal vare mindst 1 år")


@pytest.mark.parametrize(
    "bad",
    [
        "Et forløb kan vare op til 4 år [LAB § 119].",
        "Et ressourceforløb kan vare højst 5 år [LAB § 114, stk. 1].",
        "Kommunen kan altid forlænge forløbet.",
    ],
)
def test_text_that_fails_the_check_leaves_the_deterministic_answer(bad):
    answer, _, _ = composed()
    out = run(bad)
    assert out.producer == "deterministic" and out.answer == answer.answer and out.removed


def test_the_models_citations_are_read_per_sentence():
    parsed = parse_llm_text("Højst 3 år [LAB § 114, stk. 1]. Se også [PM 82-16] og [LAB § 114, stk. 1].")
    assert parsed[0] == ("Højst 3 år.", ["LAB § 114, stk. 1"])
    assert parsed[1][1] == ["PM 82-16", "LAB § 114, stk. 1"]


def test_a_model_that_fails_leaves_the_answer():
    class Down:
        def invoke(self, prompt: str) -> str:
            raise ConnectionError("down")

    answer, checker, d = composed()
    assert rephrase(Down(), answer, checker, d.rule_refs, d.expected, d.values, C.numbers_of([ON])) is answer
