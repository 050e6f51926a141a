"""Property-based tests of the eval file loader (`assistant.evaluation.formats`).

Other teams write these YAML files by hand. Whatever they contain (random bytes, broken
YAML, deep nesting, alias bombs, wrong types, impossible dates), the loader returns the
usable items plus ItemErrors with file and line, or raises EvalFileError naming the
file; never another exception, and never hangs.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assistant.errors import EvalFileError
from assistant.evaluation.formats import (
    EvalFile,
    ItemError,
    load_eval_bytes,
    load_eval_file,
)

FAST = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAME = "evals/hold.yaml"

SPEC = """\
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
  - id: q-2
    question: Hvad er et ressourceforløb?
"""

CASES = """\
cases:
  - id: sag-03
    decision_date: 2021-09-01
    narrative: |
      Borger er 53 år og har haft et forløb.
    facts: {birth_date: 1968-02-01, course_start: 2020-01-01}
    expected:
      outcome: ændring
      refs: ["LAB § 114, stk. 4"]
"""


def _load(data: bytes) -> EvalFile | None:
    """The loader's answer; asserts the contract on what it reports."""
    try:
        f = load_eval_bytes(data, NAME)
    except EvalFileError as exc:
        assert str(exc).startswith(NAME), "the message names the file"
        if "ugyldig YAML" in str(exc):
            assert re.match(re.escape(NAME) + r":\d+: ", str(exc)), f"a YAML error names its line: {exc}"
        return None
    lines = len(re.findall(rb"\r\n?|\n", data)) + 1
    for err in f.errors:
        assert isinstance(err, ItemError) and err.file == NAME and err.field and err.message
        assert err.line is None or 1 <= err.line <= lines, f"line {err.line} outside the file: {err}"
        assert str(err).startswith(NAME)
    ids = [item.id for item in f.items]
    assert len(ids) == len(set(ids)), "duplicate ids are reported, not loaded"
    return f


@FAST
@given(st.binary(max_size=300))
@example(b"\xff\xfe\x00\x01")
@example(b"\xef\xbb\xbfquestions: []")
def test_random_bytes(data):
    _load(data)


yaml_chars = st.sampled_from(
    list("-:[]{},&*!|>'\"#?% \n\t")
    + [
        "  ",
        "questions",
        "cases",
        "dialogues",
        "id",
        "question",
        "user",
        "turns",
        "expected",
        "refs_any",
        "2021-02-30",
        "!!timestamp",
        "!!int",
        "!!binary",
        "!!python/object:os.system",
        "<<",
        "&a",
        "*a",
        "~",
        "null",
        "yes",
        "9" * 30,
        "ø",
        "\x85",
    ]
)


@FAST
@given(st.one_of(st.text(max_size=200), st.lists(yaml_chars, max_size=60).map("".join)))
@example("{[a]: 1}")  # unhashable key: was a TypeError from the duplicate-key check
@example("questions:\n - id: !!timestamp 2021-02-30\n")  # was a ValueError from PyYAML
@example("questions:\n - id: " + "9" * 5000 + "\n")  # int() refuses 5000 digits: was a ValueError
@example("questions: &a\n - *a\n")  # a cycle: was a RecursionError
@example("[" * 5000 + "]" * 5000)  # deep nesting: was a RecursionError
@example("questions:\n - !!python/object/apply:os.system [echo hi]\n")
@example("questions: !!int ''\n")  # IndexError inside PyYAML's int constructor
@example("questions: !!timestamp 2021-01-01T99:00\n")
def test_random_yaml_text(text):
    _load(text.encode("utf-8", "surrogatepass"))


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=20)
    | st.dates().map(dt.date.isoformat)
    | st.sampled_from(["2021-02-30", "LAB § 114", "nonsens", "citizen", "ændring"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "question",
                    "audience",
                    "asked_on",
                    "expected",
                    "refs_any",
                    "must_mention",
                    "abstain",
                    "turns",
                    "user",
                    "date",
                    "decision_date",
                    "narrative",
                    "facts",
                    "birth_date",
                    "course_start",
                    "outcome",
                    "refs",
                    "x",
                ]
            )
            | st.text(max_size=5),
            children,
            max_size=6,
        )
    ),
    max_leaves=25,
)


@FAST
@given(st.sampled_from(["questions", "dialogues", "cases"]), json_values)
@example("questions", [{"\x85    ": None}, {"\x85    ": None}, None])  # PyYAML counts NEL as a line: line 8 of 7
def test_wrong_types_anywhere(kind, value):
    """Any structure under any key: items that fit load, the rest are ItemErrors with a line."""
    text = yaml.safe_dump({kind: value}, allow_unicode=True, sort_keys=False)
    _load(text.encode("utf-8", "surrogatepass"))


