"""Eval files written by other teams: valid ones load, broken ones are reported by line and field."""

from __future__ import annotations

import textwrap

import pytest

from assistant.errors import EvalFileError
from assistant.evaluation.formats import load_eval_file
from assistant.evaluation.questions import first_hit, satisfies


def write(tmp_path, text: str):
    p = tmp_path / "f.yaml"
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def test_spec_examples_load(tmp_path):
    q = load_eval_file(
        write(
            tmp_path,
            """
        questions:
          - id: q-varighed
            audience: caseworker
            asked_on: 2026-11-22
            question: Hvor længe kan et ressourceforløb vare?
            expected:
              refs_any: ["LAB § 114, stk. 1"]
              must_mention: ["1", "3 år"]
              must_not_mention: ["5 år"]
              abstain: false
    """,
        )
    )
    assert q.kind == "questions" and not q.errors and q.items[0].expected.refs_any == ["LAB § 114, stk. 1"]
    d = load_eval_file(
        write(
            tmp_path,
            """
        dialogues:
          - id: d-over-50
            audience: caseworker
            turns:
              - user: Kan kommunen kræve, at en borger deltager i et nyt ressourceforløb?
                expected: {refs_any: ["LAB § 114"]}
              - user: Hun er 53 år og har allerede haft et forløb.
                expected: {refs_any: ["LAB § 114, stk. 4"], must_mention: ["ønsker"]}
    """,
        )
    )
    assert d.kind == "dialogues" and len(d.items[0].turns) == 2
    c = load_eval_file(
        write(
            tmp_path,
            """
        cases:
          - id: sag-03
            decision_date: 2021-09-01
            narrative: Borger er 53 år ...
            facts: {}
            expected:
              outcome: ændring
              refs: ["LAB § 114, stk. 4"]
    """,
        )
    )
    assert c.kind == "cases" and c.items[0].expected.outcome == "ændring"


@pytest.mark.parametrize(
    "body, line, field",
    [
        (
            "cases:\n  - id: a\n    decision_date: 2021-02-30\n    narrative: x\n    expected: {outcome: ændring}\n",
            3,
            "decision_date",
        ),
        (
            "cases:\n  - id: a\n    decision_date: 2021-02-01\n    narrative: x\n    expected: {outcome: vundet}\n",
            5,
            "outcome",
        ),
        ("questions:\n  - id: a\n    audience: minister\n    question: Hvad?\n", 3, "audience"),
        ("questions:\n  - id: a\n    question: Hvad?\n    expected: {refs_any: [nonsens]}\n", 4, "refs_any"),
        ("questions:\n  - id: a\n    question: Hvad?\n    colour: blå\n", 4, "colour"),
    ],
)
def test_invalid_items_are_reported_with_line_and_field(tmp_path, body, line, field):
    f = load_eval_file(write(tmp_path, body))
    assert not f.items and len(f.errors) == 1
    err = f.errors[0]
    assert err.line == line and field in err.field, str(err)


def test_one_bad_item_does_not_hide_the_good_ones(tmp_path):
    f = load_eval_file(
        write(
            tmp_path,
            """
        questions:
          - id: ok
            question: Hvad er et ressourceforløb?
          - id: bad
            question: ""
          - id: ok
            question: Dublet
    """,
        )
    )
    assert [i.id for i in f.items] == ["ok"]
    assert len(f.errors) == 2 and "id bruges også" in str(f.errors[1])


@pytest.mark.parametrize(
    "body, message",
    [
        ("questions: [\n  - id: a\n", "ugyldig YAML"),
        ("- just a list\n", "mapping"),
        ("questions: []\ncases: []\n", "præcis én"),
        ("questions:\n  id: a\n", "skal være en liste"),
        ("questions:\n  - id: a\n    id: b\n    question: x\n", "to gange"),
    ],
)
def test_unusable_files_are_rejected_clearly(tmp_path, body, message):
    with pytest.raises(EvalFileError, match=message):
        load_eval_file(write(tmp_path, body))


def test_binary_and_missing_files(tmp_path):
    p = tmp_path / "b.yaml"
    p.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(EvalFileError, match="UTF-8"):
        load_eval_file(p)
    with pytest.raises(EvalFileError, match="kan ikke læses"):
        load_eval_file(tmp_path / "mangler.yaml")


def test_a_finer_retrieved_ref_satisfies_a_coarser_expected_one():
    assert satisfies("LAB § 114, stk. 3", "LAB § 114")
    assert not satisfies("LAB § 114", "LAB § 114, stk. 3")
    assert first_hit(["PM 58-18", "LAB § 114, stk. 4"], ["LAB § 114"]) == 2
    assert first_hit(["PM 58-18"], ["LAB § 114"]) is None


def test_a_birth_date_after_the_decision_is_rejected(tmp_path):
    f = load_eval_file(
        write(
            tmp_path,
            """
        cases:
          - id: ok
            decision_date: 2022-05-01
            narrative: Borger er 45 år.
            expected: {outcome: stadfæstelse}
          - id: ung
            decision_date: 2022-05-01
            narrative: x
            facts: {birth_date: 2023-01-01}
            expected: {outcome: ændring}
    """,
        )
    )
    assert [c.id for c in f.items] == ["ok"]
    assert f.errors and "birth_date" in str(f.errors[0]) and f.errors[0].line == 7
