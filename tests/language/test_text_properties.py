"""Property-based tests of `assistant.language` (analysis, input, redact): redaction, question checks and analysis.

`redact` must remove every CPR number, e-mail address and Danish phone number however
it is glued into the text, leave the numbers the assistant is about (paragraphs,
dates, ages, law and PM numbers) alone, and be idempotent. `clean_question` returns a
normalised question or raises InputError; nothing else.
"""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from assistant.errors import InputError
from assistant.language.analysis import Analyzer, fold, words
from assistant.language.input import clean_question, language_of
from assistant.language.redact import redact

FAST = settings(max_examples=300, deadline=None)

CPR_MARK, MAIL_MARK, PHONE_MARK = "[CPR-nummer]", "[e-mail]", "[telefonnummer]"

MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]


@st.composite
def cprs(draw) -> str:
    """A CPR number as people write it: ddmmyy-xxxx, ddmmyyxxxx, with a space or another dash."""
    born = draw(st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)))
    day = born.day + (60 if draw(st.integers(0, 9)) == 0 else 0)  # substitute numbers: day + 60
    sep = draw(st.sampled_from(["-", "", " ", "–", " - ", "\u00a0", "‑"]))
    return f"{day:02d}{born.month:02d}{born.year % 100:02d}{sep}{draw(st.integers(0, 9999)):04d}"


@st.composite
def phones(draw) -> str:
    d = f"{draw(st.integers(0, 99_999_999)):08d}"
    body = draw(st.sampled_from([d, " ".join(d[i : i + 2] for i in range(0, 8, 2)), f"{d[:4]} {d[4:]}"]))
    return draw(st.sampled_from(["", "+45", "+45 ", "0045 ", "0045", "+45-"])) + body


emails = st.builds(
    lambda local, host, tld: f"{local}@{host}.{tld}",
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,15}", fullmatch=True),
    st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True),
    st.sampled_from(["dk", "com", "kommune.dk", "org"]),
)

# Text around an identifier. A digit (or digit and dash) right next to it would make it a
# longer, different number, so the surroundings end/start with something else.
_prefix = st.text(max_size=30).filter(lambda t: not re.search(r"\d[\s-]?\s*$", t))
_suffix = st.text(max_size=30).filter(lambda t: not re.match(r"\s*-?\d", t))
glue = st.sampled_from(["", " ", "cpr:", "CPR-nr. ", "(", "tlf.", "mail:", "nr", "x", "\n", "æ", "ring på "])
tail = st.sampled_from(["", " ", ",", ")", ".", "!", "abc", "\n", " og ", "-", "ø"])


@FAST
@given(_prefix, glue, cprs(), tail, _suffix)
@example("", "", "010190–1234", "", "")  # en dash: was left in the text
@example("", "", "010190 - 1234", "", "")
@example("", "cpr:", "0101901234", ",", "")
@example("", "(", "010190-1234", ")", "")
@example("0@", "tlf.", "610100-0000", "", "")  # was read as an e-mail address "0@tlf.610100-0000"
def test_every_cpr_number_is_redacted(before, glue_, cpr, tail_, after):
    text = before + glue_ + cpr + tail_ + after
    out = redact(text)
    assert cpr not in out
    assert CPR_MARK in out


@FAST
@given(_prefix, glue, phones(), tail, _suffix)
@example("", "", "0045 12 34 56 78", "", "")  # was half-redacted: '[telefonnummer] 56 78'
@example("", "tlf-", "12345678", "", "")
@example("", "", "12345678", "-", "")
def test_every_phone_number_is_redacted(before, glue_, phone, tail_, after):
    text = before + glue_ + phone + tail_ + after
    out = redact(text)
    assert phone not in out
    assert PHONE_MARK in out or MAIL_MARK in out  # `a@b.12345678` is one e-mail address


@FAST
@given(_prefix, glue, emails, tail, _suffix)
def test_every_email_address_is_redacted(before, glue_, mail, tail_, after):
    out = redact(before + glue_ + mail + tail_ + after)
    assert "@" + mail.split("@", 1)[1] not in out
    assert MAIL_MARK in out