bad_values = st.sampled_from(
    [
        "2021-02-30",
        "[1, 2]",
        "{a: b}",
        "",
        "*nope",
        "!!timestamp 2021-13-01",
        "99999999999999999999",
        "null",
        '""',
        "&x [*x]",
        "!!binary 'a'",
    ]
)


@FAST
@given(st.data())
def test_mutated_spec_files(data):
    """The spec's own examples with lines deleted, doubled, re-indented or overwritten."""
    lines = data.draw(st.sampled_from([SPEC, CASES])).splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(["delete", "double", "indent", "dedent", "value", "anchor"]))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "double":
            lines.insert(i, lines[i])
        elif op == "indent":
            lines[i] = "  " + lines[i]
        elif op == "dedent":
            lines[i] = lines[i][2:]
        elif op == "value" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {data.draw(bad_values)}"
        elif op == "anchor" and ":" in lines[i]:
            key, value = lines[i].split(":", 1)
            lines[i] = f"{key}: &a{i} {value}" if value.strip() else lines[i]
    _load(("\n".join(lines) + "\n").encode())


def _laughs(levels: int, width: int, under: str) -> str:
    out = ["lol0: &l0 [" + ", ".join(["lol"] * width) + "]"]
    for k in range(1, levels):
        out.append(f"lol{k}: &l{k} [" + ", ".join([f"*l{k - 1}"] * width) + "]")
    out.append(f"{under}: *l{levels - 1}")
    return "\n".join(out) + "\n"


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 12), st.integers(2, 10), st.sampled_from(["questions", "cases", "x"]))
@example(9, 9, "questions")  # 9⁹ ≈ 387 million nodes: validation never returned
def test_alias_bombs_are_refused_or_small(levels, width, under):
    f = _load(_laughs(levels, width, under).encode())
    if width**levels > 200_000:
        assert f is None, "an alias bomb is refused"


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 1200), st.sampled_from(["[", "{a: ", "- "]))
def test_deep_nesting_is_refused_or_loaded(depth, opener):
    closer = {"[": "]", "{a: ": "}", "- ": ""}[opener]
    if opener == "- ":
        text = "questions:\n" + "".join(
            "  " * i + "- \n" for i in range(min(depth, 300))
        )  # block style grows as depth²
    else:
        text = "questions: " + opener * depth + "1" + closer * depth
    _load(text.encode())


ids = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)
questions_text = st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=60).filter(str.strip)


@FAST
@given(
    st.lists(
        st.tuples(ids, questions_text, st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)))),
        max_size=6,
        unique_by=lambda t: t[0],
    )
)
def test_valid_questions_load_completely(items):
    """A file written by the spec loads every item with no errors, text unchanged."""
    doc = {"questions": [{"id": i, "question": q, **({"asked_on": d.isoformat()} if d else {})} for i, q, d in items]}
    f = _load(yaml.safe_dump(doc, allow_unicode=True).encode())
    assert f is not None and not f.errors
    assert [(q.id, q.question, q.asked_on) for q in f.items] == list(items)


@FAST
@given(
    st.integers(1, 9999),
    st.integers(0, 99),
    st.integers(0, 99),
    st.sampled_from(["asked_on", "decision_date", "birth_date"]),
)
@example(2021, 2, 30, "asked_on")
@example(2021, 2, 30, "birth_date")
def test_impossible_dates_are_item_errors_at_their_line(y, m, d, field):
    value = f"{y:04d}-{m:02d}-{d:02d}"
    try:
        dt.date(y, m, d)
        valid = True
    except ValueError:
        valid = False
    if field == "asked_on":
        text = f"questions:\n  - id: a\n    question: Hvad?\n    asked_on: {value}\n"
    elif field == "decision_date":
        text = f"cases:\n  - id: a\n    decision_date: {value}\n    narrative: x\n    expected: {{outcome: ændring}}\n"
    else:
        text = f"cases:\n  - id: a\n    decision_date: 9999-12-31\n    facts:\n      birth_date: {value}\n    expected: {{outcome: ændring}}\n"
    f = _load(text.encode())
    assert f is not None
    if valid:
        assert not f.errors and len(f.items) == 1
    else:
        assert not f.items and len(f.errors) == 1
        expected_line = text.splitlines().index(next(x for x in text.splitlines() if value in x)) + 1
        assert f.errors[0].line == expected_line, str(f.errors[0])


def test_a_file_on_disk_goes_through_the_same_checks(tmp_path):
    p = tmp_path / "bombe.yaml"
    p.write_text(_laughs(9, 9, "questions"), encoding="utf-8")
    try:
        load_eval_file(p)
    except EvalFileError as exc:
        assert str(exc).startswith(str(p)) and "aliaserne" in str(exc)
    else:
        raise AssertionError("an alias bomb on disk was not refused")
