"""The grounding check on hand-made units: what keeps a sentence and what removes it."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.answering.grounding import GroundingChecker, claims_in
from assistant.answering.model import Sentence, Support
from assistant.corpus.units import Unit

UNITS = [
    Unit(
        id="lab-114-1",
        ref="LAB § 114, stk. 1",
        title="Varighed",
        kind="lov",
        source="test",
        valid_from=dt.date(2022, 1, 1),
        text="Et ressourceforløb skal være af mindst 1 og højst 3 års varighed.",
    ),
    Unit(
        id="lab-113-a",
        ref="LAB § 113 a",
        title="Jobformidler",
        kind="lov",
        source="test",
        text="Personer i ressourceforløb har ret til en personlig jobformidler.",
    ),
]


@pytest.fixture
def checker() -> GroundingChecker:
    return GroundingChecker(UNITS)


def passage(ref: str, quote: str | None = None) -> list[Support]:
    return [Support(kind="passage", ref=ref, quote=quote)]


def test_a_sentence_whose_quote_is_in_its_passage_is_kept(checker):
    s = Sentence(text="Et forløb varer højst 3 år.", support=passage("LAB § 114, stk. 1", "højst 3 års varighed"))
    kept, removed = checker.check([s], {}, {"max_years": 3})
    assert kept == [s] and not removed and s.supported


@pytest.mark.parametrize(
    "sentence, problem",
    [
        (
            Sentence(text="Et forløb varer højst 3 år.", support=passage("LAB § 114, stk. 1", "højst 4 års varighed")),
            "citatet findes ikke",
        ),
        (Sentence(text="Det følger af LAB § 119.", support=passage("LAB § 113 a")), "nævner LAB § 119"),
        (Sentence(text="Man har ret til 12 møder med en jobformidler.", support=passage("LAB § 113 a")), "tallet 12"),
        (Sentence(text="Et forløb kan vare højst 1 år.", support=passage("LAB § 114, stk. 1")), "strider mod reglerne"),
        (Sentence(text="Et forløb kan vare højst 5 år.", support=passage("LAB § 114, stk. 1")), "tallet 5"),
        (Sentence(text="Forløbet varer altid to år."), "ingen kilde"),
        (Sentence(text="Se PM 99-99.", support=passage("PM 99-99")), "findes ikke i kilderne"),
    ],
)
def test_what_removes_a_sentence(checker, sentence, problem):
    kept, removed = checker.check([sentence], {}, {"max_years": 3})
    assert not kept and removed == [sentence]
    assert problem in (sentence.problem or "")


def test_a_rule_support_needs_the_rule_applied_and_resting_on_the_ref(checker):
    s = Sentence(
        text="Kommunen kan ikke kræve et nyt forløb.",
        support=[Support(kind="rule", ref="LAB § 114, stk. 1", rule="repeated_courses")],
    )
    assert not checker.check([s.model_copy()], {}, {})[0], "a rule that was not run supports nothing"
    assert not checker.check([s.model_copy()], {"repeated_courses": {"LAB § 113 a"}}, {})[0], "wrong ref"
    kept, _ = checker.check([s.model_copy()], {"repeated_courses": {"LAB § 114, stk. 1"}}, {})
    assert kept


def test_a_number_must_come_from_the_sentences_own_rule_result(checker):
    s = Sentence(text="Borgeren er 53 år.", support=[Support(kind="rule", ref="LAB § 114, stk. 1", rule="x")])
    refs = {"x": {"LAB § 114, stk. 1"}, "y": {"LAB § 114, stk. 1"}}
    assert not checker.check([s.model_copy()], refs, {})[0]
    assert checker.check([s.model_copy()], refs, {}, {"x": {"53"}})[0]
    # another rule's number is not this sentence's evidence: there is no answer-wide list
    assert not checker.check([s.model_copy()], refs, {}, {"y": {"53"}})[0]


def test_a_number_repeated_from_the_users_facts_must_be_one_the_user_gave(checker):
    s = Sentence(
        text="Et forløb på 4 år ligger inden for rammen.",
        support=[Support(kind="passage", ref="LAB § 114, stk. 1", quote="højst 3 års varighed")],
    )
    assert not checker.check([s.model_copy()], {}, {}, {}, {"4"})[0], "not declared as repeated"
    said = s.model_copy(update={"given": ["4"]})
    assert not checker.check([said.model_copy()], {}, {}, {}, {"5"})[0], "declared, but the user said 5"
    assert checker.check([said.model_copy()], {}, {}, {}, {"4"})[0]


def test_outcome_statements_are_read_from_the_text():
    assert ("max_years", 3) in claims_in("Et forløb kan højst vare 3 år.") or ("max_years", 3) in claims_in(
        "højst 3 år"
    )
    assert ("can_require", False) in claims_in("Kommunen kan ikke kræve det.")
    assert ("jobformidler", True) in claims_in("Du har ret til en personlig jobformidler.")
    assert ("new_courses_allowed", False) in claims_in("Man kan ikke længere få et ressourceforløb.")
