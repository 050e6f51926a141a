"""Property-based tests of unit files (`assistant.units`): Markdown with YAML front matter.

A unit written by `dump_unit` reads back as the same unit (the index's content hash
depends on it), and any file content gives a Unit or a CorpusError naming the file.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given, settings
from hypothesis import strategies as st

from assistant.corpus.units import Unit, dump_unit, parse_unit
from assistant.errors import CorpusError

FAST = settings(max_examples=200, deadline=None)

texts = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=80)
dates = st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)))


@st.composite
def units(draw) -> Unit:
    day = draw(dates)
    return Unit(
        id=draw(st.from_regex(r"[a-z0-9][a-z0-9-]{0,30}", fullmatch=True)),
        ref=draw(
            st.sampled_from(
                [
                    "LAB § 114, stk. 3",
                    "L 1160/2021 § 7",
                    "PM 58-18",
                    "Praksisnotat 2022, sag 7",
                    "BIF 2020-06-10, afsnit Varighed",
                    "Praksisnotat 2022, afsnit æ ø å",
                ]
            )
        ),
        title=draw(texts),
        kind=draw(st.sampled_from(["lov", "principmeddelelse", "dokument", "svar"])),
        source=draw(texts),
        source_title=draw(st.one_of(st.none(), texts)),
        date=day,
        valid_from=day if draw(st.booleans()) else draw(dates),  # the same date object twice: YAML may alias it
        valid_to=draw(dates),
        url=draw(st.one_of(st.none(), st.just("https://www.retsinformation.dk/eli/lta/2019/548"))),
        summary=draw(st.booleans()),
        visibility=draw(st.sampled_from(["public", "internal"])),
        note=draw(st.one_of(st.none(), texts)),
        text=draw(texts.filter(str.strip)),
    )


@FAST
@given(units())
@example(Unit(id="a", ref="PM 58-18", title="t", kind="lov", source="s", note="\x85", text="x"))  # came back as " "
@example(Unit(id="a", ref="PM 58-18", title="a\u2028b", kind="lov", source="s", text="x"))
def test_a_dumped_unit_reads_back_the_same(unit):
    again = parse_unit(dump_unit(unit), "u.md")
    assert again == unit
    assert again.content_hash == unit.content_hash


@FAST
@given(
    st.one_of(
        st.text(max_size=200),
        st.builds(lambda head, body: f"---\n{head}\n---\n{body}", st.text(max_size=120), st.text(max_size=40)),
        st.lists(
            st.sampled_from(
                [
                    "---\n",
                    "id: a\n",
                    "ref: LAB § 1\n",
                    "ref: nonsens\n",
                    "title: T\n",
                    "kind: lov\n",
                    "kind: roman\n",
                    "source: s\n",
                    "date: 2021-02-30\n",
                    "date: !!int ''\n",
                    "text\n",
                    "[[[[\n",
                    "a: &a [*a]\n",
                    "{[a]: 1}\n",
                    "x: " + "9" * 5000 + "\n",
                    "\x00",
                    ": :\n",
                ]
            ),
            max_size=15,
        ).map("".join),
    )
)
@example("---\na: " + "[" * 5000 + "]" * 5000 + "\n---\nx")  # deep nesting: was a RecursionError
@example("---\nid: a\nref: LAB § 1\ntitle: t\nkind: lov\nsource: s\ndate: !!int ''\n---\ntekst")
def test_any_file_content_is_a_unit_or_a_corpus_error(text):
    try:
        unit = parse_unit(text, "corpus/x.md")
    except CorpusError as exc:
        assert str(exc).startswith("corpus/x.md: ")
        return
    assert unit.text and unit.text == unit.text.strip()