_dates = st.dates(dt.date(1950, 1, 1), dt.date(2099, 12, 31))
_n = st.integers(1, 999)
# Numbers the assistant works with and must never lose to redaction.
safe_tokens = st.one_of(
    _n.map(lambda n: f"§ {n}"),
    st.builds(lambda n, m: f"§ {n}, stk. {m}", _n, st.integers(1, 12)),
    st.just("LAB § 112 a, stk. 2, nr. 3"),
    _dates.map(lambda d: f"{d.day}. {MONTHS[d.month - 1]} {d.year}"),
    _dates.map(dt.date.isoformat),
    _dates.map(lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}"),
    _dates.map(lambda d: f"den {d.day}/{d.month} {d.year}"),
    _dates.map(lambda d: str(d.year)),
    st.integers(16, 80).map(lambda a: f"{a} år"),
    st.integers(16, 80).map(lambda a: f"{a}-årig"),
    st.builds(lambda n, y: f"L {n}/{y}", st.integers(1, 2999), st.integers(1950, 2099)),
    st.builds(lambda n, d: f"lov nr. {n} af {d.day}. {MONTHS[d.month - 1]} {d.year}", _n, _dates),
    st.builds(lambda n, y: f"PM {n}-{y:02d}", st.integers(1, 199), st.integers(0, 99)),
    st.integers(0, 10**7).map(lambda k: f"kr. {k:,}".replace(",", ".")),
    st.integers(1, 53).map(lambda w: f"uge {w}"),
)


separators = st.sampled_from([", ", " og ", ". ", " i ", "; ", " (", ") ", "\n", ": "])


@FAST
@given(st.lists(st.tuples(safe_tokens, separators), max_size=8))
@example([("L 1160/2021", " og "), ("PM 58-18", ", "), ("2022-01-01", " og "), ("1. januar 2022", ".")])
@example([("1. januar 2000", "\n"), ("2000", ", ")])  # two years on two lines were read as a phone number
def test_paragraphs_dates_ages_and_law_numbers_are_kept(parts):
    text = "Borgeren " + "".join(tok + sep for tok, sep in parts)
    assert redact(text) == text


pii_words = st.sampled_from(
    [
        "010190-1234",
        "0101901234",
        "010190 1234",
        "12345678",
        "12 34 56 78",
        "1234 5678",
        "+45",
        "0045",
        "a@b.dk",
        "@",
        ".",
        "-",
        "–",
        " ",
        "",
        "0",
        "1",
        "12",
        "2022-01-01",
        "L 1160/2021",
        "x",
        "[CPR-nummer]",
    ]
)


@FAST
@given(st.one_of(st.text(max_size=200), st.lists(pii_words, max_size=25).map("".join)))
@example("12345678 0101901234")
@example("a@b.12345678")
def test_redact_is_idempotent(text):
    once = redact(text)
    assert redact(once) == once


@FAST
@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.binary(max_size=50),
        st.text(max_size=300),
        st.lists(st.text(max_size=5), max_size=3),
    ),
    st.integers(min_value=1, max_value=400),
)
@example(b"\xff\xfe", 100)
@example("\x00hej", 100)
@example("\ud800", 100)
@example(" \u2028\t ", 100)
def test_clean_question_normalises_or_raises_input_error(value, max_chars):
    try:
        q = clean_question(value, max_chars)
    except InputError as exc:
        assert str(exc) and str(exc)[0].isupper(), "a Danish sentence for the user"
        return
    assert isinstance(q, str)
    assert q == " ".join(q.split()), "whitespace is normalised"
    assert 0 < len(q) <= max_chars
    assert any(c.isalnum() for c in q)
    assert clean_question(q, max_chars) == q, "cleaning is idempotent"


@FAST
@given(st.text(max_size=400))
def test_text_analysis_never_fails(text):
    assert language_of(text) in {"da", "en", "other", "unknown"}
    for w in words(text):
        assert w and w == w.strip()
    fold(text)


analyzer = Analyzer(["forlob", "ressource", "ressourceforlob", "plan", "team", "rehabilitering", "ydelse"])


@FAST
@given(
    st.lists(st.sampled_from(["forlob", "ressource", "s", "plan", "team", "ydelse", "x", "e"]), max_size=30).map(
        "".join
    )
    | st.text(max_size=200)
)
@example("forlob" * 1000)  # compound splitting recursed once per part: RecursionError
def test_compound_splitting_of_any_word(text):
    terms = analyzer.terms(text)
    assert all(isinstance(t, str) and 0 < w <= 1.0 for t, w in terms)
