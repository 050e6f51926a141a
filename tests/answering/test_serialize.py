"""One public form of an answer for the CLI and the API."""

from __future__ import annotations

import datetime as dt

from assistant.answering.model import Answer, Citation, Sentence, Support
from assistant.answering.serialize import AnswerOut, answer_json
from assistant.service.schemas import ChatAnswer


def test_the_answer_serialises_to_json_values_with_its_support():
    a = Answer(
        question="q",
        date=dt.date(2023, 1, 1),
        answer="Højst 3 år.",
        sentences=[
            Sentence(
                text="Højst 3 år.",
                support=[Support(kind="passage", ref="LAB § 114, stk. 1", quote="højst 3 års varighed")],
            )
        ],
        citations=[Citation(ref="LAB § 114, stk. 1", title="t", quote="højst 3 års varighed", unit_id="x")],
        facts={"age": 53},
        abstain_reason=None,
    )
    out = answer_json(a)
    assert set(out) == set(AnswerOut.model_fields)
    assert out["date"] == "2023-01-01" and out["citations"][0] == {
        "ref": "LAB § 114, stk. 1",
        "title": "t",
        "quote": "højst 3 års varighed",
        "url": None,
    }
    assert out["sentences"][0]["support"] == [
        {"kind": "passage", "ref": "LAB § 114, stk. 1", "quote": "højst 3 års varighed"}
    ]


def test_the_api_answer_is_the_same_model_plus_where_it_was_stored():
    assert set(ChatAnswer.model_fields) - set(AnswerOut.model_fields) == {"conversation_id", "turn"}
